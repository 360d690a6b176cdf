import { Controller, Get, UseGuards } from '@nestjs/common';

import { RateLimitGuard, Weight } from '../rate-limit/rate-limit.guard';
import { ClockRepository } from './clock.repository';
import { type SystemStatus, SystemStatusRepository } from './system-status.repository';

/** `GET /api/v3/ping`, `GET /api/v3/time` and `GET /sapi/v1/system/status`, as in the Binance Spot API. */
@Controller()
@UseGuards(RateLimitGuard)
export class GeneralController {
  constructor(
    private readonly clock: ClockRepository,
    private readonly systemStatus: SystemStatusRepository,
  ) {}

  @Get('api/v3/ping')
  @Weight(1)
  ping(): Record<string, never> {
    return {};
  }

  @Get('api/v3/time')
  @Weight(1)
  time(): { serverTime: number } {
    return { serverTime: this.clock.nowMs() };
  }

  /** ccxt's `fetchStatus`: `{status: 0, msg: "normal"}`, or 1 `system_maintenance` while a service is not ready. */
  @Get('sapi/v1/system/status')
  @Weight(1)
  status(): Promise<SystemStatus> {
    return this.systemStatus.status();
  }
}
