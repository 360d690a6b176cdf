import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A withdrawal keeps the client's own id for it (`clientWithdrawalId`, Binance's `withdrawOrderId`), null when the
 * request named none (and for every withdrawal stored before). One per user: the request's idempotency key is then
 * derived from it (`FundsService.requestWithdrawal`), and the partial unique index backs that up in the table.
 */
export class ClientWithdrawalId1765000000009 implements MigrationInterface {
  name = 'ClientWithdrawalId1765000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table withdrawal add column client_withdrawal_id varchar(64)`);
    await q.query(`create unique index withdrawal_user_client_id on withdrawal (user_id, client_withdrawal_id)
      where client_withdrawal_id is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index withdrawal_user_client_id`);
    await q.query(`alter table withdrawal drop column client_withdrawal_id`);
  }
}
