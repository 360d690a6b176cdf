import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An applied amend keeps the engine's `amended` event: its sequence (Binance's `executionId` in
 * `GET /api/v3/order/amendments`) and time. Both stay null for pending and rejected amends, and for the amends applied
 * before this migration (the wallet did not record them; the amendment list leaves those out).
 */
export class AmendExecutions1765000000008 implements MigrationInterface {
  name = 'AmendExecutions1765000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table wallet_order_amend
      add column event_seq bigint check (event_seq >= 0),
      add column applied_at_ms bigint check (applied_at_ms >= 0)`);
    await q.query(`create index wallet_order_amend_applied on wallet_order_amend (order_id, event_seq)
      where event_seq is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table wallet_order_amend drop column event_seq, drop column applied_at_ms`);
  }
}
