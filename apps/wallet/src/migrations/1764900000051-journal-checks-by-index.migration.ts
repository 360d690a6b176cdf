import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The statement-level checks of migration `1764300000010` look each new entry's journal transaction and each new
 * fill's order up with `not exists (…)` over the statement's distinct ids. PostgreSQL cannot estimate a transition
 * table (it guesses 200 distinct ids) and, with statistics of a smaller table, chose a hash anti-join: a sequential
 * scan of the WHOLE `journal_transaction` (or `wallet_order`) per statement. A settlement chunk of 1,000 trades at
 * 121,000 journal transactions took 56 ms in that probe (`auto_explain`), growing with the table; by the primary key,
 * 1,000 index probes, 5.5 ms whatever its size. The order intake had met the same plan and runs its function with
 * these joins off (migration `1764800000001`), which its triggers inherit; settlement's `COPY`s and every other writer
 * did not. The two check functions now carry the settings themselves (their other lookups, accounts, markets and
 * assets, were index probes already); what they check is unchanged. A later `create or replace` of either function
 * must repeat them.
 */
export class JournalChecksByIndex1764900000051 implements MigrationInterface {
  name = 'JournalChecksByIndex1764900000051';

  async up(q: QueryRunner): Promise<void> {
    for (const fn of ['journal_entries_checked', 'wallet_fills_checked']) {
      await q.query(`alter function ${fn}() set enable_hashjoin = off`);
      await q.query(`alter function ${fn}() set enable_mergejoin = off`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const fn of ['journal_entries_checked', 'wallet_fills_checked']) {
      await q.query(`alter function ${fn}() reset enable_hashjoin`);
      await q.query(`alter function ${fn}() reset enable_mergejoin`);
    }
  }
}
