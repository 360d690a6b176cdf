import { type DynamicModule, Module } from '@nestjs/common';

import { type Logger } from '@exchange/shared-util-logging';

import { foundation } from '../app.module';
import { type MarketDataConfig } from '../config/market-data.config';
import { MarketStateService } from '../market-data/market-state.service';
import { EventStreamRepository } from '../repositories/event-stream.repository';
import { MarketCacheRepository } from '../repositories/market-cache.repository';
import { MarketStoreRepository } from '../repositories/market-store.repository';
import { MarketDataRebuildService } from './market-data-rebuild.service';

/** The service's adapters and models without the live consumer and queries: what the rebuild command runs on. */
@Module({})
export class MarketDataRebuildModule {
  static forRoot(config: MarketDataConfig, logger: Logger): DynamicModule {
    return {
      module: MarketDataRebuildModule,
      imports: foundation(config, logger),
      providers: [
        EventStreamRepository,
        MarketStoreRepository,
        MarketCacheRepository,
        MarketStateService,
        MarketDataRebuildService,
      ],
    };
  }
}
