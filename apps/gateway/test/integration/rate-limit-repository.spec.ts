import { randomBytes } from 'node:crypto';

import { createRedisClient, deleteKeysWithPrefix, type Redis } from '@exchange/shared-data-access-redis';

import { RateLimitRepository } from '../../src/rate-limit/rate-limit.repository';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The rate-limit scripts against a real Redis, under a key prefix of their own. */
describe(RateLimitRepository.name, () => {
  let redis: Redis;
  let sut: RateLimitRepository;

  beforeAll(() => {
    redis = createRedisClient({
      url: REDIS_URL,
      keyPrefix: `t_gw_rlrepo_${process.pid}_${randomBytes(3).toString('hex')}:`,
    });
    sut = new RateLimitRepository(redis);
  });

  afterAll(async () => {
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  });

  it('counts calls made in one tick in their order, refuses past the limit and bans after the refusals allowed', async () => {
    const policy = { limit: 10, banAfterRefusals: 3, banMs: 60_000, banMaxMs: 600_000 };
    const usages = await Promise.all(
      Array.from({ length: 20 }, () => sut.consume('ip:burst', 1, 60_000, policy)),
    );
    expect(usages.slice(0, 14).map((u) => u.used)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(usages.slice(0, 13).every((u) => u.bannedForMs === 0)).toBe(true);
    // The fourth refusal bans the key; banned calls are not counted.
    expect(usages[13]!.bannedForMs).toBe(60_000);
    expect(usages.slice(14).every((u) => u.used === 0 && u.bannedForMs > 0)).toBe(true);
    expect(usages[0]!.resetInMs).toBeGreaterThan(0);
    expect(usages[0]!.resetInMs).toBeLessThanOrEqual(60_000);
  });

  it("keeps keys apart, and adds a pod's counted weight to the window it names", async () => {
    const [a, b] = await Promise.all([
      sut.consume('orders:10s:u1', 1, 10_000),
      sut.consume('orders:1d:u1', 1, 86_400_000),
    ]);
    expect([a.used, b.used]).toEqual([1, 1]);
    // The current minute on Redis's clock, as a pod reckons it.
    const [seconds, micros] = await redis.time();
    const redisMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const windowStart = redisMs - (redisMs % 60_000);
    const first = await sut.consume('ip:sync', 2, 60_000);
    const { redisNow, answers } = await sut.add([{ key: 'ip:sync', windowStart, weight: 5 }], 60_000);
    expect(redisNow).toBeGreaterThanOrEqual(redisMs);
    // Unless the minute turned between the two calls, both counted in the same window.
    if (redisNow - (redisNow % 60_000) === windowStart)
      expect(answers).toEqual([{ total: 7, bannedForMs: 0 }]);
    else expect(first.used).toBe(2);
  });
});
