import { z } from 'zod';

import { envBoolean } from '@exchange/shared-util-config';

/** The gateway's HTTP hardening settings (security headers, CORS, JSON depth); see README.md. */
export const httpHardeningEnv = {
  /**
   * Origins (scheme://host[:port], comma-separated) whose pages may call the API from a browser. Empty: no CORS
   * headers at all, so only pages of the gateway's own origin can (the web build it serves, or a proxy in front).
   */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim().replace(/\/$/, ''))
        .filter((origin) => origin !== ''),
    )
    .refine((origins) => origins.every((origin) => /^https?:\/\/[^/?#\s*]+$/.test(origin)), {
      message: 'each origin is scheme://host[:port], without a path or wildcard',
    }),
  /** `Strict-Transport-Security: max-age=<n>; includeSubDomains` when above 0: set it only behind TLS. */
  HSTS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(0),
  /** Deepest nesting of objects and arrays a JSON body may have (deeper: 400 -1102). */
  JSON_MAX_DEPTH: z.coerce.number().int().min(1).max(1000).default(32),
};

export interface HttpHardeningConfig {
  CORS_ORIGINS: string[];
  HSTS_MAX_AGE_SECONDS: number;
  JSON_MAX_DEPTH: number;
}

/** The lean read path and its access log (`lean-reads.ts`, `access-log.ts`). */
export const leanReadsEnv = {
  /** Whether `/api/v3/ping`, `time`, `depth` and the tickers are answered before Express routes them. */
  HTTP_LEAN_READS: envBoolean(true),
  /**
   * Whether `POST /api/v3/order` and the signed cancels and amends (`LEAN_TRADING_HANDLERS`) are answered before
   * Express routes them (same checks, logs, metrics and span).
   */
  HTTP_LEAN_ORDERS: envBoolean(true),
  /** A lean read answered at least this slowly (ms) is logged on its own line, like every refusal. */
  ACCESS_LOG_SLOW_MS: z.coerce.number().min(0).default(250),
  /** How often successful lean reads are logged as one summary line per route and status; 0: each alone. */
  ACCESS_LOG_SUMMARY_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /**
   * How the lean trading routes' successful calls (orders, cancels, amends) are logged: `each` (a `request completed`
   * line per call, as every other route) or `summary` (counted like the lean reads; refused and slow ones still one
   * line each).
   */
  ACCESS_LOG_ORDERS: z.enum(['each', 'summary']).default('each'),
};
