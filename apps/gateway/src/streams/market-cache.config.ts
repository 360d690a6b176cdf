import { z } from 'zod';

/** The gateway's in-memory market data for REST reads (`MarketCacheService`), part of `gatewayConfigSchema`. */
export const marketCacheEnv = {
  /**
   * Levels per side market-data keeps in its depth snapshot (market-data's own `MARKET_DATA_DEPTH_LEVELS`; set both
   * alike, or this one lower). A snapshot side this long may have been cut, so the book copy answers only depths
   * that lie above its last level; a shorter side is the whole side.
   */
  MARKET_DATA_DEPTH_LEVELS: z.coerce.number().int().min(5).max(5000).default(1000),
  /**
   * How often a book copy and the ticker copy are checked against market-data (what it has stored): a depth diff or
   * ticker lost on core NATS is served at most for about this long. 0 turns the REST cache off (every read asks
   * market-data).
   */
  MARKET_CACHE_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** A market's book copy (and the tickers) kept for REST reads is dropped after this long without one. */
  MARKET_CACHE_IDLE_MS: z.coerce.number().int().min(1_000).default(60_000),
};

export type MarketCacheConfig = { [K in keyof typeof marketCacheEnv]: z.infer<(typeof marketCacheEnv)[K]> };
