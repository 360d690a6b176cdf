import { type Logger as TypeOrmLogger } from 'typeorm';

/** The part of the service's pino logger the query log writes to. */
export interface QueryLogSink {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Longest query text a log line carries (a bulk statement can be kilobytes). */
const MAX_QUERY_CHARS = 500;

const shortened = (query: string) =>
  query.length > MAX_QUERY_CHARS ? `${query.slice(0, MAX_QUERY_CHARS)}…` : query;

/**
 * SQLSTATE classes a service meets in normal operation and handles itself: 23 integrity constraint violations (a
 * taken e-mail, a unique key raced by another pod) and 40 transaction rollbacks (serialization failures and
 * deadlocks, which the wallet runs again). Logged at debug; anything else at warn, for the caller answers it too.
 */
const HANDLED_SQLSTATE_CLASSES = ['23', '40'];

/**
 * TypeORM's log as the service's JSON lines: failed queries with their SQLSTATE and text but never their parameters
 * (TypeORM's console logger printed them, password hashes and e-mail addresses included, as plain text), and the
 * migrations it runs. Every other query goes unlogged: `logQuery` is called for each one and does nothing.
 */
export class QueryLog implements TypeOrmLogger {
  constructor(private readonly sink: QueryLogSink) {}

  logQuery(): void {
    // Every query: not logged (metrics and traces cover them).
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    const code = typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    const sqlState = typeof code === 'string' ? code : undefined;
    const fields = {
      sqlState,
      error: typeof error === 'string' ? error : error.message,
      query: shortened(query),
      parameters: parameters?.length ?? 0,
    };
    if (sqlState !== undefined && HANDLED_SQLSTATE_CLASSES.includes(sqlState.slice(0, 2)))
      this.sink.debug(fields, 'query failed');
    else this.sink.warn(fields, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.sink.warn({ ms: time, query: shortened(query) }, 'slow query');
  }

  /** The migration runner's progress (`synchronize` is off: schema changes come from migrations only). */
  logSchemaBuild(message: string): void {
    this.sink.info({ migration: message }, 'migration');
  }

  /** A migration that failed. */
  logMigration(message: string): void {
    this.sink.warn({ migration: message }, 'migration');
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const fields = { typeorm: String(message) };
    if (level === 'warn') this.sink.warn(fields, 'typeorm');
    else this.sink.debug(fields, 'typeorm');
  }
}
