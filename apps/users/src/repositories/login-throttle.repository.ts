import { Injectable } from '@nestjs/common';

import { InjectRedis, Redis } from '@exchange/shared-data-access-redis';

/** What failed logins are counted against: the normalised email, or the client's network (see clientNetwork). */
export interface ThrottleSubject {
  scope: 'account' | 'ip';
  id: string;
}

/**
 * Sets the lock KEYS[1] for ARGV[1] ms unless a longer one already stands (racing failures never shorten a lock),
 * and keeps the count KEYS[2] at least ARGV[2] s, so that it outlives the lock by the window.
 */
const EXTEND_LOCK = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
if redis.call('TTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
return 1`;

/**
 * Failed-login counters and locks in Redis, shared by every users pod:
 * `<prefix>users:login-failures:<scope>:<id>` counts consecutive failures and expires a window after the last
 * one; `<prefix>users:login-lock:<scope>:<id>` exists exactly as long as the lock holds (its TTL is the wait).
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  private failuresKey(subject: ThrottleSubject): string {
    return `users:login-failures:${subject.scope}:${subject.id}`;
  }

  private lockKey(subject: ThrottleSubject): string {
    return `users:login-lock:${subject.scope}:${subject.id}`;
  }

  /** Milliseconds left on each subject's lock (0 when none), in one round trip. */
  async lockRemainingMs(subjects: readonly ThrottleSubject[]): Promise<number[]> {
    const pipeline = this.redis.pipeline();
    for (const subject of subjects) pipeline.pttl(this.lockKey(subject));
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, left]) => {
      if (error) throw error;
      return Math.max(0, Number(left));
    });
  }

  /**
   * Counts one more failure (atomically, across pods) and keeps the count for `windowSeconds` after it; then
   * locks the subject for `lockFor(count)` seconds when that is more than 0 (the count then lives until the
   * window has passed after the lock ends, so waiting out a lock does not clear the count). The count.
   */
  async recordFailure(
    subject: ThrottleSubject,
    windowSeconds: number,
    lockFor: (failures: number) => number,
  ): Promise<number> {
    const replies = await this.redis
      .multi()
      .incr(this.failuresKey(subject))
      .expire(this.failuresKey(subject), windowSeconds)
      .exec();
    const [error, count] = replies![0]!;
    if (error) throw error;
    const failures = Number(count);
    const seconds = lockFor(failures);
    if (seconds > 0)
      await this.redis.eval(
        EXTEND_LOCK,
        2,
        this.lockKey(subject),
        this.failuresKey(subject),
        seconds * 1000,
        windowSeconds + seconds,
      );
    return failures;
  }

  /** Forgets the subject's failures and lifts its lock (after a successful login). */
  async reset(subject: ThrottleSubject): Promise<void> {
    await this.redis.del(this.failuresKey(subject), this.lockKey(subject));
  }
}
