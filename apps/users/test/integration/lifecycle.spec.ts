import { randomBytes } from 'node:crypto';

import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { describeServiceLifecycle } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const run = `t_users_${process.pid}_${randomBytes(3).toString('hex')}`;

beforeAll(() => createDatabase(SERVER_URL, run));
afterAll(() => dropDatabase(SERVER_URL, run));

describeServiceLifecycle({
  service: 'users',
  entry: 'apps/users/src/main.ts',
  env: () => ({
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    NATS_STREAM_PREFIX: run,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `${run}:`,
  }),
  readyChecks: ['postgres', 'nats', 'redis'],
  badVariable: { name: 'DATABASE_URL', value: 'mysql://x' },
});
