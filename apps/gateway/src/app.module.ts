import { type DynamicModule, Module } from '@nestjs/common';

import { QUEUE_GROUPS, SUBJECTS } from '@exchange/shared-contracts';
import { NatsHealthIndicator, NatsModule } from '@exchange/shared-data-access-nats';
import { RedisHealthIndicator, RedisModule } from '@exchange/shared-data-access-redis';
import { RuntimeModule } from '@exchange/shared-feature-runtime';
import { ConfigModule } from '@exchange/shared-util-config';
import { type Logger, LoggingModule } from '@exchange/shared-util-logging';

import { type GatewayConfig } from './config/gateway.config';

export const SERVICE = 'gateway';
export const SERVICE_VERSION = process.env.npm_package_version ?? '0.1.0';
export const NATS_QUEUE = QUEUE_GROUPS.gateway;

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        NatsModule.forRoot({ url: config.NATS_URL, name: SERVICE, streamPrefix: config.NATS_STREAM_PREFIX }),
        RedisModule.forRoot({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, connectionName: SERVICE }),
        RuntimeModule.forRoot({
          service: SERVICE,
          version: SERVICE_VERSION,
          healthIndicators: [NatsHealthIndicator, RedisHealthIndicator],
          statusSubject: SUBJECTS.gateway.status,
        }),
      ],
    };
  }
}
