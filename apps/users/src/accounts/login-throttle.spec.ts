import { lockSeconds, longestLock } from './login-throttle';

describe(lockSeconds.name, () => {
  const policy = { freeAttempts: 5, baseLockSeconds: 30, maxLockSeconds: 900 };

  it('locks nothing for the free attempts, then doubles up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => lockSeconds(n, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((n) => lockSeconds(n, policy))).toEqual([
      30, 60, 120, 240, 480, 900, 900,
    ]);
  });
});

describe(longestLock.name, () => {
  it('names the longest lock that holds, in whole seconds rounded up', () => {
    expect(longestLock(['account', 'ip'], [0, 0])).toBeNull();
    expect(longestLock(['account', 'ip'], [1, 0])).toEqual({ scope: 'account', retryAfterSeconds: 1 });
    expect(longestLock(['account', 'ip'], [30_200, 59_001])).toEqual({ scope: 'ip', retryAfterSeconds: 60 });
    expect(longestLock(['account', 'ip'], [4_000, 3_000])).toEqual({
      scope: 'account',
      retryAfterSeconds: 4,
    });
    expect(longestLock(['account'], [-2])).toBeNull();
  });
});
