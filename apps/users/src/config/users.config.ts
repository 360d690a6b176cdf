import { z } from 'zod';

import { envPort, natsEnv, postgresEnv, redisEnv, serviceEnv } from '@exchange/shared-util-config';

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().positive().max(max).default(fallback);

/** The users service's environment; see README.md for the table. */
const usersEnv = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(3001),
  ...natsEnv,
  ...postgresEnv('exchange_users'),
  ...redisEnv,
  /** How long an API key's row stays cached in Redis for the gateway's per-request lookup. */
  API_KEY_CACHE_TTL_SECONDS: positiveInt(60, 3600),
  /** Ed25519 private key signing access tokens: PKCS#8 PEM or a JWK (JSON). Required in production. */
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_ISSUER: z.string().min(1).default('exchange-users'),
  JWT_AUDIENCE: z.string().min(1).default('exchange'),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900, 900),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt(30 * 24 * 3600, 365 * 24 * 3600),
  /** Key-encryption key for HMAC API-key secrets and TOTP secrets: 32 bytes, base64. Required in production. */
  SECRETS_KEK: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, { message: 'expected 32 bytes in base64' })
    .optional(),
  /** Previous key-encryption keys (comma-separated, base64), still accepted for opening while secrets are rotated. */
  SECRETS_KEK_PREVIOUS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.every((key) => Buffer.from(key, 'base64').length === 32), {
      message: 'expected comma-separated 32-byte keys in base64',
    }),
  /** argon2id cost; strong by default (64 MiB, 3 passes, 4 lanes). Tests lower it. */
  ARGON2_MEMORY_KIB: positiveInt(65_536, 4_194_304),
  ARGON2_TIME_COST: positiveInt(3, 100),
  ARGON2_PARALLELISM: positiveInt(4, 64),
  /** Failed logins allowed per account before lockouts start; each further failure doubles the lock. */
  LOGIN_FREE_ATTEMPTS: positiveInt(5, 100),
  /** The same per client IP (IPv6: per /64); higher, since many people may share one address (NAT, offices). */
  LOGIN_IP_FREE_ATTEMPTS: positiveInt(20, 10_000),
  /** How long a failure count is remembered after the last failure (or after the lock it earned ends). */
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt(3600, 7 * 86_400),
  LOGIN_LOCK_BASE_SECONDS: positiveInt(30, 3600),
  LOGIN_LOCK_MAX_SECONDS: positiveInt(900, 86_400),
  MFA_ISSUER: z.string().min(1).max(64).default('Exchange'),
});

/** Production must bring its own signing key and key-encryption key; development and tests may go without. */
export const usersConfigSchema = usersEnv.superRefine((config, ctx) => {
  if (config.NODE_ENV !== 'production') return;
  for (const name of ['JWT_PRIVATE_KEY', 'SECRETS_KEK'] as const) {
    if (!config[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required in production' });
  }
});

export type UsersConfig = z.infer<typeof usersConfigSchema>;
