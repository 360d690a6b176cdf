import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An order that self-trade prevention ended is stored `EXPIRED_IN_MATCH` (Binance's status for it), no longer
 * `EXPIRED`: the status check takes the new value.
 *
 * The new check is added `not valid` and validated afterwards, so that the table is locked against writes only for
 * the catalogue change and the scan of the stored rows runs under a lock that lets settlement go on. Orders expired
 * by STP before this migration stay `EXPIRED` (the wallet did not record why an order expired).
 */
export class OrderExpiredInMatch1765000000006 implements MigrationInterface {
  name = 'OrderExpiredInMatch1765000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table wallet_order drop constraint wallet_order_status_check`);
    await q.query(`alter table wallet_order add constraint wallet_order_status_check check (status in
      ('PENDING', 'ACCEPTED', 'FILLED', 'CANCELLED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'REJECTED')) not valid`);
    await q.query(`alter table wallet_order validate constraint wallet_order_status_check`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The older code knows these orders as EXPIRED, which they are.
    await q.query(`update wallet_order set status = 'EXPIRED' where status = 'EXPIRED_IN_MATCH'`);
    await q.query(`alter table wallet_order drop constraint wallet_order_status_check`);
    await q.query(`alter table wallet_order add constraint wallet_order_status_check check (status in
      ('PENDING', 'ACCEPTED', 'FILLED', 'CANCELLED', 'EXPIRED', 'REJECTED'))`);
  }
}
