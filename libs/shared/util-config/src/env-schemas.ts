import { z } from 'zod';

/** Environment variables are strings; these helpers turn them into checked values. */
export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const envUrl = (protocols: readonly string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      { message: `expected a URL with scheme ${protocols.join(' or ')}` },
    );

/** A prefix for names shared with other runs on the same server (streams, keys, databases). */
export const envNamePrefix = z
  .string()
  .regex(/^[A-Za-z0-9_]*$/, { message: 'expected letters, digits and underscores only' })
  .default('');

/** Settings every service has. */
export const serviceEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(10_000),
};

/** A service's own database; by default the local server's `<database>` that `tools/dev up` creates. */
export const postgresEnv = (database: string) => ({
  DATABASE_URL: envUrl(['postgres', 'postgresql'], `postgres://postgres@127.0.0.1:5432/${database}`),
  DATABASE_MIGRATIONS_RUN: envBoolean(true),
});

export const redisEnv = {
  REDIS_URL: envUrl(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]*$/, { message: 'expected letters, digits and _ : . - only' })
    .default('exchange:'),
};

export const natsEnv = {
  NATS_URL: envUrl(['nats', 'tls'], 'nats://127.0.0.1:4222'),
  NATS_STREAM_PREFIX: envNamePrefix,
};
