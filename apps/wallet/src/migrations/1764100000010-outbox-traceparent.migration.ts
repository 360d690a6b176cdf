import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the request that queued each outbox command: the relay publishes the command later,
 * from its own timer, and puts it back in the message's headers so that the order stays one trace.
 */
export class OutboxTraceparent1764100000010 implements MigrationInterface {
  name = 'OutboxTraceparent1764100000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table outbox add column traceparent varchar(55)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table outbox drop column traceparent`);
  }
}
