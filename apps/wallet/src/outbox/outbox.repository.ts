import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { traceparentOf } from '@exchange/shared-data-access-nats';

import { pgArray } from '../common/pg-array';
import { prepared, runPrepared } from '../common/prepared-statement';
import { StatementBatch } from '../common/statement-batch';

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

/**
 * `head`: the oldest unsent rows (`outbox_unsent`, by number: `order by outbox.id`, not the text output column
 * `id`, which sorted '10' before '9'), locked `skip locked` so that another relay takes the next ones. `rest`: the
 * other unsent rows of the batches `head` cut, locked too (waiting for a relay that holds some: once it commits they
 * are sent and drop out, so a batch is never published in part). Both in the statement's one snapshot; the rows
 * come back in id order, as read by the two locking scans (no third read of the table).
 */
export const LOCK_UNSENT = prepared(
  'wallet_outbox_lock_unsent',
  `with head as materialized (
     select id, message_id, subject, payload, traceparent, batch_id from outbox
     where sent_at is null order by outbox.id limit $1 for update skip locked),
   rest as materialized (
     select o.id, o.message_id, o.subject, o.payload, o.traceparent, o.batch_id from outbox o
     where o.sent_at is null and o.batch_id is not null
       and o.batch_id = any (array(select distinct h.batch_id from head h where h.batch_id is not null))
       and o.id <> all (array(select h.id from head h))
     for update of o)
   select id::text as id, message_id, subject, payload, traceparent, batch_id
   from (select * from head union all select * from rest) as locked
   order by locked.id`,
);
export const MARK_SENT = prepared(
  'wallet_outbox_mark_sent',
  `update outbox set sent_at = now() where id = any ($1::bigint[])`,
);
const LAG = prepared(
  'wallet_outbox_lag',
  `select count(*)::int as unsent,
     coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
   from outbox where sent_at is null`,
);

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
   * they belong to (so that a batch is always published whole), in id order: ONE prepared statement (`LOCK_UNSENT`).
   */
  /** Locks and reads up to `limit` unsent rows, now (`tx`) or with a batch's other statements. */
  async lockUnsent(tx: EntityManager | StatementBatch, limit: number): Promise<OutboxMessage[]> {
    const rows =
      tx instanceof StatementBatch
        ? await tx.add<OutboxRaw>(LOCK_UNSENT, [limit])
        : await runPrepared<OutboxRaw[]>(tx, LOCK_UNSENT, [limit]);
    return rows.map(toMessage);
  }

  /** Marks rows sent, now (`tx`) or with a batch's other statements. */
  async markSent(tx: EntityManager | StatementBatch, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    if (tx instanceof StatementBatch) await tx.add(MARK_SENT, [pgArray(ids)]);
    else await runPrepared(tx, MARK_SENT, [pgArray(ids)]);
  }

  /** Unsent messages and the age of the oldest, in seconds (the relay's lag). */
  async lag(tx: EntityManager): Promise<{ unsent: number; oldestSeconds: number }> {
    const [row] = await runPrepared<{ unsent: number; oldest: number }[]>(tx, LAG, []);
    return { unsent: row.unsent, oldestSeconds: row.oldest };
  }
}
