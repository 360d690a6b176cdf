export interface LoginThrottlePolicy {
  /** Failures allowed before the first lock. */
  freeAttempts: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
}

/**
 * How long a subject (account or client IP) is locked after its `failures`-th consecutive failure: nothing for
 * the free attempts, then the base doubling with each further failure, up to the cap.
 */
export function lockSeconds(failures: number, policy: LoginThrottlePolicy): number {
  const over = failures - policy.freeAttempts;
  if (over < 0) return 0;
  return Math.min(policy.maxLockSeconds, policy.baseLockSeconds * 2 ** Math.min(over, 30));
}

export interface ActiveLock<Scope extends string> {
  scope: Scope;
  /** Whole seconds to wait, rounded up, so that a client retrying after it finds the lock gone. */
  retryAfterSeconds: number;
}

/** The longest of the locks that hold (`remainingMs[i]` belongs to `scopes[i]`), or null when none does. */
export function longestLock<Scope extends string>(
  scopes: readonly Scope[],
  remainingMs: readonly number[],
): ActiveLock<Scope> | null {
  let longest: ActiveLock<Scope> | null = null;
  scopes.forEach((scope, i) => {
    const retryAfterSeconds = Math.ceil(Math.max(0, remainingMs[i] ?? 0) / 1000);
    if (retryAfterSeconds > 0 && retryAfterSeconds > (longest?.retryAfterSeconds ?? 0))
      longest = { scope, retryAfterSeconds };
  });
  return longest;
}
