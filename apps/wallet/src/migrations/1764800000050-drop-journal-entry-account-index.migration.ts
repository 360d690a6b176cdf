import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Drops `journal_entry_account` (`journal_entry (account_id)`): no statement of the wallet looks entries up by
 * account. Reconciliation sums every entry per account in one pass (a sequential scan, never this index), balances are
 * running totals on `ledger_account`, and history reads their own tables (orders, fills, deposits, withdrawals). Each
 * settled trade wrote seven entries into it (a text key each); an account statement that needs entries by account can
 * create it again (`down`).
 */
export class DropJournalEntryAccountIndex1764800000050 implements MigrationInterface {
  name = 'DropJournalEntryAccountIndex1764800000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop index journal_entry_account`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`create index journal_entry_account on journal_entry (account_id)`);
  }
}
