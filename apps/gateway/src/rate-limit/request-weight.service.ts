import { Injectable, type OnModuleDestroy } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type GatewayConfig } from '../config/gateway.config';
import { type BanPolicy, RateLimitRepository, type WindowUsage } from './rate-limit.repository';
import { WeightTally } from './weight-tally';

const MINUTE_MS = 60_000;
/** Syncs answered at most this many intervals ago keep a key's count trusted (a slow Redis answer included). */
const STALE_SYNCS = 4;
/** Syncs of more keys than this are split (a Lua call's arguments). */
const KEYS_PER_SYNC = 500;

/**
 * Request weight per client address per minute for every transport (REST guards, gRPC), counted in-process
 * (`WeightTally`) and sent to Redis every `RATE_LIMIT_SYNC_MS` in one script call for all keys, so a request under
 * the limit does not wait on Redis; a request the pod's count puts over the limit is decided by Redis as before
 * (429, the refusal count, 418 bans). One per process: RateLimitGuard instances of every module share it.
 */
@Injectable()
export class RequestWeightService implements OnModuleDestroy {
  private readonly tally: WeightTally;
  private readonly policy: BanPolicy;
  private readonly timer?: NodeJS.Timeout;
  private syncing?: Promise<void>;

  constructor(
    private readonly repository: RateLimitRepository,
    @InjectConfig() config: GatewayConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.policy = {
      limit: config.RATE_LIMIT_WEIGHT_PER_MINUTE,
      banAfterRefusals: config.RATE_LIMIT_BAN_AFTER_REFUSALS,
      banMs: config.RATE_LIMIT_BAN_MS,
      banMaxMs: config.RATE_LIMIT_BAN_MAX_MS,
    };
    // RATE_LIMIT_SYNC_MS 0: no in-process count, every request asks Redis (the count is then never stale).
    const staleMs = config.RATE_LIMIT_SYNC_MS === 0 ? -1 : STALE_SYNCS * config.RATE_LIMIT_SYNC_MS;
    this.tally = new WeightTally(MINUTE_MS, config.RATE_LIMIT_WEIGHT_PER_MINUTE, staleMs);
    if (config.RATE_LIMIT_SYNC_MS > 0) {
      this.timer = setInterval(() => void this.sync(), config.RATE_LIMIT_SYNC_MS);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.syncing;
    // What was admitted since the last sync still counts for the other pods.
    await this.sync();
  }

  /**
   * Counts `weight` for `key` in the current minute: how it stands, decided here when the pod's count is under the
   * limit and recent, by Redis otherwise (`bannedForMs` > 0: banned; `used` over the limit: refused).
   */
  async charge(key: string, weight: number): Promise<WindowUsage> {
    const decision = this.tally.charge(key, weight, Date.now());
    if (decision.kind === 'admitted')
      return { used: decision.used, resetInMs: decision.resetInMs, bannedForMs: 0 };
    if (decision.kind === 'banned') return { used: 0, resetInMs: 0, bannedForMs: decision.forMs };
    const usage = await this.repository.consume(key, decision.weight, MINUTE_MS, this.policy);
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
        const { redisNow, answers } = await this.repository.add(part, MINUTE_MS);
        const answered = Date.now();
        this.tally.synced(part, answers, redisNow, answered, answered - started);
      } catch (error) {
        this.tally.failed(part);
        this.logger.warn({ err: error, keys: part.length }, 'request weight sync to Redis failed; retrying');
      }
    }
  }
}
