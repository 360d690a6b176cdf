/**
 * Market-data subjects.
 * Fan-out subjects are on core NATS and carry the run prefix (`NatsNames.subject`); queries are request/reply
 * `@MessagePattern` subjects in the `market-data` queue group.
 */
export const KLINE_INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

export const MARKET_DATA_QUERIES = {
  depth: 'market-data.query.depth.v1',
  trades: 'market-data.query.trades.v1',
  aggTrades: 'market-data.query.agg-trades.v1',
  klines: 'market-data.query.klines.v1',
  ticker24hr: 'market-data.query.ticker-24hr.v1',
} as const;

export const mdDepthSubject = (market: string): string => `md.${market}.depth`;
export const mdTradeSubject = (market: string): string => `md.${market}.trade`;
export const mdTickerSubject = (market: string): string => `md.${market}.ticker`;
export const mdKlineSubject = (market: string, interval: KlineInterval): string =>
  `md.${market}.kline.${interval}`;
