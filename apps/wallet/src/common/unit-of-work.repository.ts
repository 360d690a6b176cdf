import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { StatementBatch } from './statement-batch';

/** PostgreSQL error codes worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 8;
const BEGIN = 'start transaction isolation level read committed';

interface LeanOptions {
  asyncCommit?: boolean;
  customPlans?: boolean;
}

/** The statements that open a lean transaction (see `runLean`). */
function beginning(options: LeanOptions): string[] {
  const statements = [BEGIN];
  if (options.asyncCommit) statements.push('set local synchronous_commit = off');
  if (options.customPlans) statements.push('set local plan_cache_mode = force_custom_plan');
  return statements;
}

export function pgErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs `once` again (up to ATTEMPTS times, after a short random pause) while PostgreSQL refuses it with a deadlock
 * or serialisation failure, in which case nothing of it was written; any other error goes to the caller.
 */
export async function retryingTransientFailures<T>(once: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (error) {
      const code = pgErrorCode(error);
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

/**
 * One PostgreSQL transaction (READ COMMITTED) around work that spans repositories; repositories take
 * its `EntityManager`. A deadlock or serialisation failure retries the whole unit, so callers write
 * their work as a pure function of what they read inside it.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return retryingTransientFailures(() => this.dataSource.transaction('READ COMMITTED', work));
  }

  /**
   * `run` in fewer round trips, for work that runs SQL only through `query` (no TypeORM entity persistence: the
   * transaction is not TypeORM's, so `save` would open its own). TypeORM's `transaction` sends `START TRANSACTION`
   * and `SET TRANSACTION ISOLATION LEVEL` as two statements; this sends both, and with `asyncCommit` a
   * `SET LOCAL synchronous_commit = off`, in ONE round trip (`runBatched` with the work between its two batches).
   * `asyncCommit`: the commit returns before
   * its WAL is flushed, so a PostgreSQL crash may lose it (never a later synchronous commit's, nor half of it);
   * only for work whose loss is harmless: the outbox relay's marks (rows republished, JetStream drops the
   * duplicates by `Nats-Msg-Id`). `customPlans`: the transaction's prepared statements are planned for their
   * values on every run (`plan_cache_mode = force_custom_plan`) instead of reusing the plan a connection cached,
   * which PostgreSQL keeps until the tables are analyzed again: one made while a table held a few rows scans the
   * whole table for a few keys for as long as the connection lives (settlement, see docs/wallet.md).
   */
  runLean<T>(work: (tx: EntityManager) => Promise<T>, options: LeanOptions = {}): Promise<T> {
    return this.runBatched(async (tx, { first, last }) => {
      await first.run(tx);
      const result = await work(tx);
      await last.run(tx);
      return result;
    }, options);
  }

  /**
   * `runLean` in the fewest round trips, for work whose first statements and last writes go as `StatementBatch`es:
   * the transaction's BEGIN (with the options) goes with `first`, its COMMIT with `last`. The work runs `first` before
   * any other statement and `last` after all others; nothing after `last` may fail, for the transaction is committed
   * by then. A work that does not run both is a bug: refused, and rolled back.
   */
  runBatched<T>(
    work: (tx: EntityManager, batches: { first: StatementBatch; last: StatementBatch }) => Promise<T>,
    options: LeanOptions = {},
  ): Promise<T> {
    return retryingTransientFailures(async () => {
      const runner = this.dataSource.createQueryRunner();
      const first = new StatementBatch({ first: beginning(options) });
      const last = new StatementBatch({ last: ['commit'] });
      try {
        await runner.connect();
        const result = await work(runner.manager, { first, last });
        if (!first.sent || !last.sent)
          throw new Error('runBatched: the work did not run its first and last batch');
        return result;
      } catch (error) {
        // Also after a failed COMMIT, or when BEGIN never ran: PostgreSQL then only warns.
        if (first.sent) await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        await runner.release();
      }
    });
  }

  /** Outside any transaction, for reads. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
