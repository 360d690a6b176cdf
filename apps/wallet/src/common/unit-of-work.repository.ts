import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** PostgreSQL error codes worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 8;

export function pgErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * One PostgreSQL transaction (READ COMMITTED) around work that spans repositories; repositories take
 * its `EntityManager`. A deadlock or serialisation failure retries the whole unit, so callers write
 * their work as a pure function of what they read inside it.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction('READ COMMITTED', work);
      } catch (error) {
        const code = pgErrorCode(error);
        if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  /** Outside any transaction, for reads. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
