import { Controller, Get, UseGuards } from '@nestjs/common';

import { RateLimitGuard, Weight } from '../rate-limit/rate-limit.guard';
import { ClockRepository } from './clock.repository';

/** `GET /api/v3/ping` and `GET /api/v3/time`, as in the Binance Spot API. */
@Controller('api/v3')
@UseGuards(RateLimitGuard)
export class GeneralController {
  constructor(private readonly clock: ClockRepository) {}

  @Get('ping')
  @Weight(1)
  ping(): Record<string, never> {
    return {};
  }

  @Get('time')
  @Weight(1)
  time(): { serverTime: number } {
    return { serverTime: this.clock.nowMs() };
  }
}
