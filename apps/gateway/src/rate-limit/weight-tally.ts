import { type WindowUsage } from './rate-limit.repository';

/** A charge decided here, or to be decided by Redis. */
export type TallyDecision =
  /** Under the limit by what this pod knows: counted here, sent to Redis with the next sync. */
  | { kind: 'admitted'; used: number; resetInMs: number }
  /** Banned (418) until the ban this pod heard of ends. */
  | { kind: 'banned'; forMs: number }
  /** Redis decides (`RateLimitRepository.consume` with `weight`, which includes this pod's unsent weight). */
  | { kind: 'ask'; weight: number };

/** What one sync sends for a key: the weight admitted here since the last one, in its window. */
export interface SyncEntry {
  key: string;
  windowStart: number;
  weight: number;
}

interface KeyTally {
  windowStart: number;
  /** The window's total in Redis (every pod), as last heard. */
  total: number;
  /** When `total` was last heard (-Infinity: never in this window). */
  heardAt: number;
  /** Admitted here, not yet sent. */
  pending: number;
  /** Sent by the running sync, not yet answered. */
  sending: number;
  bannedUntil: number;
}

/**
 * A pod's in-process count of request weight per key (a client address) in fixed windows on Redis's clock, so
 * that a request under the limit is not held up by a Redis round trip. Redis stays the shared truth: weight
 * admitted here goes there with the next sync (`drain` / `synced`), which brings back every pod's total; only a
 * request that this pod's estimate (the last heard total plus what it admitted since) puts over the limit, or one
 * whose key was not heard of for `staleMs`, is decided by Redis as before, so refusals, their count and bans are
 * exact. The estimate misses at most what other pods admitted for the key within `staleMs`: that is how far past
 * the limit a client spreading its requests over several pods can get (docs/gateway.md).
 */
export class WeightTally {
  private readonly keys = new Map<string, KeyTally>();
  /** Redis's clock minus this process's (from the syncs), so windows start when Redis's do. */
  private offsetMs = 0;

  constructor(
    private readonly windowMs: number,
    private readonly limit: number,
    private readonly staleMs: number,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  charge(key: string, weight: number, now: number): TallyDecision {
    const tally = this.current(key, now);
    if (tally.bannedUntil > now) return { kind: 'banned', forMs: tally.bannedUntil - now };
    const used = tally.total + tally.sending + tally.pending + weight;
    if (now - tally.heardAt <= this.staleMs && used <= this.limit) {
      tally.pending += weight;
      return { kind: 'admitted', used, resetInMs: tally.windowStart + this.windowMs - (now + this.offsetMs) };
    }
    // Redis decides; what was admitted here and not yet sent goes with it.
    const sent = tally.pending + weight;
    tally.pending = 0;
    return { kind: 'ask', weight: sent };
  }

  /** Redis's answer to an `ask`. */
  answered(key: string, usage: WindowUsage, now: number): void {
    const tally = this.current(key, now);
    if (usage.bannedForMs > 0) {
      tally.bannedUntil = now + usage.bannedForMs;
      return;
    }
    tally.total = Math.max(tally.total, usage.used);
    tally.heardAt = now;
  }

  /** The weight admitted since the last sync, per key, now on its way to Redis. */
  drain(): SyncEntry[] {
    const entries: SyncEntry[] = [];
    for (const [key, tally] of this.keys) {
      if (tally.pending === 0) continue;
      entries.push({ key, windowStart: tally.windowStart, weight: tally.pending });
      tally.sending += tally.pending;
      tally.pending = 0;
    }
    return entries;
  }

  /**
   * A sync's answers, one per drained entry (each key's window total and ban), and Redis's clock as the sync saw it
   * (`redisNow`, taken at about `now - roundTripMs / 2`).
   */
  synced(
    entries: SyncEntry[],
    answers: { total: number; bannedForMs: number }[],
    redisNow: number,
    now: number,
    roundTripMs: number,
  ): void {
    this.offsetMs = redisNow - (now - roundTripMs / 2);
    entries.forEach((entry, i) => {
      const tally = this.keys.get(entry.key);
      const answer = answers[i];
      if (!tally || !answer || tally.windowStart !== entry.windowStart) return;
      tally.sending = Math.max(0, tally.sending - entry.weight);
      tally.total = Math.max(tally.total, answer.total);
      tally.heardAt = now;
      if (answer.bannedForMs > 0) tally.bannedUntil = Math.max(tally.bannedUntil, now + answer.bannedForMs);
    });
  }

  /** A sync that failed: its weight is sent again with the next one. */
  failed(entries: SyncEntry[]): void {
    for (const entry of entries) {
      const tally = this.keys.get(entry.key);
      if (!tally || tally.windowStart !== entry.windowStart) continue;
      tally.sending = Math.max(0, tally.sending - entry.weight);
      tally.pending += entry.weight;
    }
  }

  /** Forgets keys with nothing to send whose window ended and whose ban (if any) is over. */
  sweep(now: number): void {
    const current = this.windowStart(now);
    for (const [key, tally] of this.keys) {
      if (
        tally.windowStart < current &&
        tally.pending === 0 &&
        tally.sending === 0 &&
        tally.bannedUntil <= now
      )
        this.keys.delete(key);
    }
  }

  private windowStart(now: number): number {
    const t = now + this.offsetMs;
    return t - (t % this.windowMs);
  }

  private current(key: string, now: number): KeyTally {
    const windowStart = this.windowStart(now);
    let tally = this.keys.get(key);
    if (!tally) {
      tally = { windowStart, total: 0, heardAt: -Infinity, pending: 0, sending: 0, bannedUntil: 0 };
      this.keys.set(key, tally);
    } else if (tally.windowStart !== windowStart) {
      // A new window: nothing counted yet. Weight of the old one not yet sent no longer matters to any decision.
      Object.assign(tally, { windowStart, total: 0, heardAt: -Infinity, pending: 0, sending: 0 });
    }
    return tally;
  }
}
