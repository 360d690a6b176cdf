import { type DynamicModule, Module } from '@nestjs/common';

import { QUEUE_GROUPS, SUBJECTS } from '@exchange/shared-contracts';
import { serviceFoundation } from '@exchange/shared-feature-runtime';
import { type Logger } from '@exchange/shared-util-logging';

import { type MarketDataConfig } from './config/market-data.config';
import { ENTITIES } from './entities';
import { MarketDataModule } from './market-data/market-data.module';
import { MIGRATIONS } from './migrations';

export const SERVICE = 'market-data';
export const SERVICE_VERSION = process.env.npm_package_version ?? '0.1.0';
export const NATS_QUEUE = QUEUE_GROUPS.marketData;

/** Configuration, logging, NATS, PostgreSQL (migrated), Redis and the runtime: shared by the service and its CLI. */
export function foundation(config: MarketDataConfig, logger: Logger): DynamicModule[] {
  return serviceFoundation({
    service: SERVICE,
    version: SERVICE_VERSION,
    config,
    logger,
    statusSubject: SUBJECTS.marketData.status,
    postgres: {
      url: config.DATABASE_URL,
      migrationsRun: config.DATABASE_MIGRATIONS_RUN,
      entities: ENTITIES,
      migrations: MIGRATIONS,
    },
    redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
  });
}

@Module({})
export class AppModule {
  static forRoot(config: MarketDataConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [...foundation(config, logger), MarketDataModule.forRoot(config.NATS_STREAM_PREFIX)],
    };
  }
}
