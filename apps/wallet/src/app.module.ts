import { type DynamicModule, Module } from '@nestjs/common';

import { QUEUE_GROUPS, SUBJECTS } from '@exchange/shared-contracts';
import { serviceFoundation } from '@exchange/shared-feature-runtime';
import { type Logger } from '@exchange/shared-util-logging';

import { type WalletConfig } from './config/wallet.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { WalletModule } from './wallet.module';

export const SERVICE = 'wallet';
export const SERVICE_VERSION = process.env.npm_package_version ?? '0.1.0';
export const NATS_QUEUE = QUEUE_GROUPS.wallet;

@Module({})
export class AppModule {
  static forRoot(config: WalletConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceFoundation({
          service: SERVICE,
          version: SERVICE_VERSION,
          config,
          logger,
          statusSubject: SUBJECTS.wallet.status,
          postgres: {
            url: config.DATABASE_URL,
            migrationsRun: config.DATABASE_MIGRATIONS_RUN,
            entities: ENTITIES,
            migrations: MIGRATIONS,
            poolSize: config.WALLET_DB_POOL_SIZE,
          },
        }),
        WalletModule.forRoot(config.NATS_STREAM_PREFIX),
      ],
    };
  }
}
