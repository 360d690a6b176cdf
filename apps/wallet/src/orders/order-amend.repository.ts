import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { prepared } from '../common/prepared-statement';
import { type StatementBatch } from '../common/statement-batch';
import { type OrderReference, preparedByReference, referenceOf } from './order.repository';

/** One amend request of an order, as stored until the engine applies or refuses it. */
export interface AmendRow {
  amendId: string;
  userId: string;
  orderId: string;
  commandId: string;
  previousLots: number;
  newLots: number;
  filledLotsAtRequest: number;
  holdIncrease: bigint;
  status: 'PENDING' | 'APPLIED' | 'REJECTED';
}

/** How the engine answered a pending amend: applied by its `amended` event (`seq`, `ts`), or rejected. */
export interface AmendOutcome {
  orderId: string;
  status: 'APPLIED' | 'REJECTED';
  reason?: string;
  applied?: { seq: number; ts: number };
}

/** An amend the engine applied (Binance's `order/amendments` row). */
export interface AppliedAmend {
  /** The engine's `amended` event sequence in the order's market. */
  seq: number;
  appliedAtMs: number;
  previousLots: number;
  newLots: number;
}

interface Raw {
  amend_id: string;
  user_id: string;
  order_id: string;
  command_id: string;
  previous_lots: string;
  new_lots: string;
  filled_lots_at_request: string;
  hold_increase: string;
  status: AmendRow['status'];
}

const SELECT = `select amend_id, user_id, order_id, command_id, previous_lots::text, new_lots::text,
  filled_lots_at_request::text, hold_increase::text, status from wallet_order_amend`;

/** Settlement's read of the pending amends of the orders it touches (sent with its other first statements), prepared. */
const PENDING_OF_MANY = prepared(
  'wallet_amends_pending_of_many',
  `${SELECT} where order_id = any ($1::varchar[]) and status = 'PENDING'`,
);

/** The amend statements' reads, prepared (parsed once per connection). */
const BY_AMEND_ID = prepared('wallet_amends_by_id', `${SELECT} where user_id = $1 and amend_id = $2`);
const PENDING_OF_REFERENCED = preparedByReference(
  'wallet_amends_pending_of',
  (condition) =>
    `${SELECT} where status = 'PENDING' and order_id = (select order_id from wallet_order where ${condition})`,
);
const INSERT = prepared(
  'wallet_amends_insert',
  `insert into wallet_order_amend (amend_id, user_id, order_id, command_id, previous_lots, new_lots,
     filled_lots_at_request, hold_increase, status)
   values ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING')`,
);

const FINISH_MANY = prepared(
  'wallet_amends_finish_many',
  `update wallet_order_amend a set status = d.status, reject_reason = d.reason, event_seq = d.seq,
     applied_at_ms = d.ts, updated_at = now()
  from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::bigint[], $5::bigint[])
    as d(order_id, status, reason, seq, ts)
  where a.order_id = d.order_id and a.status = 'PENDING'`,
);

function toRow(r: Raw): AmendRow {
  return {
    amendId: r.amend_id,
    userId: r.user_id,
    orderId: r.order_id,
    commandId: r.command_id,
    previousLots: Number(r.previous_lots),
    newLots: Number(r.new_lots),
    filledLotsAtRequest: Number(r.filled_lots_at_request),
    holdIncrease: BigInt(r.hold_increase),
    status: r.status,
  };
}

/** Amend requests of orders (`wallet_order_amend`). */
@Injectable()
export class OrderAmendRepository {
  /** The user's amend with this id, read with the batch's other statements. */
  async byAmendId(batch: StatementBatch, userId: string, amendId: string): Promise<AmendRow | undefined> {
    const rows = await batch.add<Raw>(BY_AMEND_ID, [userId, amendId]);
    return rows[0] && toRow(rows[0]);
  }

  /**
   * The pending amend of the order the request names (as `OrderRepository.lockReferenced` finds it), read with the
   * batch's other statements: after the order's lock when it follows that in the batch, so as committed by then.
   */
  async pendingOfReferenced(batch: StatementBatch, ref: OrderReference): Promise<AmendRow | undefined> {
    const { kind, values } = referenceOf(ref);
    const rows = await batch.add<Raw>(PENDING_OF_REFERENCED[kind], values);
    return rows[0] && toRow(rows[0]);
  }

  /**
   * The pending amends of these orders, by order id (at most one each), read with the settlement's other first
   * statements (`batch`).
   */
  async pendingOfMany(batch: StatementBatch, orderIds: readonly string[]): Promise<Map<string, AmendRow>> {
    if (orderIds.length === 0) return new Map();
    const rows = await batch.add<Raw>(PENDING_OF_MANY, [[...new Set(orderIds)]]);
    return new Map(rows.map((r) => [r.order_id, toRow(r)]));
  }

  /** Stores an amend request, with the batch's other writes (`writes`). */
  insert(writes: StatementBatch, a: Omit<AmendRow, 'status'>): void {
    void writes.add(INSERT, [
      a.amendId,
      a.userId,
      a.orderId,
      a.commandId,
      a.previousLots,
      a.newLots,
      a.filledLotsAtRequest,
      a.holdIncrease.toString(),
    ]);
  }

  /**
   * Closes amends once the engine has applied or refused them (settlement, same transaction): ends the pending amend
   * of each order (the first outcome of an order when it is named twice, as one statement per amend did), in one
   * statement that goes with `writes` (the settlement's last statements).
   */
  finish(writes: StatementBatch, done: readonly AmendOutcome[]): void {
    const first = new Map<string, (typeof done)[number]>();
    for (const d of done) if (!first.has(d.orderId)) first.set(d.orderId, d);
    if (first.size === 0) return;
    const ends = [...first.values()];
    void writes.add(FINISH_MANY, [
      ends.map((d) => d.orderId),
      ends.map((d) => d.status),
      ends.map((d) => d.reason ?? null),
      ends.map((d) => d.applied?.seq ?? null),
      ends.map((d) => d.applied?.ts ?? null),
    ]);
  }

  /** One order's applied amends in engine order, from the amend event `fromSeq` on, at most `limit`. */
  async appliedOf(
    tx: EntityManager,
    orderId: string,
    fromSeq: number | undefined,
    limit: number,
  ): Promise<AppliedAmend[]> {
    const rows: { event_seq: string; applied_at_ms: string; previous_lots: string; new_lots: string }[] =
      await tx.query(
        `select event_seq::text, applied_at_ms::text, previous_lots::text, new_lots::text from wallet_order_amend
          where order_id = $1 and event_seq is not null and ($2::bigint is null or event_seq >= $2)
          order by event_seq limit $3`,
        [orderId, fromSeq ?? null, limit],
      );
    return rows.map((r) => ({
      seq: Number(r.event_seq),
      appliedAtMs: Number(r.applied_at_ms),
      previousLots: Number(r.previous_lots),
      newLots: Number(r.new_lots),
    }));
  }

  /** Raises an order's quantity and its hold by what an amend tops up (intake, after the ledger moved it). */
  async raiseOrder(tx: EntityManager, orderId: string, lots: number, holdIncrease: bigint): Promise<void> {
    await tx.query(`update wallet_order set lots = $2, updated_at = now() where order_id = $1`, [
      orderId,
      lots,
    ]);
    await tx.query(`update hold set amount = amount + $2::numeric, updated_at = now() where order_id = $1`, [
      orderId,
      holdIncrease.toString(),
    ]);
  }
}
