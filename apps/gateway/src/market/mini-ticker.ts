import { type TickerWindowReply } from '@exchange/shared-contracts';

/** Binance's `type=MINI` ticker: the window's prices, volumes, times and trade ids, without changes or book. */
export type MiniTicker = Pick<
  TickerWindowReply,
  | 'symbol'
  | 'openPrice'
  | 'highPrice'
  | 'lowPrice'
  | 'lastPrice'
  | 'volume'
  | 'quoteVolume'
  | 'openTime'
  | 'closeTime'
  | 'firstId'
  | 'lastId'
  | 'count'
>;

/** The MINI form of a 24-hour or window ticker (`ticker/24hr`, `ticker`, `ticker/tradingDay` with `type=MINI`). */
export function miniTicker(t: MiniTicker): MiniTicker {
  return {
    symbol: t.symbol,
    openPrice: t.openPrice,
    highPrice: t.highPrice,
    lowPrice: t.lowPrice,
    lastPrice: t.lastPrice,
    volume: t.volume,
    quoteVolume: t.quoteVolume,
    openTime: t.openTime,
    closeTime: t.closeTime,
    firstId: t.firstId,
    lastId: t.lastId,
    count: t.count,
  };
}
