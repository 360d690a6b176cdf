import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Order amends (`wallet_order_amend`: one row per amend request, idempotent per user and `amend_id`, PENDING
 * until the engine applies or refuses it), withdrawals that wait for an operator (`PENDING_APPROVAL`, then
 * `REQUESTED` when approved or `REJECTED` with the funds returned) and the indexes the per-user deposit and
 * withdrawal history pages by (time, id).
 */
export class AmendsAndFundsHistory1764100000003 implements MigrationInterface {
  name = 'AmendsAndFundsHistory1764100000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table wallet_order_amend (
        amend_id varchar(100) not null,
        user_id varchar(64) not null,
        order_id varchar(64) not null references wallet_order (order_id),
        command_id varchar(120) not null unique,
        previous_lots bigint not null check (previous_lots > 0),
        new_lots bigint not null check (new_lots > 0),
        filled_lots_at_request bigint not null check (filled_lots_at_request >= 0),
        hold_increase numeric(38, 0) not null default 0 check (hold_increase >= 0),
        status varchar(10) not null check (status in ('PENDING', 'APPLIED', 'REJECTED')),
        reject_reason varchar(100),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (user_id, amend_id)
      )`);
    // At most one amend of an order waits for the engine at a time.
    await q.query(
      `create unique index wallet_order_amend_pending on wallet_order_amend (order_id) where status = 'PENDING'`,
    );
    await q.query(`alter table withdrawal drop constraint withdrawal_status_check`);
    await q.query(`
      alter table withdrawal add constraint withdrawal_status_check
        check (status in ('PENDING_APPROVAL', 'REQUESTED', 'COMPLETED', 'FAILED', 'REJECTED'))`);
    await q.query(`alter table withdrawal alter column status type varchar(16)`);
    await q.query(`alter table withdrawal add column reviewed_by varchar(100)`);
    await q.query(`alter table withdrawal add column tx_id varchar(128)`);
    await q.query(`create index withdrawal_user_time on withdrawal (user_id, created_at, withdrawal_id)`);
    await q.query(`create index withdrawal_status_time on withdrawal (status, created_at)`);
    await q.query(`create index deposit_user_time on deposit (user_id, created_at, deposit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index deposit_user_time`);
    await q.query(`drop index withdrawal_status_time`);
    await q.query(`drop index withdrawal_user_time`);
    await q.query(`alter table withdrawal drop column tx_id`);
    await q.query(`alter table withdrawal drop column reviewed_by`);
    await q.query(`alter table withdrawal drop constraint withdrawal_status_check`);
    await q.query(`
      alter table withdrawal add constraint withdrawal_status_check
        check (status in ('REQUESTED', 'COMPLETED', 'FAILED'))`);
    await q.query(`drop table wallet_order_amend`);
  }
}
