import { randomBytes } from 'node:crypto';

import { connect } from 'nats';

import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { describeServiceLifecycle } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const run = `t_matching_${process.pid}_${randomBytes(3).toString('hex')}`;

beforeAll(() => createDatabase(SERVER_URL, run));
afterAll(async () => {
  await dropDatabase(SERVER_URL, run);
  // The service created its streams, snapshot and lease buckets under the run prefix at start-up.
  const nc = await connect({ servers: NATS_URL });
  await new JetStreamAdmin(await nc.jetstreamManager(), new NatsNames(run)).deleteAllWithPrefix();
  await nc.close();
});

describeServiceLifecycle({
  service: 'matching',
  entry: 'apps/matching/src/main.ts',
  env: () => ({
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
  }),
  readyChecks: ['postgres', 'nats', 'matching'],
  badVariable: { name: 'NATS_URL', value: '127.0.0.1:4222' },
});
