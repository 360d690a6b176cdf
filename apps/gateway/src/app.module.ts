import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { QUEUE_GROUPS, SUBJECTS } from '@exchange/shared-contracts';
import { natsClientModule } from '@exchange/shared-data-access-nats';
import { serviceFoundation } from '@exchange/shared-feature-runtime';
import { type Logger } from '@exchange/shared-util-logging';

import { AccountModule } from './account/account.module';
import { AuthModule } from './auth/auth.module';
import { BinanceExceptionFilter } from './binance/binance-exception.filter';
import { type GatewayConfig } from './config/gateway.config';
import { ClockRepository } from './general/clock.repository';
import { FundsModule } from './funds/funds.module';
import { GeneralController } from './general/general.controller';
import { SystemStatusRepository } from './general/system-status.repository';
import { GrpcModule } from './grpc/grpc.module';
import { HttpHardeningModule } from './http/http-hardening';
import { LeanReadsRouter } from './http/lean-reads';
import { ExchangeInfoService } from './market/exchange-info.service';
import { MarketController } from './market/market.controller';
import { MarketService } from './market/market.service';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RateLimitRepository } from './rate-limit/rate-limit.repository';
import { SERVICES_CLIENT, ServiceClientRepository } from './services/service-client.repository';
import { TradingModule } from './trading/trading.module';
import { StreamsModule } from './streams/streams.module';
import { UserStreamModule } from './user-stream/user-stream.module';
import { WebStaticModule } from './web-static/web-static.module';
import { WsApiServer } from './ws-api/ws-api.server';

export const SERVICE = 'gateway';
export const SERVICE_VERSION = process.env.npm_package_version ?? '0.1.0';
export const NATS_QUEUE = QUEUE_GROUPS.gateway;

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceFoundation({
          service: SERVICE,
          version: SERVICE_VERSION,
          config,
          logger,
          statusSubject: SUBJECTS.gateway.status,
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
        }),
        natsClientModule(SERVICES_CLIENT, config.NATS_URL),
        RateLimitModule,
        AuthModule.forRoot(config.NATS_URL),
        TradingModule,
        AccountModule,
        FundsModule,
        StreamsModule.forRoot(config),
        GrpcModule,
        UserStreamModule,
        WebStaticModule,
        HttpHardeningModule.forRoot(config),
      ],
      controllers: [GeneralController, MarketController],
      providers: [
        ClockRepository,
        RateLimitRepository,
        RateLimitGuard,
        ServiceClientRepository,
        SystemStatusRepository,
        MarketService,
        ExchangeInfoService,
        LeanReadsRouter,
        WsApiServer,
        { provide: APP_FILTER, useFactory: () => new BinanceExceptionFilter(logger) },
      ],
    };
  }
}
