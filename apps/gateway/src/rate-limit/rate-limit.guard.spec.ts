import { Reflector } from '@nestjs/core';
import { Registry } from 'prom-client';

import { createLogger } from '@exchange/shared-util-logging';

import { BinanceApiError } from '../binance/binance-error-code';
import { type GatewayConfig } from '../config/gateway.config';
import { RateLimitGuard } from './rate-limit.guard';
import { type RateLimitRepository, type WindowUsage } from './rate-limit.repository';
import { RequestWeightService } from './request-weight.service';

const LIMIT = 10;

describe(RateLimitGuard.name, () => {
  let consume: jest.Mock<Promise<WindowUsage>, [string, number]>;
  let weights: RequestWeightService;
  let sut: RateLimitGuard;

  beforeEach(() => {
    consume = jest.fn();
    const repository = { consume, add: jest.fn() } as unknown as RateLimitRepository;
    const config = {
      RATE_LIMIT_WEIGHT_PER_MINUTE: LIMIT,
      RATE_LIMIT_BAN_AFTER_REFUSALS: 3,
      RATE_LIMIT_BAN_MS: 60_000,
      RATE_LIMIT_BAN_MAX_MS: 600_000,
      // A long interval: no sync runs during a test, so every count stays this pod's.
      RATE_LIMIT_SYNC_MS: 10_000,
    } as GatewayConfig;
    weights = new RequestWeightService(repository, config, createLogger({ service: 't', level: 'silent' }));
    sut = new RateLimitGuard(new Reflector(), weights, config, new Registry());
  });

  afterEach(async () => {
    await weights.onModuleDestroy();
  });

  it('chargeNow asks Redis (a promise) about an address it has not heard of, then decides at once', async () => {
    consume.mockResolvedValueOnce({ used: 2, resetInMs: 30_000, bannedForMs: 0 });
    const used: number[] = [];
    const first = sut.chargeNow('1.2.3.4', 2, (u) => used.push(u));
    expect(first).toBeInstanceOf(Promise);
    await first;
    expect(consume).toHaveBeenCalledWith('ip:1.2.3.4', 2, 60_000, expect.any(Object));

    // Heard of: counted in-process, answered in the same turn (no promise), the weight used reported.
    expect(sut.chargeNow('1.2.3.4', 3, (u) => used.push(u))).toBeUndefined();
    expect(used).toEqual([2, 5]);
    expect(consume).toHaveBeenCalledTimes(1);
  });

  it('chargeNow leaves a charge over the limit to Redis and refuses with 429 and the wait, as charge does', async () => {
    consume.mockResolvedValueOnce({ used: 9, resetInMs: 30_000, bannedForMs: 0 });
    await sut.chargeNow('1.2.3.4', 9);
    consume.mockResolvedValueOnce({ used: 12, resetInMs: 4_500, bannedForMs: 0 });
    const over = sut.chargeNow('1.2.3.4', 3);
    expect(over).toBeInstanceOf(Promise);
    await expect(over).rejects.toMatchObject({ httpStatus: 429, retryAfterSeconds: 5 });
    consume.mockResolvedValueOnce({ used: 13, resetInMs: 4_000, bannedForMs: 0 });
    await expect(sut.charge('1.2.3.4', 1)).rejects.toBeInstanceOf(BinanceApiError);
  });

  it('chargeNow refuses a banned address at once with 418, without asking Redis again', async () => {
    consume.mockResolvedValueOnce({ used: 0, resetInMs: 0, bannedForMs: 120_000 });
    await expect(sut.chargeNow('5.6.7.8', 1)).rejects.toMatchObject({ httpStatus: 418 });
    expect(() => sut.chargeNow('5.6.7.8', 1)).toThrow(
      expect.objectContaining({ httpStatus: 418, retryAfterSeconds: 120 }) as Error,
    );
    expect(consume).toHaveBeenCalledTimes(1);
  });
});
