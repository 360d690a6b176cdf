import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Self-trade prevention's record (Binance's prevented matches, `GET /api/v3/myPreventedMatches`): one row per match
 * the engine prevented, written by settlement from the `STP_TAKER` / `STP_MAKER` expiries that name it.
 *
 * - `prevented_match_id`: the engine sequence of the match's first expiry in its market (like a trade id, the
 *   trade's sequence); under `EXPIRE_BOTH` the maker's expiry comes first.
 * - `stp_mode`: the taker's mode, which decided what expired.
 * - `taker_prevented_lots` / `maker_prevented_lots`: what was left of the order that expired (Binance's
 *   `takerPreventedQuantity` / `makerPreventedQuantity`); null for the order that did not expire, and for a market
 *   buy sized by quote (no base quantity to name).
 *
 * A taker meets a given resting order at most once under STP (one of the two expires), hence one row per pair; the
 * two expiries of an `EXPIRE_BOTH` match fill in one row, whichever settlement brings each.
 */
export class PreventedMatches1765000000007 implements MigrationInterface {
  name = 'PreventedMatches1765000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table wallet_prevented_match (
        market varchar(25) not null references market (symbol),
        prevented_match_id bigint not null check (prevented_match_id >= 0),
        user_id varchar(64) not null,
        taker_order_id varchar(64) not null,
        taker_order_no bigint not null,
        maker_order_id varchar(64) not null,
        maker_order_no bigint not null,
        stp_mode varchar(12) not null check (stp_mode in ('EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH')),
        price_ticks bigint not null check (price_ticks > 0),
        taker_prevented_lots bigint check (taker_prevented_lots > 0),
        maker_prevented_lots bigint check (maker_prevented_lots > 0),
        transact_time_ms bigint not null check (transact_time_ms >= 0),
        primary key (market, prevented_match_id),
        constraint wallet_prevented_match_pair unique (market, taker_order_no, maker_order_no)
      )`);
    await q.query(
      `create index wallet_prevented_match_user on wallet_prevented_match (user_id, market, prevented_match_id)`,
    );
    // The match an order expired in, by its number (the pair's unique index serves the taker side).
    await q.query(
      `create index wallet_prevented_match_maker on wallet_prevented_match (market, maker_order_no)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table wallet_prevented_match`);
  }
}
