import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Stop orders (STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT, TAKE_PROFIT_LIMIT): the order type column takes their
 * names (`TAKE_PROFIT_LIMIT` is 17 characters), `stop_ticks` keeps the trigger price in ticks, and
 * `triggered_at_ms` the engine's time of the trigger (Binance's `workingTime`), null until it triggers.
 */
export class StopOrders1764500000010 implements MigrationInterface {
  name = 'StopOrders1764500000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table wallet_order drop constraint if exists wallet_order_order_type_check`);
    await q.query(`alter table wallet_order alter column order_type type varchar(20)`);
    await q.query(`
      alter table wallet_order
        add constraint wallet_order_order_type_check check (order_type in
          ('LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT')),
        add column stop_ticks bigint check (stop_ticks > 0),
        add column triggered_at_ms bigint,
        add constraint wallet_order_stop_price_needed check (
          (stop_ticks is not null) = (order_type in ('STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Refused by PostgreSQL (the old type check) while stop orders are stored: nothing is deleted.
    await q.query(`alter table wallet_order drop constraint wallet_order_stop_price_needed`);
    await q.query(`alter table wallet_order drop column triggered_at_ms, drop column stop_ticks`);
    await q.query(`alter table wallet_order drop constraint wallet_order_order_type_check`);
    await q.query(`alter table wallet_order alter column order_type type varchar(16)`);
    await q.query(
      `alter table wallet_order add constraint wallet_order_order_type_check
         check (order_type in ('LIMIT', 'LIMIT_MAKER', 'MARKET'))`,
    );
  }
}
