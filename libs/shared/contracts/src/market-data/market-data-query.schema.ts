import { z } from 'zod';

import { KLINE_INTERVALS } from './market-data-subjects';

/**
 * Request schemas of the market-data queries (`MARKET_DATA_QUERIES`). `symbol` is the Binance symbol
 * (`BTCUSDT`) or the market id (`BTC-USDT`). Replies are shaped as Binance's REST answers
 * (/work/shared/BINANCE-API.md): the gateway returns them unchanged.
 */
const symbol = z.string().regex(/^[A-Z0-9]{2,12}-?[A-Z0-9]{2,12}$/);
const ms = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Up to 100 symbols, as Binance's `symbols=["A","B"]` takes them. */
const symbolList = z.array(symbol).min(1).max(100);

export const depthQuerySchema = z.object({
  symbol,
  limit: z.number().int().min(1).max(5000).default(100),
});

export const tradesQuerySchema = z.object({
  symbol,
  limit: z.number().int().min(1).max(1000).default(500),
});

export const aggTradesQuerySchema = z.object({
  symbol,
  fromId: ms.optional(),
  startTime: ms.optional(),
  endTime: ms.optional(),
  limit: z.number().int().min(1).max(1000).default(500),
});

export const klinesQuerySchema = z.object({
  symbol,
  interval: z.enum(KLINE_INTERVALS),
  startTime: ms.optional(),
  endTime: ms.optional(),
  limit: z.number().int().min(1).max(1000).default(500),
});

export const ticker24hrQuerySchema = z.object({
  symbol: symbol.optional(),
  symbols: symbolList.optional(),
});

/** Trades from id `fromId` upwards; without it the most recent `limit` (Binance `/api/v3/historicalTrades`). */
export const historicalTradesQuerySchema = z.object({
  symbol,
  fromId: ms.optional(),
  limit: z.number().int().min(1).max(1000).default(500),
});

/** One symbol, a list, or (neither) every market; `ticker/price` and `ticker/bookTicker` take the same. */
export const symbolsQuerySchema = z
  .object({
    symbol: symbol.optional(),
    symbols: symbolList.optional(),
  })
  .refine((q) => q.symbol === undefined || q.symbols === undefined, {
    message: 'symbol and symbols cannot be sent together',
  });

export const avgPriceQuerySchema = z.object({ symbol });

/** The longest rolling window Binance's `/api/v3/ticker` takes (`windowSize=7d`). */
export const MAX_TICKER_WINDOW_MS = 7 * 86_400_000;

/**
 * Statistics of a window that ends now, per symbol: a rolling window of `ms` (Binance's `/api/v3/ticker`: it opens on
 * the minute at or before now - ms) or the current trading day in a time zone `offsetMinutes` east of UTC
 * (`/api/v3/ticker/tradingDay`, -12:00 to +14:00).
 */
export const tickerWindowQuerySchema = z.object({
  symbols: symbolList,
  window: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rolling'), ms: z.number().int().min(60_000).max(MAX_TICKER_WINDOW_MS) }),
    z.object({ kind: z.literal('tradingDay'), offsetMinutes: z.number().int().min(-720).max(840) }),
  ]),
});

export type DepthQuery = z.infer<typeof depthQuerySchema>;
export type TradesQuery = z.infer<typeof tradesQuerySchema>;
export type AggTradesQuery = z.infer<typeof aggTradesQuerySchema>;
export type KlinesQuery = z.infer<typeof klinesQuerySchema>;
export type Ticker24hrQuery = z.infer<typeof ticker24hrQuerySchema>;
export type HistoricalTradesQuery = z.infer<typeof historicalTradesQuerySchema>;
export type SymbolsQuery = z.infer<typeof symbolsQuerySchema>;
export type AvgPriceQuery = z.infer<typeof avgPriceQuerySchema>;
export type TickerWindowQuery = z.infer<typeof tickerWindowQuerySchema>;

/** `[price, quantity]`, decimal strings. */
export type PriceLevel = [string, string];

