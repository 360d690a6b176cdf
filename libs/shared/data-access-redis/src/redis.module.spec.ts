import { randomBytes } from 'node:crypto';
import { once } from 'node:events';

import { Test } from '@nestjs/testing';

import {
  createRedisClient,
  deleteKeysWithPrefix,
  REDIS,
  Redis,
  RedisHealthIndicator,
  RedisModule,
} from './redis.module';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe(RedisModule.name, () => {
  const keyPrefix = `t_redis_${process.pid}_${randomBytes(3).toString('hex')}:`;
  const raw = new Redis(REDIS_URL);

  afterAll(async () => {
    const cleaner = createRedisClient({ url: REDIS_URL, keyPrefix });
    await deleteKeysWithPrefix(cleaner);
    await cleaner.quit();
    expect(await raw.keys(`${keyPrefix}*`)).toEqual([]);
    await raw.quit();
  });

  it('prefixes keys, answers health and quits on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RedisModule.forRoot({ url: REDIS_URL, keyPrefix })],
    }).compile();
    await moduleRef.init();
    const sut = moduleRef.get<Redis>(REDIS);
    await sut.set('book:BTCUSDT', '1');
    expect(await raw.get(`${keyPrefix}book:BTCUSDT`)).toBe('1');
    await expect(moduleRef.get(RedisHealthIndicator).check()).resolves.toBeUndefined();
    const ended = once(sut, 'end');
    await moduleRef.close();
    await ended;
    expect(sut.status).toBe('end');
  });

  it('deletes only the keys under its prefix', async () => {
    const sut = createRedisClient({ url: REDIS_URL, keyPrefix });
    const outsider = `${keyPrefix.slice(0, -1)}x:other`;
    await raw.set(outsider, 'keep');
    await sut.mset('a', '1', 'b', '2');
    expect(await deleteKeysWithPrefix(sut)).toBeGreaterThanOrEqual(2);
    expect(await raw.get(outsider)).toBe('keep');
    await raw.del(outsider);
    await sut.quit();
  });

  it('refuses to delete without a prefix', async () => {
    const sut = createRedisClient({ url: REDIS_URL, keyPrefix: '' });
    await expect(deleteKeysWithPrefix(sut)).rejects.toThrow(/without a key prefix/);
    sut.disconnect();
  });
});
