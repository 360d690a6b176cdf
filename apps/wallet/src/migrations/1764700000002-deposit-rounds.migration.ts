import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `deposit.round`: how many times the chain watcher detected a REVERTED deposit again when its transfer came back
 * (0 at first detection; `WALLET_DEPOSIT_REDETECT_LIMIT` bounds it). Its detection and revert of round n > 0 are
 * `deposit-detected:<txid:vout>#<n>` / `deposit-reverted:<txid:vout>#<n>` (docs/wallet.md "Reverted deposits").
 */
export class DepositRounds1764700000002 implements MigrationInterface {
  name = 'DepositRounds1764700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table deposit add column round integer not null default 0 check (round >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table deposit drop column round`);
  }
}
