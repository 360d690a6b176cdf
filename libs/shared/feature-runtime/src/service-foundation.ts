import { type DynamicModule, type Type } from '@nestjs/common';

import { NatsHealthIndicator, NatsModule, NatsNames } from '@exchange/shared-data-access-nats';
import {
  PostgresHealthIndicator,
  PostgresModule,
  type PostgresModuleOptions,
} from '@exchange/shared-data-access-postgres';
import { RedisHealthIndicator, RedisModule } from '@exchange/shared-data-access-redis';
import { ConfigModule } from '@exchange/shared-util-config';
import { type Logger, LoggingModule } from '@exchange/shared-util-logging';

import { type HealthIndicator } from './health-indicator';
import { RuntimeModule } from './runtime.module';

export interface ServiceFoundationOptions {
  service: string;
  version: string;
  /** The parsed configuration, made injectable with `@InjectConfig()`. */
  config: Readonly<{ NATS_URL: string; NATS_STREAM_PREFIX: string }>;
  logger: Logger;
  /**
   * Subject of the service's status query (`SUBJECTS.<svc>.status`). Every pod answers it as it is (operators ask
   * the whole NATS server: `exchangectl status`) and, under a run prefix, also with the prefix (the gateway's
   * `/sapi/v1/system/status` asks its own run's services).
   */
  statusSubject: string;
  /** The service's own database, when it has one. */
  postgres?: Omit<PostgresModuleOptions, 'applicationName'>;
  /** Redis, when the service caches or counts. */
  redis?: { url: string; keyPrefix: string };
  /** Readiness checks of the service's own, beside those of its adapters. */
  healthIndicators?: Type<HealthIndicator>[];
}

/**
 * What every service is built on: configuration, logging, NATS and JetStream, and its database and Redis when it
 * has them, with readiness checking each of those, and health, metrics and the status query.
 */
export function serviceFoundation(options: ServiceFoundationOptions): DynamicModule[] {
  const { service, config } = options;
  const modules: DynamicModule[] = [
    ConfigModule.forRoot(config),
    LoggingModule.forRoot(options.logger),
    NatsModule.forRoot({ url: config.NATS_URL, name: service, streamPrefix: config.NATS_STREAM_PREFIX }),
  ];
  const indicators: Type<HealthIndicator>[] = [NatsHealthIndicator];
  if (options.postgres) {
    modules.push(
      PostgresModule.forRoot({ ...options.postgres, applicationName: service, logger: options.logger }),
    );
    indicators.unshift(PostgresHealthIndicator);
  }
  if (options.redis) {
    modules.push(RedisModule.forRoot({ ...options.redis, connectionName: service }));
    indicators.push(RedisHealthIndicator);
  }
  modules.push(
    RuntimeModule.forRoot({
      service,
      version: options.version,
      healthIndicators: [...indicators, ...(options.healthIndicators ?? [])],
      statusSubjects: [
        ...new Set([
          options.statusSubject,
          new NatsNames(config.NATS_STREAM_PREFIX).subject(options.statusSubject),
        ]),
      ],
    }),
  );
  return modules;
}
