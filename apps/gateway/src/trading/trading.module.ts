import { Module } from '@nestjs/common';

import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { RateLimitRepository } from '../rate-limit/rate-limit.repository';
import { FeeRatesController } from './fee-rates.controller';
import { MarketCatalogRepository } from './market-catalog.repository';
import { OrderEventsRepository } from './order-events.repository';
import { OrderRateLimitService } from './order-rate-limit.service';
import { OrderSubmitter } from './order-submitter';
import { TradingController } from './trading.controller';
import { TradingService } from './trading.service';

/** The signed `/api/v3` order and account endpoints (and the fee rates under `/sapi/v1/asset`); `TradingService` also serves `/api/v1`. Needs `AuthModule`. */
@Module({
  controllers: [TradingController, FeeRatesController],
  providers: [
    RateLimitRepository,
    RateLimitGuard,
    MarketCatalogRepository,
    OrderEventsRepository,
    OrderRateLimitService,
    OrderSubmitter,
    TradingService,
  ],
  exports: [TradingService, RateLimitRepository, RateLimitGuard, MarketCatalogRepository],
})
export class TradingModule {}
