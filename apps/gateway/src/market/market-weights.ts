// Binance's request weights of the market reads, shared by REST, the WebSocket API and gRPC.

/** A depth snapshot of `limit` levels (100 when not given): the weight grows with the limit. */
export function depthWeight(limit: number): number {
  return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
}

/** Binance's request weight of the 24-hour ticker of `markets` markets (0: every market). */
export function dayTickerWeight(markets: number): number {
  return markets === 0 || markets > 100 ? 80 : markets > 20 ? 40 : 2;
}

/** Binance's request weight of a rolling window or trading day ticker: 4 a market, 200 for more than 50. */
export function windowTickerWeight(markets: number): number {
  return markets > 50 ? 200 : 4 * Math.max(1, markets);
}
