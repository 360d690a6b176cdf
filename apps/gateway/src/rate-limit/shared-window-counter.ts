import { type Logger } from '@exchange/shared-util-logging';

import { type BanPolicy, type RateLimitRepository, type WindowUsage } from './rate-limit.repository';
import { WeightTally } from './weight-tally';

/** Syncs answered at most this many intervals ago keep a key's count trusted (a slow Redis answer included). */
const STALE_SYNCS = 4;
/** Syncs of more keys than this are split (a Lua call's arguments). */
const KEYS_PER_SYNC = 500;

export interface SharedWindowCounterOptions {
  /** The fixed window, on Redis's clock. */
  windowMs: number;
  /** The most a key may use per window: past it Redis decides (and refuses). */
  limit: number;
  /** Refusals that lead to a ban (request weight); none: a plain counter (order counts). */
  policy?: BanPolicy;
  /** How often the counted weight goes to Redis; 0: every charge asks Redis. */
  syncMs: number;
  /** What the counter counts, for the log of a failed sync. */
  name: string;
}

/**
 * A count per key in fixed windows shared by every gateway pod through Redis, counted in-process (`WeightTally`)
 * and sent to Redis every `syncMs` in one script call for all keys, so a charge under the limit does not wait on
 * Redis; a charge the pod's count puts over the limit (or whose key it has not heard of lately) is decided by Redis
 * (`RateLimitRepository.consume`: refusals, their count and bans exactly as before). The request weight per client
 * address and the order counts per account are each one of these.
 */
export class SharedWindowCounter {
  private readonly tally: WeightTally;
  private readonly timer?: NodeJS.Timeout;
  private syncing?: Promise<void>;

  constructor(
    private readonly repository: RateLimitRepository,
    private readonly logger: Logger,
    private readonly options: SharedWindowCounterOptions,
  ) {
    // syncMs 0: no in-process count, every charge asks Redis (the count is then never stale).
    const staleMs = options.syncMs === 0 ? -1 : STALE_SYNCS * options.syncMs;
    this.tally = new WeightTally(options.windowMs, options.limit, staleMs);
    if (options.syncMs > 0) {
      this.timer = setInterval(() => void this.sync(), options.syncMs);
      this.timer.unref();
    }
  }

  /** Stops syncing after sending what was counted since the last sync (it still counts for the other pods). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.syncing;
    await this.sync();
  }

  /**
   * Counts `weight` for `key` in the current window: how it stands, decided here when the pod's count is under the
   * limit and recent, by Redis otherwise (`bannedForMs` > 0: banned; `used` over the limit: refused).
   */
  async charge(key: string, weight: number): Promise<WindowUsage> {
    return this.chargeNow(key, weight);
  }

  /**
   * `charge`, answered at once (no promise, no turn of the event loop) when this pod decides: admitted under the
   * limit, or banned; a promise only when Redis decides.
   */
  chargeNow(key: string, weight: number): WindowUsage | Promise<WindowUsage> {
    const decision = this.tally.charge(key, weight, Date.now());
    if (decision.kind === 'admitted')
      return { used: decision.used, resetInMs: decision.resetInMs, bannedForMs: 0 };
    if (decision.kind === 'banned') return { used: 0, resetInMs: 0, bannedForMs: decision.forMs };
    return this.ask(key, decision.weight);
  }

  private async ask(key: string, weight: number): Promise<WindowUsage> {
    const usage = await this.repository.consume(key, weight, this.options.windowMs, this.options.policy);
    this.tally.answered(key, usage, Date.now());
    return usage;
  }

  /** Sends what was admitted since the last sync (one sync at a time) and hears every pod's totals back. */
  private sync(): Promise<void> {
    this.syncing ??= this.send().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async send(): Promise<void> {
    const now = Date.now();
    this.tally.sweep(now);
    const entries = this.tally.drain();
    for (let i = 0; i < entries.length; i += KEYS_PER_SYNC) {
      const part = entries.slice(i, i + KEYS_PER_SYNC);
      const started = Date.now();
      try {
        const { redisNow, answers } = await this.repository.add(part, this.options.windowMs);
        const answered = Date.now();
        this.tally.synced(part, answers, redisNow, answered, answered - started);
      } catch (error) {
        this.tally.failed(part);
        this.logger.warn(
          { err: error, keys: part.length, counter: this.options.name },
          'rate-limit count sync to Redis failed; retrying',
        );
      }
    }
  }
}
