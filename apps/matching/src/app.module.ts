import { type DynamicModule, Module } from '@nestjs/common';

import { QUEUE_GROUPS, SUBJECTS } from '@exchange/shared-contracts';
import { serviceFoundation } from '@exchange/shared-feature-runtime';
import { type Logger } from '@exchange/shared-util-logging';

import { type MatchingConfig } from './config/matching.config';
import { ENTITIES } from './entities';
import { MatchingHealthIndicator } from './matching/matching-health.indicator';
import { MatchingModule } from './matching/matching.module';
import { MIGRATIONS } from './migrations';

export const SERVICE = 'matching';
export const SERVICE_VERSION = process.env.npm_package_version ?? '0.1.0';
export const NATS_QUEUE = QUEUE_GROUPS.matching;

@Module({})
export class AppModule {
  static forRoot(config: MatchingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceFoundation({
          service: SERVICE,
          version: SERVICE_VERSION,
          config,
          logger,
          statusSubject: SUBJECTS.matching.status,
          postgres: {
            url: config.DATABASE_URL,
            migrationsRun: config.DATABASE_MIGRATIONS_RUN,
            entities: ENTITIES,
            migrations: MIGRATIONS,
          },
          healthIndicators: [MatchingHealthIndicator],
        }),
        MatchingModule,
      ],
    };
  }
}
