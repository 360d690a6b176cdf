import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the order queries and user trade history need: a public numeric order number (Binance's integer
 * `orderId`, from a sequence) and `wallet_fill`, one immutable row per side of each settled trade with the
 * fee the ledger charged that side. Times of fills are the engine's epoch milliseconds, kept exact.
 */
export class OrderQueries1764100000002 implements MigrationInterface {
  name = 'OrderQueries1764100000002';

  async up(q: QueryRunner): Promise<void> {
    // bigserial numbers the existing rows too, so the column can be not null from the start.
    await q.query(`alter table wallet_order add column order_no bigserial not null`);
    await q.query(`alter table wallet_order add constraint wallet_order_order_no unique (order_no)`);
    await q.query(`create index wallet_order_user_market on wallet_order (user_id, market, order_no)`);
    await q.query(`create index wallet_order_user_market_time on wallet_order (user_id, market, created_at)`);
    await q.query(`
      create table wallet_fill (
        market varchar(25) not null references market (symbol),
        trade_id bigint not null check (trade_id >= 0),
        side varchar(4) not null check (side in ('BUY', 'SELL')),
        order_id varchar(64) not null references wallet_order (order_id),
        user_id varchar(64) not null,
        is_maker boolean not null,
        price_ticks bigint not null check (price_ticks > 0),
        lots bigint not null check (lots > 0),
        base_units numeric(38, 0) not null check (base_units > 0),
        quote_units numeric(38, 0) not null check (quote_units > 0),
        commission numeric(38, 0) not null check (commission >= 0),
        commission_asset varchar(20) not null references asset (code),
        traded_at_ms bigint not null check (traded_at_ms >= 0),
        primary key (market, trade_id, side)
      )`);
    await q.query(`create index wallet_fill_user on wallet_fill (user_id, market, trade_id)`);
    await q.query(`create index wallet_fill_order on wallet_fill (order_id)`);
    // A settled fill is history, like the journal it was written with.
    await q.query(`
      create trigger wallet_fill_immutable before update or delete on wallet_fill
      for each row execute function journal_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists wallet_fill`);
    await q.query(`drop index if exists wallet_order_user_market_time`);
    await q.query(`drop index if exists wallet_order_user_market`);
    await q.query(`alter table wallet_order drop column if exists order_no`);
  }
}
