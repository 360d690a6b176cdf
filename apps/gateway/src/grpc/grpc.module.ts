import { Module } from '@nestjs/common';

import { FundsModule } from '../funds/funds.module';
import { ClockRepository } from '../general/clock.repository';
import { ExchangeInfoService } from '../market/exchange-info.service';
import { MarketService } from '../market/market.service';
import { MarketCatalogRepository } from '../trading/market-catalog.repository';
import { TradingModule } from '../trading/trading.module';
import { AccountGrpcService } from './account.grpc';
import { FundingGrpcService } from './funding.grpc';
import { GrpcCalls } from './grpc-calls';
import { GrpcServer } from './grpc-server';
import { GrpcMetrics } from './grpc.metrics';
import { MarketDataGrpcService } from './market-data.grpc';
import { TradingGrpcService } from './trading.grpc';
import { UserEventsRepository } from './user-events.repository';

/**
 * The partner gRPC API (docs/grpc.md) on GRPC_PORT. It uses REST's own trading and capital services, rate-limit
 * guard and API-key authenticator (AuthModule is global), and stateless instances of the market classes, as
 * StreamsModule does.
 */
@Module({
  imports: [TradingModule, FundsModule],
  providers: [
    ClockRepository,
    ExchangeInfoService,
    MarketService,
    MarketCatalogRepository,
    GrpcMetrics,
    GrpcCalls,
    UserEventsRepository,
    TradingGrpcService,
    AccountGrpcService,
    MarketDataGrpcService,
    FundingGrpcService,
    GrpcServer,
  ],
})
export class GrpcModule {}
