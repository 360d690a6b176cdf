import { type Err } from '@exchange/shared-domain-money';

/**
 * A rejection the caller caused (bad input, unknown market, insufficient funds…), with a numbered code:
 * money 1xxx and wallet domain 2xxx codes pass through, app codes are `WALLET_RPC_ERRORS` (29xx).
 * The edge filter turns it into `RpcException({ code, message })`.
 */
export class WalletError extends Error {
  override readonly name = 'WalletError';

  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  static from(rejection: Err<number>): WalletError {
    return new WalletError(rejection.code, rejection.message);
  }
}
