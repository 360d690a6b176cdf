import { loginLockedDetailsSchema, type TokenPair, UsersErrorCode } from '@exchange/shared-contracts';

import { sleep, UsersHarness } from './users-harness';

jest.setTimeout(120_000);

/** Two pods of the service on one database and one Redis prefix, each reached on its own subject prefix. */
const podA = new UsersHarness();
const podB = new UsersHarness({ shareStorageWith: podA });
const pods = [podA, podB];
const password = 'tangerine-Orbit-4-lamps';
const wrong = 'wrong-password-123';
const env = {
  LOGIN_FREE_ATTEMPTS: '3',
  LOGIN_IP_FREE_ATTEMPTS: '5',
  LOGIN_LOCK_BASE_SECONDS: '2',
  LOGIN_LOCK_MAX_SECONDS: '8',
  LOGIN_FAILURE_WINDOW_SECONDS: '60',
};

beforeAll(async () => {
  await podA.start(env);
  await podB.start(env);
});
afterAll(async () => {
  await podB.stop();
  await podA.stop();
});

const failuresKey = (scope: string, id: string) => `users:login-failures:${scope}:${id}`;
const lockKey = (scope: string, id: string) => `users:login-lock:${scope}:${id}`;

/** Polls Redis until the lock is gone (its TTL ran out), up to 30 s. */
async function waitForUnlock(scope: string, id: string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 200) {
    if ((await podA.redis.exists(lockKey(scope, id))) === 0) return;
    await sleep(200);
  }
  throw new Error(`lock ${scope}:${id} still holds after 30 s`);
}

