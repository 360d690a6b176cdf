import { z } from 'zod';

/**
 * Reply schemas of the market-data queries: what the gateway checks before it hands a reply to a client
 * unchanged. They mirror the reply types in `market-data-query.schema.ts` (Binance's REST shapes).
 */
const decimal = z.string().regex(/^\d+(\.\d+)?$/);
const ms = z.number().int().nonnegative();
const level = z.tuple([decimal, decimal]);

export const depthReplySchema = z.object({ lastUpdateId: ms, bids: z.array(level), asks: z.array(level) });

export const tradesReplySchema = z.array(
  z.object({
    id: ms,
    price: decimal,
    qty: decimal,
    quoteQty: decimal,
    time: ms,
    isBuyerMaker: z.boolean(),
    isBestMatch: z.literal(true),
  }),
);

export const aggTradesReplySchema = z.array(
  z.object({ a: ms, p: decimal, q: decimal, f: ms, l: ms, T: ms, m: z.boolean(), M: z.literal(true) }),
);

export const klinesReplySchema = z.array(
  z.tuple([
    ms,
    decimal,
    decimal,
    decimal,
    decimal,
    decimal,
    ms,
    decimal,
    ms,
    decimal,
    decimal,
    z.literal('0'),
  ]),
);

/** A signed decimal (a price change). */
const signedDecimal = z.string().regex(/^-?\d+(\.\d+)?$/);

/** The change over a ticker's window (first of its fields after the symbol). */
const tickerChange = {
  priceChange: signedDecimal,
  priceChangePercent: signedDecimal,
  weightedAvgPrice: decimal,
};

/** A ticker window's totals, times and trades (its last fields, in Binance's order). */
const tickerTotals = {
  volume: decimal,
  quoteVolume: decimal,
  openTime: ms,
  closeTime: ms,
  firstId: z.number().int(),
  lastId: z.number().int(),
  count: ms,
};

const tickerSchema = z.object({
  symbol: z.string(),
  ...tickerChange,
  prevClosePrice: decimal,
  lastPrice: decimal,
  lastQty: decimal,
  bidPrice: decimal,
  bidQty: decimal,
  askPrice: decimal,
  askQty: decimal,
  openPrice: decimal,
  highPrice: decimal,
  lowPrice: decimal,
  ...tickerTotals,
});

/** One ticker when asked for one `symbol`, an array otherwise. */
export const ticker24hrReplySchema = z.union([tickerSchema, z.array(tickerSchema)]);

/** `/api/v3/ticker` and `/api/v3/ticker/tradingDay`: one per symbol asked, in the order asked. */
export const tickerWindowReplySchema = z.array(
  z.object({
    symbol: z.string(),
    ...tickerChange,
    openPrice: decimal,
    highPrice: decimal,
    lowPrice: decimal,
    lastPrice: decimal,
    ...tickerTotals,
  }),
);

const tickerPriceSchema = z.object({ symbol: z.string(), price: decimal });

/** One when asked for one `symbol`, an array otherwise (as for the 24hr ticker). */
export const tickerPriceReplySchema = z.union([tickerPriceSchema, z.array(tickerPriceSchema)]);

const bookTickerSchema = z.object({
  symbol: z.string(),
  bidPrice: decimal,
  bidQty: decimal,
  askPrice: decimal,
  askQty: decimal,
});

export const bookTickerReplySchema = z.union([bookTickerSchema, z.array(bookTickerSchema)]);

export const avgPriceReplySchema = z.object({
  mins: z.number().int().positive(),
  price: decimal,
  closeTime: ms,
});
