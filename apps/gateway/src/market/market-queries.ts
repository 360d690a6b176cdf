import { type MarketQueryParser } from './market-query.parser';

// The history reads' queries from their parameters, shared by REST (the query string) and gRPC (a request's fields
// as strings), so that both check them alike: the same ranges, the same codes.

const LIMIT = { min: 1, max: 1000 };
const TIME = { min: 0, max: Number.MAX_SAFE_INTEGER };

/** `GET /api/v3/trades`: the most recent trades. */
export const tradesQuery = (q: MarketQueryParser) => ({
  symbol: q.symbol(),
  limit: q.integer('limit', LIMIT),
});

/** `GET /api/v3/historicalTrades`: trades from `fromId` on. */
export const historicalTradesQuery = (q: MarketQueryParser) => ({
  symbol: q.symbol(),
  fromId: q.integer('fromId', TIME),
  limit: q.integer('limit', LIMIT),
});

/** `GET /api/v3/aggTrades`. */
export const aggTradesQuery = (q: MarketQueryParser) => ({
  symbol: q.symbol(),
  fromId: q.integer('fromId', TIME),
  startTime: q.integer('startTime', TIME),
  endTime: q.integer('endTime', TIME),
  limit: q.integer('limit', LIMIT),
});

/** `GET /api/v3/klines` and `uiKlines`. */
export const klinesQuery = (q: MarketQueryParser) => ({
  symbol: q.symbol(),
  interval: q.interval(),
  startTime: q.integer('startTime', TIME),
  endTime: q.integer('endTime', TIME),
  limit: q.integer('limit', LIMIT),
});
