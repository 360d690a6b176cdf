import { randomBytes } from 'node:crypto';

import { connect } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { describeServiceLifecycle } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t_market_data_${process.pid}_${randomBytes(3).toString('hex')}`;

beforeAll(() => createDatabase(SERVER_URL, run));
afterAll(() => dropDatabase(SERVER_URL, run));

afterAll(async () => {
  // The service creates the run's EVT stream and its durable consumer at start-up.
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  await new JetStreamAdmin(await nc.jetstreamManager(), new NatsNames(run)).deleteStream(STREAMS.EVT.name);
  await nc.drain();
});

afterAll(async () => {
  const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
  await deleteKeysWithPrefix(redis);
  await redis.quit();
});

describeServiceLifecycle({
  service: 'market-data',
  entry: 'apps/market-data/src/main.ts',
  env: () => ({
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    NATS_STREAM_PREFIX: run,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${run}:`,
  }),
  readyChecks: ['postgres', 'nats', 'redis'],
  badVariable: { name: 'LOG_LEVEL', value: 'chatty' },
});
