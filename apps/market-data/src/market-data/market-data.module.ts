import { type DynamicModule, Module } from '@nestjs/common';

import { marketDataController } from '../query/market-data.controller';
import { MarketDataQueryService } from '../query/market-data-query.service';
import { EventStreamRepository } from '../repositories/event-stream.repository';
import { MarketCacheRepository } from '../repositories/market-cache.repository';
import { MarketPublisherRepository } from '../repositories/market-publisher.repository';
import { MarketStoreRepository } from '../repositories/market-store.repository';
import { MarketDataIngestService } from './market-data-ingest.service';
import { MarketStateService } from './market-state.service';

/** Ingest of the engine's events and the public queries. */
@Module({})
export class MarketDataModule {
  static forRoot(streamPrefix: string): DynamicModule {
    return {
      module: MarketDataModule,
      controllers: [marketDataController(streamPrefix)],
      providers: PROVIDERS,
    };
  }
}

const PROVIDERS = [
  EventStreamRepository,
  MarketStoreRepository,
  MarketCacheRepository,
  MarketPublisherRepository,
  MarketStateService,
  MarketDataIngestService,
  MarketDataQueryService,
];
