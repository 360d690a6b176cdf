/**
 * Market-data subjects.
 * Fan-out subjects are on core NATS and carry the run prefix (`NatsNames.subject`); queries are request/reply
 * `@MessagePattern` subjects in the `market-data` queue group.
 */
/** Binance's kline intervals: UTC buckets, weeks from Monday 00:00, months by calendar month. */
export const KLINE_INTERVALS = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
] as const;
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

export const MARKET_DATA_QUERIES = {
  depth: 'market-data.query.depth.v1',
  trades: 'market-data.query.trades.v1',
  aggTrades: 'market-data.query.agg-trades.v1',
  klines: 'market-data.query.klines.v1',
  ticker24hr: 'market-data.query.ticker-24hr.v1',
  historicalTrades: 'market-data.query.historical-trades.v1',
  tickerPrice: 'market-data.query.ticker-price.v1',
  bookTicker: 'market-data.query.book-ticker.v1',
  avgPrice: 'market-data.query.avg-price.v1',
  tickerWindow: 'market-data.query.ticker-window.v1',
} as const;

export const mdDepthSubject = (market: string): string => `md.${market}.depth`;
/**
 * `md.<market>.trade` (v1): one `TradeMessage` per trade. Market-data publishes it only while
 * `MARKET_DATA_TRADE_V1` is set (a rolling deploy with gateways that read nothing else); readers take both.
 */
export const mdTradeSubject = (market: string): string => `md.${market}.trade`;
/** `md.<market>.trade.v2`: a `TradesMessage`, the trades of one commit (up to `MAX_TRADES_PER_MESSAGE`) in one message. */
export const mdTradesSubject = (market: string): string => `md.${market}.trade.v2`;
/** At most this many trades in one `md.<market>.trade.v2` message (about 100 bytes each, far below NATS's 1 MB). */
export const MAX_TRADES_PER_MESSAGE = 1000;
export const mdTickerSubject = (market: string): string => `md.${market}.ticker`;
export const mdKlineSubject = (market: string, interval: KlineInterval): string =>
  `md.${market}.kline.${interval}`;
