import { lockSeconds, secondsLocked } from './login-throttle';

describe(lockSeconds.name, () => {
  const policy = { freeAttempts: 5, baseLockSeconds: 30, maxLockSeconds: 900 };

  it('locks nothing for the free attempts, then doubles up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => lockSeconds(n, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((n) => lockSeconds(n, policy))).toEqual([
      30, 60, 120, 240, 480, 900, 900,
    ]);
  });

  it('counts the seconds left on a lock', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(secondsLocked(null, now)).toBe(0);
    expect(secondsLocked(new Date('2025-12-31T23:59:00Z'), now)).toBe(0);
    expect(secondsLocked(new Date('2026-01-01T00:00:30.200Z'), now)).toBe(31);
  });
});
