import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';

import { QueryLog, type QueryLogSink } from './query-log';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity and migration classes
type ClassType = Function;

export interface PostgresModuleOptions {
  url: string;
  /** Entity classes of the service; each service owns its tables and nobody else's. */
  entities: MixedList<ClassType | string | EntitySchema>;
  /** Migration classes, run in order at start-up when `migrationsRun` is true. */
  migrations: MixedList<ClassType | string>;
  migrationsRun: boolean;
  /** Connections in the pool. */
  poolSize?: number;
  applicationName?: string;
  /**
   * Where TypeORM's failed queries and migrations go, as JSON lines without query parameters (`QueryLog`); without
   * one, nothing of TypeORM's is logged.
   */
  logger?: QueryLogSink;
}

/** TypeORM options for a service's database. Schema changes happen through migrations only: never `synchronize`. */
export function postgresDataSourceOptions(options: PostgresModuleOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: options.migrationsRun,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // TypeORM's console logger printed failed queries as plain text with their parameters (password hashes,
    // e-mail addresses): a service's own logger takes them instead, or nothing does.
    logger: options.logger ? new QueryLog(options.logger) : undefined,
    logging: options.logger ? true : false,
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10 },
  };
}

/** Answers readiness: the pool hands out a connection that runs a query. */
@Injectable()
export class PostgresHealthIndicator {
  readonly name = 'postgres';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    await this.dataSource.query('select 1');
  }
}

@Module({})
export class PostgresModule {
  static forRoot(options: PostgresModuleOptions): DynamicModule {
    return {
      module: PostgresModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({ ...postgresDataSourceOptions(options), retryAttempts: 3, retryDelay: 1000 }),
      ],
      providers: [PostgresHealthIndicator],
      exports: [PostgresHealthIndicator, TypeOrmModule],
    };
  }

  /** Repositories for a feature module's entities (inject them in `*.repository.ts` classes only). */
  static forFeature(entities: ClassType[]): DynamicModule {
    return TypeOrmModule.forFeature(entities);
  }
}
