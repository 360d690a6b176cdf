/**
 * Users service benchmark: API-key lookups per second over NATS (uncached: first lookup of each key, PostgreSQL
 * then a Redis fill; cached: the same keys again, from Redis) and logins per second with the production argon2id
 * costs (64 MiB, t=3, p=4 unless ARGON2_* say otherwise). Starts the service as a real process on a scratch
 * database, Redis prefix and subject prefix, and removes them after.
 *
 *   node tools/run.cjs apps/users/bench/users.bench.ts [--keys 2000] [--logins 100] [--concurrency 32]
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';

import { USERS_SUBJECTS } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { measureCalls, startServiceProcess } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '2000' },
    logins: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '32' },
  },
});
const KEYS = Number(values.keys);
const LOGINS = Number(values.logins);
const CONCURRENCY = Number(values.concurrency);

const line = (name: string, r: { perSecond: number; p50: number; p99: number }) =>
  `${name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(7)}/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms`;

async function main(): Promise<void> {
  const run = `b_users_${process.pid}_${randomBytes(3).toString('hex')}`;
  const names = new NatsNames(run);
  await createDatabase(SERVER_URL, run);
  const service = startServiceProcess('apps/users/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${run}:`,
    HTTP_PORT: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    LOGIN_FREE_ATTEMPTS: '100',
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ARGON2_'))),
  });
  const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  const db = new Client({ connectionString: databaseUrl(SERVER_URL, run) });
  const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
  const call = (subject: string, data: unknown) => firstValueFrom(client.send(names.subject(subject), data));
  try {
    await service.waitForLog((l) => l.msg === 'listening');
    await client.connect();
    await db.connect();

    const email = 'bench@example.com';
    const password = 'tangerine-Orbit-4-lamps';
    const { userId } = (await call(USERS_SUBJECTS.signUp, { email, password })) as { userId: string };

    const publicKeyPem = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const apiKeys = Array.from({ length: KEYS }, () => randomBytes(32).toString('hex'));
    for (let i = 0; i < apiKeys.length; i += 500) {
      const batch = apiKeys.slice(i, i + 500);
      await db.query(
        `insert into api_keys (id, user_id, api_key, kind, label, permissions, ip_allow_list, public_key_pem, created_at)
         select gen_random_uuid(), $1, k, 'ED25519', 'bench', '{READ,TRADE}', '{}', $2, now() from unnest($3::text[]) k`,
        [userId, publicKeyPem, batch],
      );
    }
    await call(USERS_SUBJECTS.apiKey, { apiKey: apiKeys[0] }); // warm-up: compile paths, open pools
    await call(USERS_SUBJECTS.jwks, {});

    const lookup = (i: number) => call(USERS_SUBJECTS.apiKey, { apiKey: apiKeys[i]! });
    const uncached = await measureCalls(KEYS - 1, CONCURRENCY, (i) => lookup(i + 1));
    const cached = await measureCalls(KEYS - 1, CONCURRENCY, (i) => lookup(i + 1));
    const logins = await measureCalls(LOGINS, Math.min(CONCURRENCY, 8), () =>
      call(USERS_SUBJECTS.login, { email, password, client: { device: `bench-${randomUUID()}` } }),
    );

    const argon = (await db.query(`select password_hash from users where id = $1`, [userId])).rows[0]
      .password_hash as string;
    console.log(
      `users bench: ${KEYS} keys, ${LOGINS} logins, ${CONCURRENCY} in flight, ${cpus().length} CPUs`,
    );
    console.log(line('api-key lookup, uncached', uncached));
    console.log(line('api-key lookup, cached', cached));
    console.log(line(`login (${argon.split('$')[3]})`, logins));
  } finally {
    await client.close();
    await db.end().catch(() => undefined);
    await deleteKeysWithPrefix(redis).catch(() => undefined);
    await redis.quit();
    await service.stop();
    await dropDatabase(SERVER_URL, run);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
