import { Injectable, type OnModuleDestroy } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type GatewayConfig } from '../config/gateway.config';
import { type OrderCountLimit, orderCountLimits } from '../rate-limit/binance-rate-limits';
import { RateLimitRepository } from '../rate-limit/rate-limit.repository';
import { SharedWindowCounter } from '../rate-limit/shared-window-counter';

const TEN_SECONDS_MS = 10_000;
const DAY_MS = 86_400_000;

export interface HeaderSink {
  setHeader(name: string, value: string): void;
}

/**
 * Binance's order-count limits per account, shared by every gateway pod through Redis and counted in-process like
 * the request weight (`SharedWindowCounter`, synced every `RATE_LIMIT_SYNC_MS`): every placement counts, the answer
 * carries `X-MBX-ORDER-COUNT-10S` / `-1D`, and past either limit it is 429 -1015. An order the pod's count puts over
 * a limit, or the first of an account the pod has not heard of lately, is counted by Redis as before.
 */
@Injectable()
export class OrderRateLimitService implements OnModuleDestroy {
  private readonly tenSeconds: SharedWindowCounter;
  private readonly day: SharedWindowCounter;

  constructor(
    repository: RateLimitRepository,
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectLogger() logger: Logger,
  ) {
    const counter = (name: string, windowMs: number, limit: number) =>
      new SharedWindowCounter(repository, logger, {
        name,
        windowMs,
        limit,
        syncMs: config.RATE_LIMIT_SYNC_MS,
      });
    this.tenSeconds = counter('orders per 10 seconds', TEN_SECONDS_MS, config.ORDER_LIMIT_PER_10S);
    this.day = counter('orders per day', DAY_MS, config.ORDER_LIMIT_PER_DAY);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.tenSeconds.close(), this.day.close()]);
  }

  /**
   * The account's order counts in the current windows (`GET /api/v3/rateLimit/order`, Binance's shape): a charge of
   * nothing, so the pod's count answers when it is recent and Redis when it is not.
   */
  async usage(userId: string): Promise<OrderCountLimit[]> {
    const [tenSeconds, day] = await Promise.all([
      this.tenSeconds.charge(`orders:10s:${userId}`, 0),
      this.day.charge(`orders:1d:${userId}`, 0),
    ]);
    const [tenSecondsLimit, dayLimit] = orderCountLimits(this.config);
    return [
      { ...tenSecondsLimit, count: tenSeconds.used },
      { ...dayLimit, count: day.used },
    ];
  }

  /** Counts `orders` new orders of the account (a batch counts each of its orders). */
  async count(userId: string, response: HeaderSink, orders = 1): Promise<void> {
    const [tenSeconds, day] = await Promise.all([
      this.tenSeconds.charge(`orders:10s:${userId}`, orders),
      this.day.charge(`orders:1d:${userId}`, orders),
    ]);
    response.setHeader('X-MBX-ORDER-COUNT-10S', String(tenSeconds.used));
    response.setHeader('X-MBX-ORDER-COUNT-1D', String(day.used));
    const over =
      tenSeconds.used > this.config.ORDER_LIMIT_PER_10S
        ? { limit: this.config.ORDER_LIMIT_PER_10S, interval: '10 SECOND', resetInMs: tenSeconds.resetInMs }
        : day.used > this.config.ORDER_LIMIT_PER_DAY
          ? { limit: this.config.ORDER_LIMIT_PER_DAY, interval: '1 DAY', resetInMs: day.resetInMs }
          : undefined;
    if (over) {
      throw new BinanceApiError(
        BinanceErrorCode.TOO_MANY_ORDERS,
        `Too many new orders; current limit is ${over.limit} orders per ${over.interval}.`,
        429,
        Math.max(1, Math.ceil(over.resetInMs / 1000)),
      );
    }
  }
}
