import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The per-statement (and deferred) checks of the journal, fills, orders and holds. */
const CHECKS = [
  'journal_entries_checked',
  'journal_balance_pending_checked',
  'wallet_fills_checked',
  'wallet_orders_checked',
  'holds_checked',
] as const;

/**
 * Every lookup of the checks (migrations `1764300000010`, `1764800000002`) is by key: each new entry's journal
 * transaction and account, each new fill's or hold's order, each new order's market. Migration `1764900000051` turned
 * hash and merge joins off in two of them, but left sequential scans on, and PL/pgSQL keeps the plan a check first
 * got in a connection for as long as the connection lives. A wallet connection whose first journal write was a
 * faucet deposit or a settlement (tables nearly empty, no statistics yet) planned the journal check as a nested loop
 * over a materialized sequential scan of the WHOLE `journal_transaction`; the order intake, whose function runs with
 * sequential scans off, then reused that plan in every group. Seen with `auto_explain` in `bench:wallet`: 126,850
 * rows compared for one group of 236 orders, 9–11 ms per group at a few hundred stored transactions and growing with
 * the table, a quarter of PostgreSQL's CPU in the intake.
 *
 * Each check function now carries all three settings itself, so its plans are index probes whoever calls it first
 * and whatever the statistics: what it checks is unchanged. A later `create or replace` of one of them must repeat
 * the settings.
 */
export class CheckPlansByIndex1765000000001 implements MigrationInterface {
  name = 'CheckPlansByIndex1765000000001';

  async up(q: QueryRunner): Promise<void> {
    for (const fn of CHECKS) {
      await q.query(
        `alter function ${fn}() set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const fn of CHECKS) {
      await q.query(`alter function ${fn}() reset enable_seqscan`);
      if (fn !== 'journal_entries_checked' && fn !== 'wallet_fills_checked') {
        await q.query(`alter function ${fn}() reset enable_hashjoin`);
        await q.query(`alter function ${fn}() reset enable_mergejoin`);
      }
    }
  }
}
