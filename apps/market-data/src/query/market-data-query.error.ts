import { type MarketDataErrorCode } from '@exchange/shared-contracts';

/** A query that cannot be answered as asked; the controller's filter sends it as `RpcException({ code, message })`. */
export class MarketDataQueryError extends Error {
  override readonly name = 'MarketDataQueryError';

  constructor(
    readonly code: MarketDataErrorCode,
    message: string,
  ) {
    super(message);
  }
}
