import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The outbox holds only what is still to be published: the relay deletes the rows it publishes, in the transaction
 * that locked them (`OutboxRepository.take`), instead of setting `sent_at`. What the engine was sent is the `CMD`
 * stream's record; the order itself stays in `wallet_order`.
 *
 * Per order that is one write fewer of the command's whole row: the mark was an update of a column in the predicate
 * of both partial indexes, never HOT, so it wrote a second copy of the row (its JSON payload included) and a new
 * entry in each of the table's two unique indexes, and the row stayed for good. Marking rows by `sent_at` needed
 * `outbox_unsent` and `outbox_unsent_batch` to find the unsent ones; with every row unsent the primary key orders
 * them, and `outbox_batch` finds a batch's rows. The rows sent before are removed here (one statement: on a venue
 * with a long history, delete them in slices beforehand).
 *
 * `message_id` stays unique among the unsent rows. A message queued again after its row was published (a second
 * cancel of one order) is published again with the same `Nats-Msg-Id`: JetStream drops it inside the `CMD` stream's
 * duplicate window, and after it the engine answers a cancel of an order it no longer has (`ORDER_NOT_OPEN`). Order
 * placements, amends and market status changes are kept from repeating by their own keys, as before.
 *
 * During a rolling upgrade (the chart's migration job runs before the new pods start) the old pods' relays fail on the
 * missing column until they are replaced, counted in `wallet_outbox_publish_failures_total`; their intake still
 * queues, and the new pods' relays publish what they queued. Nothing is lost; those commands wait for the rollout.
 */
export class OutboxDeletedOnceSent1765000000003 implements MigrationInterface {
  name = 'OutboxDeletedOnceSent1765000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`delete from outbox where sent_at is not null`);
    await q.query(`drop index outbox_unsent`);
    await q.query(`drop index outbox_unsent_batch`);
    await q.query(`alter table outbox drop column sent_at`);
    await q.query(`create index outbox_batch on outbox (batch_id) where batch_id is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index outbox_batch`);
    await q.query(`alter table outbox add column sent_at timestamptz`);
    await q.query(`create index outbox_unsent on outbox (id) where sent_at is null`);
    await q.query(
      `create index outbox_unsent_batch on outbox (batch_id) where sent_at is null and batch_id is not null`,
    );
  }
}
