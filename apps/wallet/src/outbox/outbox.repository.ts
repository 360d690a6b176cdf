import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { traceparentOf } from '@exchange/shared-data-access-nats';

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
 * Takes the oldest rows: `head`, locked `skip locked` so that another relay takes the next ones, and `rest`, the other
 * rows of the batches `head` cut (waiting for a relay that holds some: once it commits they are gone and drop out, so
 * a batch is never published in part), both deleted by the statement that read them. The transaction that runs it
 * publishes them before its commit; a rollback (a failed publish, a crash) leaves them for the next pass. The rows come
 * back from a `select` of the delete's output (a statement tagged DELETE reaches TypeORM's callers as a row count), by
 * number (`order by taken.id`, the bigint, not the text output column, which sorts '10' before '9').
 */
export const TAKE = prepared(
  'wallet_outbox_take',
  `with head as materialized (
     select id, batch_id from outbox order by id limit $1 for update skip locked),
   rest as materialized (
     select o.id from outbox o
     where o.batch_id is not null
       and o.batch_id = any (array(select distinct h.batch_id from head h where h.batch_id is not null))
       and o.id <> all (array(select h.id from head h))
     for update of o),
   taken as (
     delete from outbox o
     where o.id = any (array(select head.id from head union all select rest.id from rest))
     returning o.id, o.message_id, o.subject, o.payload, o.traceparent, o.batch_id)
   select id::text as id, message_id, subject, payload, traceparent, batch_id from taken order by taken.id`,
);
const LAG = prepared(
  'wallet_outbox_lag',
  `select count(*)::int as unsent,
     coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
   from outbox`,
);

const INSERT_ONE = prepared(
  'wallet_outbox_insert_one',
  `insert into outbox (message_id, subject, payload, traceparent) values ($1, $2, $3, $4)
   on conflict (message_id) do nothing returning id`,
);

/** `addAll`'s statement: the messages in the given order, each with its trace context and batch. */
const INSERT_MANY = prepared(
  'wallet_outbox_insert_many',
  `insert into outbox (message_id, subject, payload, traceparent, batch_id)
   select m.message_id, m.subject, m.payload, m.traceparent, m.batch_id
     from unnest($1::varchar[], $2::varchar[], $3::jsonb[], $4::varchar[], $5::varchar[])
          with ordinality as m(message_id, subject, payload, traceparent, batch_id, n)
    order by m.n
   on conflict (message_id) do nothing`,
);

function insertManyValues(
  messages: readonly Omit<OutboxMessage, 'id'>[],
  batchId: string | undefined,
): unknown[] {
  const traceparent = traceparentOf() ?? null;
  return [
    messages.map((m) => m.messageId),
    messages.map((m) => m.subject),
    messages.map((m) => JSON.stringify(m.payload)),
    messages.map((m) => m.traceparent ?? traceparent),
    messages.map((m) => batchId ?? m.batchId ?? null),
  ];
}

/** `INSERT_ONE`'s values: the message's own trace context, else the active one. */
function insertValues(message: Omit<OutboxMessage, 'id'>): unknown[] {
  return [
    message.messageId,
    message.subject,
    JSON.stringify(message.payload),
    message.traceparent ?? traceparentOf() ?? null,
  ];
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
    const rows = await runPrepared<unknown[]>(tx, INSERT_ONE, insertValues(message));
    return rows.length === 1;
  }

  /** `add` with the batch's other writes (`writes`), e.g. just before its transaction's COMMIT. */
  addWith(writes: StatementBatch, message: Omit<OutboxMessage, 'id'>): void {
    void writes.add(INSERT_ONE, insertValues(message));
  }

  /**
   * Queues several messages with one statement, in the given order, as one batch when `batchId` is given (the relay
   * publishes a batch as one message: `toPublications`), or in the batches their own `batchId`s name; a message id
   * already queued is left alone, as with `add`. Each keeps its trace context, else the active one, as with `add`.
   */
  async addAll(
    tx: EntityManager,
    messages: readonly Omit<OutboxMessage, 'id'>[],
    batchId?: string,
  ): Promise<void> {
    if (messages.length === 0) return;
    await runPrepared(tx, INSERT_MANY, insertManyValues(messages, batchId));
  }

  /** `addAll` with the batch's other writes (`writes`), e.g. just before its transaction's COMMIT. */
  addAllWith(writes: StatementBatch, messages: readonly Omit<OutboxMessage, 'id'>[]): void {
    if (messages.length > 0) void writes.add(INSERT_MANY, insertManyValues(messages, undefined));
  }

  /**
   * Takes up to `limit` of the oldest messages, and every other one of the batches they belong to (a batch is always
   * published whole), out of the outbox (`TAKE`), now (`tx`) or with a batch's other statements, in id order. They
   * are gone once the transaction commits: the caller publishes them before.
   */
  async take(tx: EntityManager | StatementBatch, limit: number): Promise<OutboxMessage[]> {
    const rows =
      tx instanceof StatementBatch
        ? await tx.add<OutboxRaw>(TAKE, [limit])
        : await runPrepared<OutboxRaw[]>(tx, TAKE, [limit]);
    return rows.map(toMessage);
  }

  /** Unsent messages and the age of the oldest, in seconds (the relay's lag). */
  async lag(tx: EntityManager): Promise<{ unsent: number; oldestSeconds: number }> {
    const [row] = await runPrepared<{ unsent: number; oldest: number }[]>(tx, LAG, []);
    return { unsent: row.unsent, oldestSeconds: row.oldest };
  }
}
