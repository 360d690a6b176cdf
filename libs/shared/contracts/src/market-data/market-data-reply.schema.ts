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

const tickerSchema = z.object({
  symbol: z.string(),
  priceChange: z.string().regex(/^-?\d+(\.\d+)?$/),
  priceChangePercent: z.string().regex(/^-?\d+(\.\d+)?$/),
  weightedAvgPrice: decimal,
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
  volume: decimal,
  quoteVolume: decimal,
  openTime: ms,
  closeTime: ms,
  firstId: z.number().int(),
  lastId: z.number().int(),
  count: ms,
});

/** One ticker when asked for one `symbol`, an array otherwise. */
export const ticker24hrReplySchema = z.union([tickerSchema, z.array(tickerSchema)]);

/** `/api/v3/ticker` and `/api/v3/ticker/tradingDay`: one per symbol asked, in the order asked. */
export const tickerWindowReplySchema = z.array(
  z.object({
    symbol: z.string(),
    priceChange: z.string().regex(/^-?\d+(\.\d+)?$/),
    priceChangePercent: z.string().regex(/^-?\d+(\.\d+)?$/),
    weightedAvgPrice: decimal,
    openPrice: decimal,
    highPrice: decimal,
    lowPrice: decimal,
    lastPrice: decimal,
    volume: decimal,
    quoteVolume: decimal,
    openTime: ms,
    closeTime: ms,
    firstId: z.number().int(),
    lastId: z.number().int(),
    count: ms,
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