describe('users: login failure counters in Redis, shared by every pod', () => {
  it('no longer keeps a login_throttle table in PostgreSQL', async () => {
    const { rows } = await podA.db.query(`select to_regclass('login_throttle') as t`);
    expect(rows[0].t).toBeNull();
  });

  it('counts failures of one account across pods, locks with a doubling wait, and resets on success', async () => {
    const email = 'counted@example.com';
    await podA.call('signUp', { email, password });
    // Failures alternate between the pods: one count in Redis, not one per process.
    for (const pod of [podA, podB, podA])
      expect((await pod.error('login', { email, password: wrong })).code).toBe(
        UsersErrorCode.INVALID_CREDENTIALS,
      );
    expect(await podA.redis.get(failuresKey('account', email))).toBe('3');
    const failuresTtl = await podA.redis.ttl(failuresKey('account', email));
    expect(failuresTtl).toBeGreaterThan(0);
    expect(failuresTtl).toBeLessThanOrEqual(60 + 2);

    // Locked on both pods, even with the right password: a distinct code and how long to wait.
    for (const pod of pods) {
      const locked = await pod.error('login', { email, password });
      expect(locked).toEqual({
        code: UsersErrorCode.LOGIN_LOCKED,
        message: expect.stringMatching(/try again in [12] s/),
        details: { scope: 'account', retryAfterSeconds: expect.any(Number) },
      });
      expect(loginLockedDetailsSchema.parse(locked.details).retryAfterSeconds).toBeLessThanOrEqual(2);
    }
    const firstLockMs = await podA.redis.pttl(lockKey('account', email));
    expect(firstLockMs).toBeGreaterThan(0);
    expect(firstLockMs).toBeLessThanOrEqual(2_000);
    // Plain retries while locked do not count.
    expect(await podA.redis.get(failuresKey('account', email))).toBe('3');

    // Waiting out the lock keeps the count: the next failure locks twice as long.
    await waitForUnlock('account', email);
    expect((await podB.error('login', { email, password: wrong })).code).toBe(
      UsersErrorCode.INVALID_CREDENTIALS,
    );
    expect(await podA.redis.get(failuresKey('account', email))).toBe('4');
    const secondLockMs = await podA.redis.pttl(lockKey('account', email));
    expect(secondLockMs).toBeGreaterThan(2_000);
    expect(secondLockMs).toBeLessThanOrEqual(4_000);
    const again = await podA.error('login', { email, password });
    expect(again.details).toEqual({ scope: 'account', retryAfterSeconds: expect.any(Number) });
    expect(loginLockedDetailsSchema.parse(again.details).retryAfterSeconds).toBeGreaterThan(2);

    await waitForUnlock('account', email);
    await expect(podB.call<TokenPair>('login', { email, password })).resolves.toHaveProperty('accessToken');
    expect(await podA.redis.exists(failuresKey('account', email), lockKey('account', email))).toBe(0);
    // Judged afresh: one failure after the reset does not lock.
    expect((await podA.error('login', { email, password: wrong })).code).toBe(
      UsersErrorCode.INVALID_CREDENTIALS,
    );
    await expect(podA.call('login', { email, password })).resolves.toHaveProperty('accessToken');
  });

  it('counts failures per client IP across accounts, and IPv6 clients per /64', async () => {
    const email = 'victim@example.com';
    await podA.call('signUp', { email, password });
    const attacker = { ip: '203.0.113.9' };
    // Five accounts, one failure each: no account lock, but the address reaches its limit.
    for (let i = 0; i < 5; i++)
      expect(
        (
          await pods[i % 2]!.error('login', {
            email: `guess${i}@example.com`,
            password: wrong,
            client: attacker,
          })
        ).code,
      ).toBe(UsersErrorCode.INVALID_CREDENTIALS);
    expect(await podA.redis.get(failuresKey('ip', attacker.ip))).toBe('5');
    expect(await podA.redis.ttl(failuresKey('ip', attacker.ip))).toBeGreaterThan(0);
    const locked = await podB.error('login', { email, password, client: attacker });
    expect(locked.code).toBe(UsersErrorCode.LOGIN_LOCKED);
    expect(locked.details).toEqual({ scope: 'ip', retryAfterSeconds: expect.any(Number) });
    // The account itself is not locked: from another address it logs in.
    await expect(
      podA.call('login', { email, password, client: { ip: '198.51.100.20' } }),
    ).resolves.toHaveProperty('accessToken');
    // The audit log records both counts.
    const { rows } = await podA.db.query(
      `select details from audit_log where event = 'LOGIN_FAILED' and ip = $1 order by id desc limit 1`,
      [attacker.ip],
    );
    expect(rows[0].details).toEqual({ factor: 'password', failures: 1, ipFailures: 5 });

    // IPv6: two addresses of one /64 share a count; another /64 does not.
    const sameNet = ['2001:db8:7:1::a', '2001:db8:7:1:ffff::2'];
    for (let i = 0; i < 5; i++)
      await podA.error('login', {
        email: `v6guess${i}@example.com`,
        password: wrong,
        client: { ip: sameNet[i % 2]! },
      });
    expect(await podA.redis.get(failuresKey('ip', '2001:db8:7:1::/64'))).toBe('5');
    expect((await podB.error('login', { email, password, client: { ip: sameNet[0]! } })).details).toEqual({
      scope: 'ip',
      retryAfterSeconds: expect.any(Number),
    });
    await expect(
      podB.call('login', { email, password, client: { ip: '2001:db8:7:2::1' } }),
    ).resolves.toHaveProperty('accessToken');
  });

  it('lets no more guesses through than the free attempts when they come all at once, on both pods', async () => {
    const email = 'burst@example.com';
    await podA.call('signUp', { email, password });
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => pods[i % 2]!.call('login', { email, password: `${wrong}-${i}` })),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: number }).code : 0));
    const verified = codes.filter((code) => code === UsersErrorCode.INVALID_CREDENTIALS).length;
    expect(codes.filter((code) => code !== UsersErrorCode.INVALID_CREDENTIALS)).toEqual(
      Array(24 - verified).fill(UsersErrorCode.LOGIN_LOCKED),
    );
    expect(verified).toBeLessThanOrEqual(3);
    // Every admitted attempt released its slot.
    expect(await podA.redis.exists(`users:login-in-flight:account:${email}`)).toBe(0);
  });

  it('keeps a TTL on every throttle key it writes', async () => {
    const keys = await podA.redis.keys(`${podA.redisKeyPrefix}users:login-*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      // -1 is a key without expiry; -2 one that expired meanwhile (a lock that ran out), which is fine.
      const ttl = await podA.redis.ttl(key.slice(podA.redisKeyPrefix.length));
      expect({ key, persistent: ttl === -1 }).toEqual({ key, persistent: false });
    }
  });
});
