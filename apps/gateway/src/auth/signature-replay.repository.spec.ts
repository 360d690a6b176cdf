import { type Redis } from '@exchange/shared-data-access-redis';

import { SignatureReplayRepository } from './signature-replay.repository';

/** A Redis whose pipelines answer `SET NX` from a set of keys (or fail as told), recording each pipeline. */
function fakeRedis(fail: { command?: string; exec?: boolean } = {}) {
  const keys = new Set<string>();
  const pipelines: string[][] = [];
  const singles: string[] = [];
  const redis = {
    async set(key: string, _value: string, px: string, ttl: number, nx: string) {
      singles.push(`${key} ${px} ${ttl} ${nx}`);
      if (fail.exec) throw new Error('connection lost');
      if (key === fail.command) throw new Error('OOM');
      if (keys.has(key)) return null;
      keys.add(key);
      return 'OK';
    },
    pipeline() {
      const commands: string[] = [];
      pipelines.push(commands);
      const pipeline = {
        set(key: string, _value: string, px: string, ttl: number, nx: string) {
          commands.push(`${key} ${px} ${ttl} ${nx}`);
          return pipeline;
        },
        exec: async () => {
          if (fail.exec) throw new Error('connection lost');
          return commands.map((command) => {
            const key = command.split(' ')[0]!;
            if (key === fail.command) return [new Error('OOM'), null];
            if (keys.has(key)) return [null, null];
            keys.add(key);
            return [null, 'OK'];
          });
        },
      };
      return pipeline;
    },
  };
  return { redis: redis as unknown as Redis, pipelines, singles };
}

describe(SignatureReplayRepository.name, () => {
  it('sends the claims of one turn as one pipeline and answers each in order', async () => {
    const { redis, pipelines } = fakeRedis();
    const sut = new SignatureReplayRepository(redis);
    const answers = await Promise.all([sut.claim('a', 5_000), sut.claim('b', 6_000), sut.claim('a', 5_000)]);
    expect(answers).toEqual([true, true, false]);
    expect(pipelines).toHaveLength(1);
    expect(pipelines[0]).toHaveLength(3);
    expect(pipelines[0]![1]).toMatch(/^sig:[\w-]{43} PX 6000 NX$/);
    // A claim alone in a later turn: a plain SET NX, and the signature is still known.
    expect(await sut.claim('b', 6_000)).toBe(false);
    expect(pipelines).toHaveLength(1);
  });

  it('sends a claim alone in its turn as a plain SET NX', async () => {
    const { redis, pipelines, singles } = fakeRedis();
    const sut = new SignatureReplayRepository(redis);
    expect(await sut.claim('a', 5_000)).toBe(true);
    expect(await sut.claim('a', 5_000)).toBe(false);
    expect(singles).toHaveLength(2);
    expect(singles[0]).toMatch(/^sig:[\w-]{43} PX 5000 NX$/);
    expect(pipelines).toHaveLength(0);
    const down = new SignatureReplayRepository(fakeRedis({ exec: true }).redis);
    await expect(down.claim('x', 1_000)).rejects.toThrow('connection lost');
  });

  it('fails only the claim whose command failed, and every claim when the pipeline fails', async () => {
    const first = fakeRedis();
    const digestOf = new SignatureReplayRepository(first.redis);
    await digestOf.claim('bad', 1_000);
    const key = first.singles[0]!.split(' ')[0]!;
    const { redis } = fakeRedis({ command: key });
    const sut = new SignatureReplayRepository(redis);
    const [good, bad] = await Promise.allSettled([sut.claim('good', 1_000), sut.claim('bad', 1_000)]);
    expect(good).toEqual({ status: 'fulfilled', value: true });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'OOM' } });
    const down = new SignatureReplayRepository(fakeRedis({ exec: true }).redis);
    await expect(Promise.all([down.claim('x', 1_000), down.claim('y', 1_000)])).rejects.toThrow(
      'connection lost',
    );
  });
});
