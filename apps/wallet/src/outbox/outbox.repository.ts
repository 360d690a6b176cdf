import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { traceparentOf } from '@exchange/shared-data-access-nats';

export interface OutboxMessage {
  id: string;
  messageId: string;
  /** Subject without the run prefix (`cmd.BTC-USDT`). */
  subject: string;
  payload: unknown;
  /** The trace context of the request that queued it (W3C `traceparent`), when it had one. */
  traceparent?: string;
  /** The batch it is published in (one message for every row of the batch), when it has one. */
  batchId?: string;
}

interface OutboxRaw {
  id: string;
  message_id: string;
  subject: string;
  payload: unknown;
  traceparent: string | null;
  batch_id: string | null;
}

function toMessage(r: OutboxRaw): OutboxMessage {
  return {
    id: r.id,
    messageId: r.message_id,
    subject: r.subject,
    payload: r.payload,
    ...(r.traceparent ? { traceparent: r.traceparent } : {}),
    ...(r.batch_id ? { batchId: r.batch_id } : {}),
  };
}

/** Commands committed together with the state that caused them, waiting for the relay. */
@Injectable()
export class OutboxRepository {
  /**
   * Queues a message; a message id already queued is left alone (a retried command). The active trace context
   * (the request being handled) is kept with it, for the relay to publish the message in the same trace.
   */
  async add(tx: EntityManager, message: Omit<OutboxMessage, 'id'>): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `insert into outbox (message_id, subject, payload, traceparent) values ($1, $2, $3, $4)
       on conflict (message_id) do nothing returning id`,
      [
        message.messageId,
        message.subject,
        JSON.stringify(message.payload),
        message.traceparent ?? traceparentOf() ?? null,
      ],
    );
    return rows.length === 1;
  }

  /**
   * The oldest unsent messages, locked so that another relay skips them, and every other unsent row of the batches
   * they belong to (so that a batch is always published whole), in id order. `order by outbox.id`: the number, read
   * in order from `outbox_unsent` (the output column `id` is its text, which sorted '10' before '9').
   */
  async lockUnsent(tx: EntityManager, limit: number): Promise<OutboxMessage[]> {
    const rows: OutboxRaw[] = await tx.query(
      `select id::text as id, message_id, subject, payload, traceparent, batch_id from outbox
       where sent_at is null order by outbox.id limit $1 for update skip locked`,
      [limit],
    );
    const batches = [...new Set(rows.flatMap((r) => (r.batch_id ? [r.batch_id] : [])))];
    if (batches.length === 0) return rows.map(toMessage);
    const rest: OutboxRaw[] = await tx.query(
      `select id::text as id, message_id, subject, payload, traceparent, batch_id from outbox
       where sent_at is null and batch_id = any($1::varchar[]) and id <> all($2::bigint[])
       order by outbox.id for update`,
      [batches, rows.map((r) => r.id)],
    );
    return [...rows, ...rest].sort((a, b) => Number(BigInt(a.id) - BigInt(b.id))).map(toMessage);
  }

  async markSent(tx: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length) await tx.query(`update outbox set sent_at = now() where id = any($1::bigint[])`, [ids]);
  }

  /** Unsent messages and the age of the oldest, in seconds (the relay's lag). */
  async lag(tx: EntityManager): Promise<{ unsent: number; oldestSeconds: number }> {
    const [row] = await tx.query(
      `select count(*)::int as unsent,
         coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
       from outbox where sent_at is null`,
    );
    return { unsent: row.unsent, oldestSeconds: row.oldest };
  }
}
