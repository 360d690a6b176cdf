import { randomBytes } from 'node:crypto';

import { connect } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { describeServiceLifecycle } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const run = `t_wallet_${process.pid}_${randomBytes(3).toString('hex')}`;

beforeAll(() => createDatabase(SERVER_URL, run));
afterAll(async () => {
  await dropDatabase(SERVER_URL, run);
  // The wallet declares CMD and EVT (and its consumer) at start-up: remove this run's.
  const nc = await connect({ servers: NATS_URL });
  const admin = new JetStreamAdmin(await nc.jetstreamManager(), new NatsNames(run));
  await admin.deleteStream(STREAMS.CMD.name);
  await admin.deleteStream(STREAMS.EVT.name);
  await nc.drain();
});

describeServiceLifecycle({
  service: 'wallet',
  entry: 'apps/wallet/src/main.ts',
  env: () => ({
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
  }),
  readyChecks: ['postgres', 'nats'],
  badVariable: { name: 'HTTP_PORT', value: 'eighty' },
});
