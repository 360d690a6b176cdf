import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Chain deposits and withdrawals through a chain watcher:
 * - `deposit_address`: one address per (user, asset), created on the first request, unique venue-wide;
 * - `deposit` rows are recorded when the watcher detects them (`PENDING`, money in DEPOSITS_IN_FLIGHT) and become
 *   `CONFIRMED` (credited) at the asset's confirmation threshold, with the count, address and time of credit;
 * - withdrawals gain `SENT` (broadcast, waiting for confirmations) and their confirmations;
 * - `chain_cursor`: how far each watcher has scanned;
 * - `sim_chain_block`, `sim_chain_transfer`: the simulated chain of the demo and tests (a stand-in for the outside
 *   world; a real chain keeps this in its node, not in the wallet's database).
 */
export class ChainDeposits1764400000001 implements MigrationInterface {
  name = 'ChainDeposits1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table deposit_address (
        user_id varchar(64) not null,
        asset varchar(20) not null references asset (code),
        address varchar(128) not null unique,
        created_at timestamptz not null default now(),
        primary key (user_id, asset)
      )`);
    await q.query(`alter table deposit drop constraint deposit_status_check`);
    await q.query(
      `alter table deposit add constraint deposit_status_check check (status in ('PENDING', 'CONFIRMED'))`,
    );
    await q.query(`alter table deposit add column confirmations integer not null default 0`);
    await q.query(`alter table deposit add column required_confirmations integer not null default 0`);
    await q.query(`alter table deposit add column address varchar(128)`);
    await q.query(`alter table deposit add column credited_at timestamptz`);
    await q.query(`update deposit set credited_at = created_at where status = 'CONFIRMED'`);
    await q.query(
      `alter table deposit add constraint deposit_credited check ((status = 'CONFIRMED') = (credited_at is not null))`,
    );
    await q.query(`create index deposit_pending on deposit (created_at) where status = 'PENDING'`);

    await q.query(`alter table withdrawal drop constraint withdrawal_status_check`);
    await q.query(`
      alter table withdrawal add constraint withdrawal_status_check
        check (status in ('PENDING_APPROVAL', 'REQUESTED', 'SENT', 'COMPLETED', 'FAILED', 'REJECTED'))`);
    await q.query(`alter table withdrawal add column confirmations integer not null default 0`);
    await q.query(
      `create index withdrawal_in_progress on withdrawal (created_at) where status in ('REQUESTED', 'SENT')`,
    );

    await q.query(`
      create table chain_cursor (
        watcher varchar(40) primary key,
        height bigint not null check (height >= 0),
        updated_at timestamptz not null default now()
      )`);

    await q.query(`
      create table sim_chain_block (
        height bigint primary key check (height > 0),
        produced_at timestamptz not null default now()
      )`);
    await q.query(`
      create table sim_chain_transfer (
        txid varchar(64) not null,
        vout integer not null check (vout >= 0),
        asset varchar(20) not null,
        address varchar(128) not null,
        amount numeric(38, 0) not null check (amount > 0),
        block_height bigint,
        withdrawal_id varchar(64) unique,
        created_at timestamptz not null default now(),
        primary key (txid, vout)
      )`);
    await q.query(`create index sim_chain_transfer_block on sim_chain_transfer (block_height)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table sim_chain_transfer`);
    await q.query(`drop table sim_chain_block`);
    await q.query(`drop table chain_cursor`);
    await q.query(`drop index withdrawal_in_progress`);
    await q.query(`alter table withdrawal drop column confirmations`);
    await q.query(`alter table withdrawal drop constraint withdrawal_status_check`);
    await q.query(`
      alter table withdrawal add constraint withdrawal_status_check
        check (status in ('PENDING_APPROVAL', 'REQUESTED', 'COMPLETED', 'FAILED', 'REJECTED'))`);
    await q.query(`drop index deposit_pending`);
    await q.query(`alter table deposit drop constraint deposit_credited`);
    await q.query(`alter table deposit drop column credited_at`);
    await q.query(`alter table deposit drop column address`);
    await q.query(`alter table deposit drop column required_confirmations`);
    await q.query(`alter table deposit drop column confirmations`);
    await q.query(`alter table deposit drop constraint deposit_status_check`);
    await q.query(`alter table deposit add constraint deposit_status_check check (status in ('CONFIRMED'))`);
    await q.query(`drop table deposit_address`);
  }
}
