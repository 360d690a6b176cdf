import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `market_status_change`: every operator status change of a market (`wallet.cmd.market-status.v1`), keyed by its
 * command id (the idempotency key, also the engine command's `Nats-Msg-Id`), with who asked, why and when. The
 * market row keeps the current status; this is its history.
 */
export class MarketStatusChanges1764600000001 implements MigrationInterface {
  name = 'MarketStatusChanges1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table market_status_change (
        command_id varchar(64) primary key,
        market varchar(25) not null references market (symbol),
        status varchar(12) not null check (status in ('TRADING', 'HALTED', 'CANCEL_ONLY')),
        previous_status varchar(12) not null check (previous_status in ('TRADING', 'HALTED', 'CANCEL_ONLY')),
        reason varchar(500),
        requested_by varchar(120),
        changed_at timestamptz not null
      )`);
    await q.query(`create index market_status_change_market on market_status_change (market, changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table market_status_change`);
  }
}
