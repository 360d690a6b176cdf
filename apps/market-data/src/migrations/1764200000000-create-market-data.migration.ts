import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Trades, candles and the per-market applied position (numeric money columns, epoch-ms times). */
export class CreateMarketData1764200000000 implements MigrationInterface {
  name = 'CreateMarketData1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table md_market_state (
        market text primary key,
        last_seq bigint not null,
        last_ts bigint not null,
        state jsonb not null,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table md_trade (
        market text not null,
        id bigint not null,
        ts bigint not null,
        price numeric not null,
        qty numeric not null,
        quote_qty numeric not null,
        taker_side text not null check (taker_side in ('BUY', 'SELL')),
        maker_order_id text not null,
        taker_order_id text not null,
        primary key (market, id)
      )`);
    await q.query(`create index md_trade_market_ts on md_trade (market, ts)`);
    await q.query(`
      create table md_candle (
        market text not null,
        interval text not null,
        open_time bigint not null,
        close_time bigint not null,
        open numeric not null,
        high numeric not null,
        low numeric not null,
        close numeric not null,
        volume numeric not null,
        quote_volume numeric not null,
        trades integer not null,
        taker_buy_volume numeric not null,
        taker_buy_quote_volume numeric not null,
        closed boolean not null,
        primary key (market, interval, open_time)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table md_candle');
    await q.query('drop table md_trade');
    await q.query('drop table md_market_state');
  }
}
