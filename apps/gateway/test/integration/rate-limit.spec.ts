import { randomBytes } from 'node:crypto';

import { createRedisClient, deleteKeysWithPrefix, type Redis } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t_gw_rl_${process.pid}_${randomBytes(3).toString('hex')}`;
const LIMIT = 20;
const SYNC_MS = 50;

/**
 * Request weight counted in-process by two gateway pods on the same Redis keys (RequestWeightService): each pod
 * admits under the limit without waiting on Redis, sends its count with the next sync, and a pod whose count is
 * over the limit, or stale, asks Redis, so the two together stop the client at the limit.
 */
describe('gateway request weight over two pods', () => {
  const gateways: ServiceProcess[] = [];
  const bases: string[] = [];
  let redis: Redis;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const gateway = startServiceProcess('apps/gateway/src/main.ts', {
        HTTP_PORT: '0',
        NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
        NATS_STREAM_PREFIX: run,
        REDIS_URL,
        REDIS_KEY_PREFIX: `${run}:`,
        RATE_LIMIT_WEIGHT_PER_MINUTE: String(LIMIT),
        RATE_LIMIT_SYNC_MS: String(SYNC_MS),
        GRPC_PORT: '0',
      });
      gateways.push(gateway);
      const listening = await gateway.waitForLog((line) => line.msg === 'listening');
      bases.push(`http://127.0.0.1:${listening.port as number}`);
    }
    redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  });

  /** The weight Redis holds for this client in the current minute (every pod's synced count). */
  async function redisWeight(): Promise<number> {
    const keys = (await redis.keys(`${run}:rl:ip:*`)).filter((k) => /:\d+$/.test(k));
    const values = await Promise.all(keys.map((k) => redis.get(k.slice(run.length + 1))));
    return values.reduce((sum, v) => sum + Number(v ?? 0), 0);
  }

  const ping = (base: string) => fetch(`${base}/api/v3/ping`);

  it('stops a client at the limit across pods: each sees what the other counted', async () => {
    // The whole exchange of requests happens inside one minute window.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
    const [a, b] = bases as [string, string];

    for (let i = 1; i <= 15; i++) {
      const res = await ping(a);
      expect(res.status).toBe(200);
      expect(Number(res.headers.get('x-mbx-used-weight-1m'))).toBe(i);
    }
    // Pod A sends its count with its next sync.
    for (let i = 0; (await redisWeight()) < 15; i++) {
      if (i === 100) throw new Error(`pod A's count did not reach Redis: ${await redisWeight()}`);
      await new Promise((resolve) => setTimeout(resolve, SYNC_MS));
    }

    // Pod B has not counted this client: it asks Redis (15 + 1), then counts in-process up to the limit.
    const statuses: number[] = [];
    const used: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await ping(b);
      statuses.push(res.status);
      used.push(Number(res.headers.get('x-mbx-used-weight-1m')));
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(used).toEqual([16, 17, 18, 19, 20, 21]);

    // Pod A last heard 15 more than four syncs ago: it asks Redis, which has B's weight too.
    await new Promise((resolve) => setTimeout(resolve, 5 * SYNC_MS));
    const refused = await ping(a);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: -1003 });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
