import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Chain deposits whose transfer leaves the chain (docs/wallet.md "Reverted deposits"):
 * - `deposit.status` gains `REVERTED` (a pending deposit taken back out of DEPOSITS_IN_FLIGHT), with `reverted_at`;
 * - `missing_since_height`: the tip at which the watcher first found the transfer neither mined nor in the mempool
 *   (null while the chain shows it), the start of the wait before a revert;
 * - `lost_at`: a credited deposit whose transfer stayed missing as long (an operations incident, reported once;
 *   `deposit_lost_now` keeps the watcher's count of them, read every pass, cheap);
 * - `deposit_credited_watch`: credited chain deposits the watcher still follows (below 100 confirmations, the
 *   watcher's `WATCH_CREDITED_CONFIRMATIONS`).
 */
export class RevertedDeposits1764700000001 implements MigrationInterface {
  name = 'RevertedDeposits1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table deposit drop constraint deposit_status_check`);
    await q.query(
      `alter table deposit add constraint deposit_status_check check (status in ('PENDING', 'CONFIRMED', 'REVERTED'))`,
    );
    await q.query(`alter table deposit add column missing_since_height bigint`);
    await q.query(`alter table deposit add column lost_at timestamptz`);
    await q.query(`alter table deposit add column reverted_at timestamptz`);
    await q.query(
      `alter table deposit add constraint deposit_reverted check ((status = 'REVERTED') = (reverted_at is not null))`,
    );
    await q.query(
      `alter table deposit add constraint deposit_lost check (lost_at is null or status = 'CONFIRMED')`,
    );
    await q.query(
      `create index deposit_credited_watch on deposit (created_at)
       where source = 'CHAIN' and status = 'CONFIRMED' and confirmations < 100`,
    );
    await q.query(`create index deposit_lost_now on deposit (deposit_id) where lost_at is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index deposit_lost_now`);
    await q.query(`drop index deposit_credited_watch`);
    await q.query(`alter table deposit drop constraint deposit_lost`);
    await q.query(`alter table deposit drop constraint deposit_reverted`);
    await q.query(`alter table deposit drop column reverted_at`);
    await q.query(`alter table deposit drop column lost_at`);
    await q.query(`alter table deposit drop column missing_since_height`);
    await q.query(`alter table deposit drop constraint deposit_status_check`);
    await q.query(
      `alter table deposit add constraint deposit_status_check check (status in ('PENDING', 'CONFIRMED'))`,
    );
  }
}
