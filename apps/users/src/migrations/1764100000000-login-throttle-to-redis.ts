import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Failed-login counting moved to Redis (per account and per client network, shared by every pod, expiring on
 * their own): the PostgreSQL table is no longer written or read. Its rows are transient counters, so nothing is
 * carried over; `down` gives back an empty table.
 */
export class LoginThrottleToRedis1764100000000 implements MigrationInterface {
  name = 'LoginThrottleToRedis1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop table login_throttle`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      create table login_throttle (
        email_key text primary key,
        failures integer not null,
        locked_until timestamptz,
        updated_at timestamptz not null
      )`);
  }
}
