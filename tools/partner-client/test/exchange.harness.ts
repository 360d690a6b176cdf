import { type ApiKey, ExchangeHarness as WholeExchange } from '@exchange/shared-util-testing';

/**
 * The five services for the partner-client specs: the shared harness of `@exchange/shared-util-testing` on a
 * `t_pc_` run with BTC-USDT, the gateway serving gRPC on a free port (`grpc`). `stop()` removes everything the run
 * created.
 */
export class ExchangeHarness extends WholeExchange {
  constructor() {
    super({ tag: 'pc', markets: 'BTC-USDT' });
  }

  /** A partner as it gets a key: signed up, MFA on, an HMAC key with READ and TRADE, and `funds` from the faucet. */
  async partner(email: string, funds: Record<string, string>): Promise<ApiKey> {
    return (await this.fundedTrader(email, funds, { label: 'partner' })).key;
  }
}
