export interface LoginThrottlePolicy {
  /** Failures allowed before the first lock. */
  freeAttempts: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
}

/**
 * How long an account is locked after its `failures`-th consecutive failure: nothing for the free attempts,
 * then the base doubling with each further failure, up to the cap.
 */
export function lockSeconds(failures: number, policy: LoginThrottlePolicy): number {
  const over = failures - policy.freeAttempts;
  if (over < 0) return 0;
  return Math.min(policy.maxLockSeconds, policy.baseLockSeconds * 2 ** Math.min(over, 30));
}

/** Seconds left on a lock at `now`, 0 when none. */
export function secondsLocked(lockedUntil: Date | null, now: Date): number {
  if (!lockedUntil) return 0;
  return Math.max(0, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}
