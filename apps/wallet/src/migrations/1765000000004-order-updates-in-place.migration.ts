import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Settlement's updates of `wallet_order` (filled lots, spent quote, status) become heap-only (HOT): PostgreSQL writes
 * the new version on the same page and no index entry, where it wrote a new entry in each of the table's indexes
 * (five, and the open orders' one while the order stayed open). Two things kept them out:
 *
 * - `status` was in the predicate of `wallet_order_open (user_id) where status in ('PENDING', 'ACCEPTED')`, and an
 *   update that changes a column an index uses (its predicate included) is never HOT; every settlement changes it
 *   (accepted, filled, cancelled). The user's open orders are found by their holds instead: `hold_open (user_id)
 *   where status = 'ACTIVE'`. A hold is ACTIVE exactly while its order is PENDING or ACCEPTED (the intake writes both,
 *   settlement changes both in one transaction, `OrderRepository.saveProgress`), so `OrderRepository.openOf` reads the
 *   same orders through it.
 * - A HOT update needs room on the row's page; pages filled by inserts had none. `fillfactor = 50` leaves half of each
 *   new page for the versions its orders' updates write (a settlement that accepts, fills and ends an order updates it
 *   at least once, usually two or three times in separate transactions, and later visits of the page reclaim the dead
 *   versions). The table ends no larger: measured on 20,000 orders, each updated twice, 11 MB against 17 MB with full
 *   pages, as a non-HOT version goes to a new page every time.
 *
 * `hold` gets the same room: its update while the order stays open (a partial fill lowers the amount) is HOT, where
 * with full pages it wrote a new primary key entry, and now would write one in `hold_open` too. Its last update, when
 * the order ends, changes its status: a new primary key entry, as before, and none in `hold_open`, which it leaves.
 *
 * Updating 20,000 orders in one statement (a settlement of a backlog): 44–49 ms against 380–500 ms
 * (docs/benchmarks.md). Pages written before this migration keep their layout until they are rewritten (`VACUUM
 * FULL` or `pg_repack`, by hand, where the table is large); most of their orders' updates stay non-HOT until then.
 *
 * During a rolling upgrade the old pods' open-orders query, which filters `wallet_order` by status, still runs: by the
 * `(user_id, client_order_id)` index, reading the user's orders instead of the open ones, until they are replaced.
 */
export class OrderUpdatesInPlace1765000000004 implements MigrationInterface {
  name = 'OrderUpdatesInPlace1765000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index hold_open on hold (user_id) where status = 'ACTIVE'`);
    await q.query(`drop index wallet_order_open`);
    await q.query(`alter table wallet_order set (fillfactor = 50)`);
    await q.query(`alter table hold set (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table hold reset (fillfactor)`);
    await q.query(`alter table wallet_order reset (fillfactor)`);
    await q.query(
      `create index wallet_order_open on wallet_order (user_id) where status in ('PENDING', 'ACCEPTED')`,
    );
    await q.query(`drop index hold_open`);
  }
}