export interface DepthReply {
  lastUpdateId: number;
  bids: PriceLevel[];
  asks: PriceLevel[];
}

export interface TradeReply {
  id: number;
  price: string;
  qty: string;
  quoteQty: string;
  time: number;
  isBuyerMaker: boolean;
  isBestMatch: true;
}

export interface AggTradeReply {
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
  M: true;
}

/** `[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, "0"]`. */
export type KlineReply = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

export interface Ticker24hrReply {
  symbol: string;
  priceChange: string;
  priceChangePercent: string;
  weightedAvgPrice: string;
  prevClosePrice: string;
  lastPrice: string;
  lastQty: string;
  bidPrice: string;
  bidQty: string;
  askPrice: string;
  askQty: string;
  openPrice: string;
  highPrice: string;
  lowPrice: string;
  volume: string;
  quoteVolume: string;
  openTime: number;
  closeTime: number;
  firstId: number;
  lastId: number;
  count: number;
}

/**
 * A window's statistics (Binance's `/api/v3/ticker` and `/api/v3/ticker/tradingDay`, type FULL; MINI leaves out
 * `priceChange`, `priceChangePercent` and `weightedAvgPrice`). No trade in the window: the prices are the last
 * trade's (zeros when none ever), `firstId` and `lastId` -1.
 */
export interface TickerWindowReply {
  symbol: string;
  priceChange: string;
  priceChangePercent: string;
  weightedAvgPrice: string;
  openPrice: string;
  highPrice: string;
  lowPrice: string;
  lastPrice: string;
  volume: string;
  quoteVolume: string;
  openTime: number;
  closeTime: number;
  firstId: number;
  lastId: number;
  count: number;
}

export interface TickerPriceReply {
  symbol: string;
  price: string;
}

export interface BookTickerReply {
  symbol: string;
  bidPrice: string;
  bidQty: string;
  askPrice: string;
  askQty: string;
}

/**
 * Binance's current average price: the volume-weighted price of the trades of the last `mins` minutes (the last
 * trade's price when none), and the time of the last trade.
 */
export interface AvgPriceReply {
  mins: number;
  price: string;
  closeTime: number;
}

/** `md.<market>.depth`: the levels that changed over update ids `U`..`u`, absolute quantities, `"0"` = removed. */
export interface DepthDiffMessage {
  market: string;
  symbol: string;
  E: number;
  U: number;
  u: number;
  bids: PriceLevel[];
  asks: PriceLevel[];
}

/** `md.<market>.trade` (v1): one trade per message. */
export interface TradeMessage {
  market: string;
  symbol: string;
  E: number;
  t: number;
  p: string;
  q: string;
  T: number;
  m: boolean;
}

/** One trade of a `TradesMessage`: id (the engine sequence), price, quantity, trade time, buyer is maker. */
export interface TradesMessageTrade {
  t: number;
  p: string;
  q: string;
  T: number;
  m: boolean;
}

/**
 * `md.<market>.trade.v2`: trades of one market in one message, ids ascending (consecutive messages continue the
 * order); `E` is the event time of them all. The same trades as `md.<market>.trade` would carry one by one.
 */
export interface TradesMessage {
  v: 2;
  market: string;
  symbol: string;
  E: number;
  trades: TradesMessageTrade[];
}

/** The v1 messages a `TradesMessage` stands for, in order. */
export function tradeMessagesOf(message: TradesMessage): TradeMessage[] {
  return message.trades.map((t) => ({ market: message.market, symbol: message.symbol, E: message.E, ...t }));
}

/** `md.<market>.kline.<interval>`: the candle after a batch touched it; `x` true once a later trade closed it. */
export interface KlineMessage {
  market: string;
  symbol: string;
  E: number;
  k: {
    t: number;
    T: number;
    s: string;
    i: string;
    o: string;
    c: string;
    h: string;
    l: string;
    v: string;
    n: number;
    x: boolean;
    q: string;
    V: string;
    Q: string;
  };
}

/** `md.<market>.ticker`: the 24h reply plus event time. */
export interface TickerMessage extends Ticker24hrReply {
  market: string;
  E: number;
}
