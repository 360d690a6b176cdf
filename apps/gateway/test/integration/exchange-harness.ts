import { ExchangeHarness as WholeExchange, signedPayload } from '@exchange/shared-util-testing';

export { eventually, freshCode, type HttpAnswer, PASSWORD, type Trader } from '@exchange/shared-util-testing';

/**
 * The gateway specs' exchange: the shared harness of `@exchange/shared-util-testing` (every service a real process
 * on a fresh run prefix, BTC-USDT and ETH-USDT), with the gateway's environment first and every service's second.
 */
export class ExchangeHarness extends WholeExchange {
  /** The signed parameter string as ccxt builds it (`signedPayload` of the shared harness). */
  static readonly signedPayload = signedPayload;

  constructor(gatewayEnv: Record<string, string> = {}, serviceEnv: Record<string, string> = {}) {
    super({ tag: 'gw', env: { gateway: gatewayEnv }, commonEnv: serviceEnv });
  }
}
