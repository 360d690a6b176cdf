import { Injectable, type OnModuleDestroy } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type GatewayConfig } from '../config/gateway.config';
import { RateLimitRepository, type WindowUsage } from './rate-limit.repository';
import { SharedWindowCounter } from './shared-window-counter';

const MINUTE_MS = 60_000;

/**
 * Request weight per client address per minute for every transport (REST guards, gRPC), counted in-process and
 * sent to Redis every `RATE_LIMIT_SYNC_MS` in one script call for all keys (`SharedWindowCounter`), so a request under
 * the limit does not wait on Redis; a request the pod's count puts over the limit is decided by Redis as before
 * (429, the refusal count, 418 bans). One per process: RateLimitGuard instances of every module share it.
 */
@Injectable()
export class RequestWeightService implements OnModuleDestroy {
  private readonly counter: SharedWindowCounter;

  constructor(
    repository: RateLimitRepository,
    @InjectConfig() config: GatewayConfig,
    @InjectLogger() logger: Logger,
  ) {
    this.counter = new SharedWindowCounter(repository, logger, {
      name: 'request weight',
      windowMs: MINUTE_MS,
      limit: config.RATE_LIMIT_WEIGHT_PER_MINUTE,
      policy: {
        limit: config.RATE_LIMIT_WEIGHT_PER_MINUTE,
        banAfterRefusals: config.RATE_LIMIT_BAN_AFTER_REFUSALS,
        banMs: config.RATE_LIMIT_BAN_MS,
        banMaxMs: config.RATE_LIMIT_BAN_MAX_MS,
      },
      syncMs: config.RATE_LIMIT_SYNC_MS,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.counter.close();
  }

  /**
   * Counts `weight` for `key` in the current minute: how it stands, decided here when the pod's count is under the
   * limit and recent, by Redis otherwise (`bannedForMs` > 0: banned; `used` over the limit: refused).
   */
  charge(key: string, weight: number): Promise<WindowUsage> {
    return this.counter.charge(key, weight);
  }

  /** `charge`, answered at once when the pod decides (admitted or banned); a promise only when Redis decides. */
  chargeNow(key: string, weight: number): WindowUsage | Promise<WindowUsage> {
    return this.counter.chargeNow(key, weight);
  }
}
