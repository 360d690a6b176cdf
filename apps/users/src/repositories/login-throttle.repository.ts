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
 * Admits one login attempt against a subject, atomically across pods. KEYS: lock, failures, in-flight; ARGV: the
 * free attempts, the in-flight count's TTL (s). A lock answers its PTTL (> 0). Otherwise as many attempts may be
 * in flight at once as free attempts are left, and at least one (so past the limit, after a lock ran out, guesses
 * come one at a time and each failure locks again): beyond that the answer is -1 (busy), else 0 (admitted, and
 * counted in flight until `release`). Without this, a burst of parallel guesses would all pass the lock check
 * before the first failure is counted.
 */
const ADMIT = `
local left = redis.call('PTTL', KEYS[1])
if left > 0 then return left end
local failures = tonumber(redis.call('GET', KEYS[2]) or '0')
local inflight = tonumber(redis.call('GET', KEYS[3]) or '0')
if inflight >= math.max(tonumber(ARGV[1]) - failures, 1) then return -1 end
redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[2])
return 0`;

/** Ends an admitted attempt: one fewer in flight (never below zero, should the count have expired meanwhile). */
const RELEASE = `
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
return 1`;

/** Longest an attempt may count as in flight: a crashed pod's attempts free their slots after it. */
const IN_FLIGHT_TTL_SECONDS = 30;

/** How long to wait when an attempt is refused for too many in flight: they end within moments. */
const BUSY_RETRY_MS = 1000;

/**
 * Failed-login counters and locks in Redis, shared by every users pod:
 * `<prefix>users:login-failures:<scope>:<id>` counts consecutive failures and expires a window after the last
 * one; `<prefix>users:login-lock:<scope>:<id>` exists exactly as long as the lock holds (its TTL is the wait);
 * `<prefix>users:login-in-flight:<scope>:<id>` counts attempts being verified right now.
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

  private inFlightKey(subject: ThrottleSubject): string {
    return `users:login-in-flight:${subject.scope}:${subject.id}`;
  }

  /**
   * Admits one attempt against the subject (see ADMIT): 0 when admitted (call `release` when it is decided),
   * else the milliseconds to wait, for a lock or for the attempts already in flight.
   */
  async admit(subject: ThrottleSubject, freeAttempts: number): Promise<number> {
    const verdict = Number(
      await this.redis.eval(
        ADMIT,
        3,
        this.lockKey(subject),
        this.failuresKey(subject),
        this.inFlightKey(subject),
        freeAttempts,
        IN_FLIGHT_TTL_SECONDS,
      ),
    );
    return verdict < 0 ? BUSY_RETRY_MS : verdict;
  }

  async release(subject: ThrottleSubject): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.inFlightKey(subject));
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
