import { randomBytes } from 'node:crypto';

import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { describeServiceLifecycle } from '@exchange/shared-util-testing';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t_gateway_${process.pid}_${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
  await deleteKeysWithPrefix(redis);
  await redis.quit();
});

describeServiceLifecycle({
  service: 'gateway',
  entry: 'apps/gateway/src/main.ts',
  env: () => ({
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    NATS_STREAM_PREFIX: run,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${run}:`,
    GRPC_PORT: '0',
  }),
  readyChecks: ['nats', 'redis'],
  badVariable: { name: 'REDIS_URL', value: 'http://127.0.0.1:6379' },
});
