import { z } from 'zod';

import { hostname } from 'node:os';

import { envBoolean, envPort, natsEnv, postgresEnv, serviceEnv } from '@exchange/shared-util-config';

const MARKET = /^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/;

/** A comma-separated list of market ids, each like `BTC-USDT`, without repeats. */
const marketList = z
  .string()
  .default('BTC-USDT,ETH-USDT')
  .transform((text) =>
    text
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m.length > 0),
  )
  .refine((markets) => markets.length > 0, { message: 'expected at least one market' })
  .refine((markets) => markets.every((m) => MARKET.test(m)), {
    message: 'expected market ids like BTC-USDT, comma-separated',
  })
  .refine((markets) => new Set(markets).size === markets.length, { message: 'a market is listed twice' });

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().positive().max(max).default(fallback);

/** The matching service's environment; see README.md for the table. */
export const matchingConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(3003),
  ...natsEnv,
  ...postgresEnv('exchange_matching'),
  MATCHING_MARKETS: marketList,
  MATCHING_BATCH_MAX: positiveInt(2_000, 100_000),
  MATCHING_SNAPSHOT_EVERY: positiveInt(100_000, 100_000_000),
  MATCHING_SNAPSHOT_HISTORY: positiveInt(5, 64),
  /** Elect one leader per shard through a lease in NATS KV; off, the pod writes its markets at once. */
  MATCHING_LEADER_ELECTION: envBoolean(true),
  MATCHING_SHARD: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'expected lower-case letters, digits and -' })
    .default('main'),
  /** This pod in the lease (the pod name on Kubernetes). */
  MATCHING_INSTANCE_ID: z.string().min(1).max(253).default(`${hostname()}-${process.pid}`),
  /** A dead leader's lease lapses this long after its last renewal; renewed every third of it. */
  MATCHING_LEASE_TTL_MS: z.coerce.number().int().min(1_000).max(300_000).default(10_000),
});

export type MatchingConfig = z.infer<typeof matchingConfigSchema>;
