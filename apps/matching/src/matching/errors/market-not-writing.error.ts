import { type MarketWriterState } from '../market-writer';

/** An operator's request needs the market's writer running, and it is not (fenced, failed, recovering, stopped). */
export class MarketNotWritingError extends Error {
  override readonly name = 'MarketNotWritingError';

  constructor(
    readonly market: string,
    readonly state: MarketWriterState,
  ) {
    super(`${market}: the market's writer is ${state}, not running`);
  }
}
