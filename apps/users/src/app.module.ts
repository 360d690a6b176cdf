import { type DynamicModule, Module } from '@nestjs/common';

import { QUEUE_GROUPS, SUBJECTS } from '@exchange/shared-contracts';
import { NatsHealthIndicator, NatsModule } from '@exchange/shared-data-access-nats';
import { PostgresHealthIndicator, PostgresModule } from '@exchange/shared-data-access-postgres';
import { RuntimeModule } from '@exchange/shared-feature-runtime';
import { ConfigModule } from '@exchange/shared-util-config';
import { type Logger, LoggingModule } from '@exchange/shared-util-logging';

import { type UsersConfig } from './config/users.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const SERVICE = 'users';
export const SERVICE_VERSION = process.env.npm_package_version ?? '0.1.0';
export const NATS_QUEUE = QUEUE_GROUPS.users;

@Module({})
export class AppModule {
  static forRoot(config: UsersConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        NatsModule.forRoot({ url: config.NATS_URL, name: SERVICE, streamPrefix: config.NATS_STREAM_PREFIX }),
        PostgresModule.forRoot({
          url: config.DATABASE_URL,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          migrationsRun: config.DATABASE_MIGRATIONS_RUN,
          applicationName: SERVICE,
        }),
        RuntimeModule.forRoot({
          service: SERVICE,
          version: SERVICE_VERSION,
          healthIndicators: [PostgresHealthIndicator, NatsHealthIndicator],
          statusSubject: SUBJECTS.users.status,
        }),
      ],
    };
  }
}
