import { randomBytes } from 'node:crypto';

import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t_gw_general_${process.pid}_${randomBytes(3).toString('hex')}`;

describe('gateway general endpoints, errors and rate limits', () => {
  let gateway: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    gateway = startServiceProcess('apps/gateway/src/main.ts', {
      HTTP_PORT: '0',
      NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      NATS_STREAM_PREFIX: run,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:`,
      RATE_LIMIT_WEIGHT_PER_MINUTE: '5',
      RATE_LIMIT_BAN_AFTER_REFUSALS: '3',
      RATE_LIMIT_BAN_MS: '1500',
      GRPC_PORT: '0',
    });
    const listening = await gateway.waitForLog((line) => line.msg === 'listening');
    base = `http://127.0.0.1:${listening.port as number}`;
  }, 90_000);

  afterAll(async () => {
    await gateway.stop();
    const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  });

  it("reports system maintenance (Binance's /sapi/v1/system/status) while no service behind it answers ready", async () => {
    // This gateway runs alone under its own prefix: the users, wallet, matching and market-data services of other
    // runs answer only under theirs.
    const res = await fetch(`${base}/sapi/v1/system/status`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 1, msg: 'system_maintenance' });
    expect(Number(res.headers.get('x-mbx-used-weight-1m'))).toBeGreaterThanOrEqual(1);
  });

  it('answers ping and time, counting request weight, then 429 with Retry-After past the limit', async () => {
    const ping = await fetch(`${base}/api/v3/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({});

    const before = Date.now();
    const time = await fetch(`${base}/api/v3/time`);
    const { serverTime } = (await time.json()) as { serverTime: number };
    expect(serverTime).toBeGreaterThanOrEqual(before - 1);
    expect(Number(time.headers.get('x-mbx-used-weight-1m'))).toBeGreaterThanOrEqual(2);

    let limited: Response | undefined;
    for (let i = 0; i < 10 && !limited; i++) {
      const res = await fetch(`${base}/api/v3/ping`);
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    expect(await limited!.json()).toMatchObject({ code: -1003 });
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }, 60_000);

  it('bans a client that keeps sending after 429s with 418, longer at each repeat', async () => {
    // Three 429s in a minute are tolerated (the previous spec's included), the next request is banned; the
    // minute may also turn between the specs, hence the 200s that may come first.
    const statuses: number[] = [];
    let banned: Response | undefined;
    for (let i = 0; i < 12 && !banned; i++) {
      const res = await fetch(`${base}/api/v3/ping`);
      statuses.push(res.status);
      if (res.status === 418) banned = res;
    }
    const refusals = statuses.filter((status) => status !== 200);
    expect(refusals[refusals.length - 1]).toBe(418);
    expect(refusals.slice(0, -1).every((status) => status === 429)).toBe(true);
    expect(refusals.length).toBeLessThanOrEqual(4);
    const body = (await banned!.json()) as { code: number; msg: string };
    expect(body.code).toBe(-1003);
    expect(body.msg).toMatch(/^Way too many requests; IP\(.+\) banned until \d+\./);
    expect(Number(banned!.headers.get('retry-after'))).toBe(2); // 1.5 s, rounded up
    // While banned, every request is refused without counting.
    expect((await fetch(`${base}/api/v3/time`)).status).toBe(418);

    // After the ban the minute may still be used up: the next ban of the same client lasts twice as long.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    let second: Response | undefined;
    for (let i = 0; i < 10 && !second; i++) {
      const res = await fetch(`${base}/api/v3/ping`);
      if (res.status === 418) second = res;
      else if (res.status === 200) return; // a new minute began during the ban: nothing more to see here
    }
    expect(Number(second!.headers.get('retry-after'))).toBe(3);
  }, 60_000);

  it('answers an unknown path with a Binance-style error body', async () => {
    const res = await fetch(`${base}/api/v3/no-such-endpoint`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: -1000, msg: 'Not found.' });
  });

  it('keeps health outside the API rate limit', async () => {
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
