import { Injectable } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type GatewayConfig } from '../config/gateway.config';
import { RateLimitRepository } from '../rate-limit/rate-limit.repository';

const TEN_SECONDS_MS = 10_000;
const DAY_MS = 86_400_000;

export interface HeaderSink {
  setHeader(name: string, value: string): void;
}

/**
 * Binance's order-count limits per account, counted in Redis (shared by every gateway pod): every placement
 * counts, the answer carries `X-MBX-ORDER-COUNT-10S` / `-1D`, and past either limit it is 429 -1015.
 */
@Injectable()
export class OrderRateLimitService {
  constructor(
    private readonly repository: RateLimitRepository,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {}

  async count(userId: string, response: HeaderSink): Promise<void> {
    const [tenSeconds, day] = await Promise.all([
      this.repository.consume(`orders:10s:${userId}`, 1, TEN_SECONDS_MS),
      this.repository.consume(`orders:1d:${userId}`, 1, DAY_MS),
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
