import { z } from 'zod';

import {
  envBoolean,
  envPort,
  natsEnv,
  postgresEnv,
  redisEnv,
  serviceEnv,
} from '@exchange/shared-util-config';

/**
 * One market's grid as market-data needs it to turn ticks and lots into decimal strings. Temporary:
 * the wallet's market reference data replaces this configuration later.
 */
export const marketConfigSchema = z.object({
  market: z.string().regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/),
  baseDecimals: z.number().int().min(0).max(36),
  quoteDecimals: z.number().int().min(0).max(36),
  tickSize: z.string().regex(/^[0-9]+(\.[0-9]+)?$/),
  stepSize: z.string().regex(/^[0-9]+(\.[0-9]+)?$/),
});

export type MarketConfig = z.infer<typeof marketConfigSchema>;

/** The demo markets, on the same grids as the wallet's seeded reference data (BTC 8, ETH 18, SOL 9, USDT 6 decimals). */
export const DEFAULT_MARKETS: readonly MarketConfig[] = [
  { market: 'BTC-USDT', baseDecimals: 8, quoteDecimals: 6, tickSize: '0.01', stepSize: '0.0001' },
  { market: 'ETH-USDT', baseDecimals: 18, quoteDecimals: 6, tickSize: '0.01', stepSize: '0.0001' },
  { market: 'SOL-USDT', baseDecimals: 9, quoteDecimals: 6, tickSize: '0.01', stepSize: '0.001' },
  { market: 'ETH-BTC', baseDecimals: 18, quoteDecimals: 8, tickSize: '0.000001', stepSize: '0.01' },
];

const marketsEnv = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return [...DEFAULT_MARKETS];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON array of markets' });
      return z.NEVER;
    }
    const parsed = z.array(marketConfigSchema).min(1).safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `bad market list: ${parsed.error.issues[0]?.message ?? ''}` });
      return z.NEVER;
    }
    return parsed.data;
  });

/** The market-data service's environment; see README.md for the table. */
export const marketDataConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(3004),
  ...natsEnv,
  ...postgresEnv('exchange_market_data'),
  ...redisEnv,
  MARKET_DATA_MARKETS: marketsEnv,
  MARKET_DATA_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('market-data'),
  MARKET_DATA_DEPTH_LEVELS: z.coerce.number().int().min(5).max(5000).default(1000),
  MARKET_DATA_RECENT_TRADES: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Also publish every trade on its own on `md.<market>.trade` (v1): for a rolling deploy with older gateways. */
  MARKET_DATA_TRADE_V1: envBoolean(false),
  /**
   * How long applied messages without trades wait for more before their commit (0: commit at once). Their depth diffs
   * are already published; what waits is the store, the Redis snapshot and the acknowledgement. A message with
   * trades commits at once, with whatever waits (docs/market-data.md, "Book-only commits wait").
   */
  MARKET_DATA_BOOK_COMMIT_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(20),
});

export type MarketDataConfig = z.infer<typeof marketDataConfigSchema>;
