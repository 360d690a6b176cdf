import { KLINE_INTERVALS, type KlineInterval } from '@exchange/shared-contracts';

/** Update speeds of Binance's depth streams: `@100ms`, or the default 1000 ms. */
export type DepthSpeedMs = 100 | 1000;
export const PARTIAL_DEPTH_LEVELS = [5, 10, 20] as const;
export type PartialDepthLevels = (typeof PARTIAL_DEPTH_LEVELS)[number];

/** The windows of Binance's rolling window ticker streams (`<symbol>@ticker_1h`, `!ticker_4h@arr`), in ms. */
export const TICKER_WINDOWS = { '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 } as const;
export type TickerWindow = keyof typeof TICKER_WINDOWS;

/** The streams of every market at once (no symbol). */
export type AllMarketsStreamSpec =
  { kind: 'allTickers' | 'allMiniTickers' } | { kind: 'allWindowTickers'; window: TickerWindow };

/** A parsed market stream name; `symbolId` is Binance's lower-case symbol (`btcusdt`). */
export type MarketStreamSpec =
  | { kind: 'depth'; symbolId: string; speedMs: DepthSpeedMs }
  | { kind: 'partialDepth'; symbolId: string; levels: PartialDepthLevels; speedMs: DepthSpeedMs }
  | { kind: 'trade' | 'aggTrade' | 'ticker' | 'miniTicker' | 'bookTicker' | 'avgPrice'; symbolId: string }
  | { kind: 'windowTicker'; symbolId: string; window: TickerWindow }
  | { kind: 'kline'; symbolId: string; interval: KlineInterval }
  | AllMarketsStreamSpec;

/** A user-data stream: its listen key (the stream's name) and the user it belongs to, looked up in Redis. */
export interface UserDataStreamSpec {
  kind: 'userData';
  listenKey: string;
  userId: string;
}

export type StreamSpec = MarketStreamSpec | UserDataStreamSpec;

export const ALL_TICKERS_STREAM = '!ticker@arr';
export const ALL_MINI_TICKERS_STREAM = '!miniTicker@arr';

const SIMPLE = new Set(['trade', 'aggTrade', 'ticker', 'miniTicker', 'bookTicker', 'avgPrice']);
const ALL_WINDOW_TICKERS = /^!ticker_(1h|4h|1d)@arr$/;

const isTickerWindow = (window: string): window is TickerWindow => Object.hasOwn(TICKER_WINDOWS, window);

export function isAllMarketsStream(spec: StreamSpec): spec is AllMarketsStreamSpec {
  return spec.kind === 'allTickers' || spec.kind === 'allMiniTickers' || spec.kind === 'allWindowTickers';
}
const SYMBOL_ID = /^[a-z0-9]{2,24}$/;

/**
 * Parses a stream name as Binance spells it. Names are case-sensitive like Binance's (`btcusdt@aggTrade`);
 * the symbol part must be lower case. Undefined for anything that is not one of the streams we serve.
 */
export function parseStreamName(name: string): MarketStreamSpec | undefined {
  if (name === ALL_TICKERS_STREAM) return { kind: 'allTickers' };
  if (name === ALL_MINI_TICKERS_STREAM) return { kind: 'allMiniTickers' };
  const all = ALL_WINDOW_TICKERS.exec(name);
  if (all) return { kind: 'allWindowTickers', window: all[1] as TickerWindow };
  const [symbolId, stream, speed, ...rest] = name.split('@');
  if (!symbolId || !stream || rest.length > 0 || !SYMBOL_ID.test(symbolId)) return undefined;
  if (stream === 'depth' || /^depth(5|10|20)$/.test(stream)) {
    const speedMs =
      speed === undefined ? 1000 : speed === '100ms' ? 100 : speed === '1000ms' ? 1000 : undefined;
    if (speedMs === undefined) return undefined;
    if (stream === 'depth') return { kind: 'depth', symbolId, speedMs };
    const levels = Number(stream.slice('depth'.length)) as PartialDepthLevels;
    return { kind: 'partialDepth', symbolId, levels, speedMs };
  }
  if (speed !== undefined) return undefined;
  if (SIMPLE.has(stream)) return { kind: stream as 'trade', symbolId };
  if (stream.startsWith('ticker_')) {
    const window = stream.slice('ticker_'.length);
    if (isTickerWindow(window)) return { kind: 'windowTicker', symbolId, window };
  }
  if (stream.startsWith('kline_')) {
    const interval = stream.slice('kline_'.length);
    if ((KLINE_INTERVALS as readonly string[]).includes(interval))
      return { kind: 'kline', symbolId, interval: interval as KlineInterval };
  }
  return undefined;
}
