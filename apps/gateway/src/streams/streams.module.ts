import { type DynamicModule, Module } from '@nestjs/common';

import { natsClientModule } from '@exchange/shared-data-access-nats';

import { ClockRepository } from '../general/clock.repository';
import { ExchangeInfoService } from '../market/exchange-info.service';
import { MarketService } from '../market/market.service';
import { SERVICES_CLIENT, ServiceClientRepository } from '../services/service-client.repository';
import { ListenKeyRepository } from '../user-stream/listen-key.repository';
import { MarketCacheService } from './market-cache.service';
import { MarketFeedRepository } from './market-feed.repository';
import { StreamHubService } from './stream-hub.service';
import { StreamResolver } from './stream-resolver';
import { StreamSymbolsService } from './stream-symbols.service';
import { StreamsMetrics } from './streams.metrics';
import { StreamsServer } from './streams.server';

/**
 * Binance-compatible market streams over WebSocket on the gateway's HTTP port. It uses the REST side's
 * exchangeInfo (symbols) and market service (depth snapshots) through its own instances of those stateless
 * classes, so that it does not depend on how the app module arranges its providers.
 */
@Module({})
export class StreamsModule {
  static forRoot(config: { NATS_URL: string }): DynamicModule {
    return {
      module: StreamsModule,
      imports: [natsClientModule(SERVICES_CLIENT, config.NATS_URL)],
      providers: [
        ClockRepository,
        ServiceClientRepository,
        ExchangeInfoService,
        MarketService,
        StreamsMetrics,
        MarketFeedRepository,
        ListenKeyRepository,
        StreamSymbolsService,
        StreamResolver,
        StreamHubService,
        StreamsServer,
        MarketCacheService,
      ],
      // The REST market controller answers public reads from the streams' book and ticker copies.
      exports: [MarketCacheService],
    };
  }
}
