import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { type StpMode, type WalletOrderStatus, type WalletOrderType } from '@exchange/shared-contracts';
import { accountId, type JournalTransaction } from '@exchange/wallet-domain';

import { pgArray } from '../common/pg-array';
import { prepared, type PreparedStatement, runPrepared } from '../common/prepared-statement';
import { type StatementBatch } from '../common/statement-batch';

/** One intake group (`OrderRepository.intake`), prepared: parsed once per connection. */
export const INTAKE = prepared(
  'wallet_order_intake',
  `select idx, outcome, order_no, created_ms from wallet_order_intake(
     $1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[],
     $8::bigint[], $9::bigint[], $10::numeric[], $11::int[], $12::text[], $13::bigint[], $14::varchar[],
     $15::numeric[], $16::varchar[], $17::varchar[], $18::varchar[], $19::varchar, $20::varchar[],
     $21::jsonb[], $22::varchar[], $23::varchar[])`,
);

/** How a request names one of a user's orders: exactly one of `orderNo`, `orderId` and `clientOrderId`. */
export interface OrderReference {
  readonly userId: string;
  readonly symbol: string;
  readonly orderNo?: string;
  readonly orderId?: string;
  readonly clientOrderId?: string;
}

export interface OrderRow {
  orderId: string;
  /** Public number (Binance `orderId`), a decimal-integer string. */
  orderNo: string;
  userId: string;
  clientOrderId: string;
  market: string;
  side: 'BUY' | 'SELL';
  orderType: WalletOrderType;
  timeInForce: 'GTC' | 'IOC' | 'FOK' | null;
  limitTicks: number | null;
  /** A stop order's trigger price in ticks; null for the other types. */
  stopTicks: number | null;
  /** When the engine triggered the stop order (its event time); null before, and for the other types. */
  triggeredAtMs: number | null;
  /** Self-trade prevention: what the engine does when the order, taking, meets a resting order of its user. */
  stpMode: StpMode;
  lots: number | null;
  quoteUnits: bigint | null;
  headroomPpm: number;
  filledLots: number;
  spentQuoteUnits: bigint;
  status: WalletOrderStatus;
  fingerprint: string;
  createdAtMs: number;
  updatedAtMs: number;
}

/** What intake stores; the database numbers and timestamps it. */
export type NewOrderRow = Omit<OrderRow, 'orderNo' | 'createdAtMs' | 'updatedAtMs' | 'triggeredAtMs'>;

/** One submission for `intake`: the order, its hold (`buildOrderHold`: AVAILABLE to HELD) and its engine command. */
export interface IntakeRow {
  order: NewOrderRow;
  hold: JournalTransaction;
  outbox: { subject: string; payload: unknown; traceparent?: string };
}

/** The hold as the intake statement takes it: one amount of one asset from the user's AVAILABLE to HELD. */
function holdTransfer(hold: JournalTransaction) {
  const from = hold.entries.find((e) => e.amount < 0n);
  const to = hold.entries.find((e) => e.amount > 0n);
  if (
    hold.entries.length !== 2 ||
    from?.account.owner !== 'USER' ||
    from.account.kind !== 'AVAILABLE' ||
    to?.account.owner !== 'USER' ||
    to.account.kind !== 'HELD' ||
    to.account.userId !== from.account.userId ||
    to.account.asset !== from.account.asset ||
    to.amount !== -from.amount
  ) {
    throw new Error(`order hold ${hold.id} is not a transfer from AVAILABLE to HELD`);
  }
  return {
    asset: to.account.asset,
    amount: to.amount,
    availableAccount: accountId(from.account),
    heldAccount: accountId(to.account),
  };
}

export type IntakeOutcome =
  { outcome: 'NEW'; orderNo: string; createdAtMs: number } | { outcome: 'EXISTING' | 'INSUFFICIENT' };

/** Which of a user's orders a page holds: from an order number or a time on, else the most recent. */
export interface OrderPage {
  userId: string;
  market: string;
  fromOrderNo?: string;
  startTime?: number;
  endTime?: number;
  limit: number;
}

/** What settlement changes on an order and its hold. */
export interface OrderProgress {
  orderId: string;
  /** Total lots (lowered by an amend), null for market buys by quote. */
  lots: number | null;
  filledLots: number;
  spentQuoteUnits: bigint;
  status: WalletOrderStatus;
  holdAmount: bigint;
}

export const OPEN_STATUSES: readonly WalletOrderStatus[] = ['PENDING', 'ACCEPTED'];

const SELECT = `select order_id, order_no::text, user_id, client_order_id, market, side, order_type, time_in_force,
  limit_ticks::text, lots::text, quote_units::text, headroom_ppm, filled_lots::text,
  spent_quote_units::text, status, fingerprint, stop_ticks::text, triggered_at_ms::text, stp_mode,
  floor(extract(epoch from created_at) * 1000)::text as created_ms,
  floor(extract(epoch from updated_at) * 1000)::text as updated_ms from wallet_order`;

/**
 * The orders several requests name (`referencedAll`), each by its number, else its id, else the user's client order
 * id, as `referenced` looks one up: one arm per kind of reference, each an index lookup, the request's position `n`
 * with every row found. Another user's order, or one of another market, is not found.
 */
const REFERENCED_MANY = prepared(
  'wallet_orders_referenced_many',
  `with r as materialized (
     select * from unnest($1::bigint[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[])
       with ordinality as r(ref_no, ref_id, ref_client, ref_user, ref_market, n))
   select r.n::int as n, f.* from r cross join lateral (${SELECT} where order_no = r.ref_no) f
     where f.user_id = r.ref_user and f.market = r.ref_market
   union all
   select r.n::int, f.* from r cross join lateral (${SELECT} where order_id = r.ref_id) f
     where r.ref_no is null and f.user_id = r.ref_user and f.market = r.ref_market
   union all
   select r.n::int, f.* from r
     cross join lateral (${SELECT} where user_id = r.ref_user and client_order_id = r.ref_client) f
     where r.ref_no is null and r.ref_id is null and f.market = r.ref_market`,
);

/** Settlement's statements on orders and holds, prepared: the lock with its first statements, the writes with its last. */
export const LOCK_MANY = prepared(
  'wallet_orders_lock_many',
  `${SELECT} where order_id = any ($1::varchar[]) order by order_id for update`,
);
const SAVE_PROGRESS = prepared(
  'wallet_orders_save_progress',
  `update wallet_order o set filled_lots = p.filled, spent_quote_units = p.spent, status = p.status,
     lots = coalesce(p.lots, o.lots), updated_at = now()
   from unnest($1::varchar[], $2::bigint[], $3::numeric[], $4::varchar[], $5::bigint[])
     as p(id, filled, spent, status, lots)
   where o.order_id = p.id`,
);
const SAVE_HOLDS = prepared(
  'wallet_holds_save_progress',
  `update hold h set amount = p.amount,
     status = case when p.open then 'ACTIVE' else 'RELEASED' end, updated_at = now()
   from unnest($1::varchar[], $2::numeric[], $3::boolean[]) as p(id, amount, open)
   where h.order_id = p.id`,
);

interface Raw {
  order_id: string;
  order_no: string;
  user_id: string;
  client_order_id: string;
  market: string;
  side: OrderRow['side'];
  order_type: OrderRow['orderType'];
  time_in_force: OrderRow['timeInForce'];
  limit_ticks: string | null;
  lots: string | null;
  quote_units: string | null;
  headroom_ppm: number;
  filled_lots: string;
  spent_quote_units: string;
  status: WalletOrderStatus;
  fingerprint: string;
  stop_ticks: string | null;
  triggered_at_ms: string | null;
  stp_mode: StpMode;
  created_ms: string;
  updated_ms: string;
}

function toRow(r: Raw): OrderRow {
  return {
    orderId: r.order_id,
    orderNo: r.order_no,
    userId: r.user_id,
    clientOrderId: r.client_order_id,
    market: r.market,
    side: r.side,
    orderType: r.order_type,
    timeInForce: r.time_in_force,
    limitTicks: r.limit_ticks === null ? null : Number(r.limit_ticks),
    stopTicks: r.stop_ticks === null ? null : Number(r.stop_ticks),
    triggeredAtMs: r.triggered_at_ms === null ? null : Number(r.triggered_at_ms),
    stpMode: r.stp_mode,
    lots: r.lots === null ? null : Number(r.lots),
    quoteUnits: r.quote_units === null ? null : BigInt(r.quote_units),
    headroomPpm: r.headroom_ppm,
    filledLots: Number(r.filled_lots),
    spentQuoteUnits: BigInt(r.spent_quote_units),
    status: r.status,
    fingerprint: r.fingerprint,
    createdAtMs: Number(r.created_ms),
    updatedAtMs: Number(r.updated_ms),
  };
}

/** The ways a request names an order, each with the condition that finds it (values `$1` to `$3`, see `referenceOf`). */
const REFERENCE_CONDITIONS = {
  orderNo: 'order_no = $1::bigint and user_id = $2 and market = $3',
  orderId: 'order_id = $1 and user_id = $2 and market = $3',
  clientOrderId: 'client_order_id = $1 and user_id = $2 and market = $3',
} as const;
export type ReferenceKind = keyof typeof REFERENCE_CONDITIONS;

/**
 * Prepared statements, one per way of naming an order (`referenceOf`), from a template that takes the condition:
 * `name` gets the kind appended.
 */
export function preparedByReference(
  name: string,
  text: (condition: string) => string,
): Record<ReferenceKind, PreparedStatement> {
  const out = {} as Record<ReferenceKind, PreparedStatement>;
  for (const kind of Object.keys(REFERENCE_CONDITIONS) as ReferenceKind[])
    out[kind] = prepared(`${name}_${kind}`, text(REFERENCE_CONDITIONS[kind]));
  return out;
}

/**
 * How the request names its order, as `referenced` finds it (by number, else id, else the user's client order id,
 * and only when it is that user's order of that market): the kind and the values of its condition.
 */
export function referenceOf(ref: OrderReference): { kind: ReferenceKind; values: unknown[] } {
  const [kind, value]: [ReferenceKind, unknown] = ref.orderNo
    ? ['orderNo', ref.orderNo]
    : ref.orderId
      ? ['orderId', ref.orderId]
      : ['clientOrderId', ref.clientOrderId];
  return { kind, values: [value, ref.userId, ref.symbol] };
}

/** `lockReferenced`'s statements. */
const LOCK_REFERENCED = preparedByReference(
  'wallet_orders_lock',
  (condition) => `${SELECT} where ${condition} for update`,
);

/** Order intake rows and their holds. */
@Injectable()
export class OrderRepository {
  /**
   * Stores a group of checked submissions with one statement (`wallet_order_intake`, see its migration): per
   * submission, in the given order, `NEW` with the order's number and creation time, `EXISTING` when its
   * (user, clientOrderId) is stored already, or `INSUFFICIENT` when its hold does not fit. Run outside a
   * transaction it is one atomic statement; a retryable SQLSTATE (40001, 40P01) means nothing was written.
   */
  async intake(manager: EntityManager, orders: readonly IntakeRow[]): Promise<IntakeOutcome[]> {
    if (orders.length === 0) return [];
    const holds = orders.map((o) => holdTransfer(o.hold));
    const kind = orders[0]!.hold.kind;
    if (orders.some((o) => o.hold.kind !== kind)) throw new Error('order holds of one group differ in kind');
    const rows: {
      idx: number;
      outcome: IntakeOutcome['outcome'];
      order_no: string | null;
      created_ms: string | null;
    }[] = await runPrepared(
      manager,
      INTAKE,
      // Array literals built in one join each (pgArray): node-postgres builds them element by element.
      [
        pgArray(orders.map((o) => o.order.orderId)),
        pgArray(orders.map((o) => o.order.userId)),
        pgArray(orders.map((o) => o.order.clientOrderId)),
        pgArray(orders.map((o) => o.order.market)),
        pgArray(orders.map((o) => o.order.side)),
        pgArray(orders.map((o) => o.order.orderType)),
        pgArray(orders.map((o) => o.order.timeInForce)),
        pgArray(orders.map((o) => o.order.limitTicks)),
        pgArray(orders.map((o) => o.order.lots)),
        pgArray(orders.map((o) => o.order.quoteUnits)),
        pgArray(orders.map((o) => o.order.headroomPpm)),
        pgArray(orders.map((o) => o.order.fingerprint)),
        pgArray(orders.map((o) => o.order.stopTicks)),
        pgArray(holds.map((h) => h.asset)),
        pgArray(holds.map((h) => h.amount)),
        pgArray(holds.map((h) => h.availableAccount)),
        pgArray(holds.map((h) => h.heldAccount)),
        pgArray(orders.map((o) => o.hold.id)),
        kind,
        pgArray(orders.map((o) => o.outbox.subject)),
        pgArray(orders.map((o) => JSON.stringify(o.outbox.payload))),
        pgArray(orders.map((o) => o.outbox.traceparent ?? null)),
        pgArray(orders.map((o) => o.order.stpMode)),
      ],
    );
    return rows.map((r) =>
      r.outcome === 'NEW'
        ? { outcome: 'NEW', orderNo: r.order_no!, createdAtMs: Number(r.created_ms) }
        : { outcome: r.outcome },
    );
  }

  /** The stored orders of these (user, clientOrderId) pairs, keyed `<userId> <clientOrderId>`. */
  async byClientOrderIds(
    tx: EntityManager,
    keys: readonly { userId: string; clientOrderId: string }[],
  ): Promise<Map<string, OrderRow>> {
    if (keys.length === 0) return new Map();
    const rows: Raw[] = await tx.query(
      `${SELECT} where (user_id, client_order_id) in
         (select * from unnest($1::varchar[], $2::varchar[]))`,
      [keys.map((k) => k.userId), keys.map((k) => k.clientOrderId)],
    );
    return new Map(rows.map((r) => [`${r.user_id} ${r.client_order_id}`, toRow(r)]));
  }

  /**
   * The user's order of `symbol` that the request names by exactly one of its number, its id or the user's client
   * order id. Another user's order, or one of another market, is not found, exactly like a missing one.
   */
  async referenced(tx: EntityManager, ref: OrderReference): Promise<OrderRow | undefined> {
    const order = ref.orderNo
      ? await this.byOrderNo(tx, ref.orderNo)
      : ref.orderId
        ? await this.byOrderId(tx, ref.orderId)
        : await this.byClientOrderId(tx, ref.userId, ref.clientOrderId!);
    return order && order.userId === ref.userId && order.market === ref.symbol ? order : undefined;
  }

  /** `referenced` for several requests with one statement: the order each names, or undefined, in their order. */
  async referencedAll(
    manager: EntityManager,
    refs: readonly OrderReference[],
  ): Promise<(OrderRow | undefined)[]> {
    if (refs.length === 0) return [];
    // Each request's reference as `referenced` takes it (`referenceOf`), in the column of its kind, the others null.
    const named = refs.map(referenceOf);
    const column = (kind: ReferenceKind) => named.map((r) => (r.kind === kind ? r.values[0] : null));
    const rows: (Raw & { n: number })[] = await runPrepared(manager, REFERENCED_MANY, [
      column('orderNo'),
      column('orderId'),
      column('clientOrderId'),
      refs.map((r) => r.userId),
      refs.map((r) => r.symbol),
    ]);
    const found: (OrderRow | undefined)[] = refs.map(() => undefined);
    for (const row of rows) found[row.n - 1] = toRow(row);
    return found;
  }

  /**
   * The order the request names (as `referenced`), locked `for update` by the statement that reads it, so read as
   * it stands once locked; sent with the batch's other statements (`batch`), undefined when there is none.
   */
  async lockReferenced(batch: StatementBatch, ref: OrderReference): Promise<OrderRow | undefined> {
    const { kind, values } = referenceOf(ref);
    const rows = await batch.add<Raw>(LOCK_REFERENCED[kind], values);
    return rows[0] && toRow(rows[0]);
  }

  async byClientOrderId(
    tx: EntityManager,
    userId: string,
    clientOrderId: string,
  ): Promise<OrderRow | undefined> {
    const rows: Raw[] = await tx.query(`${SELECT} where user_id = $1 and client_order_id = $2`, [
      userId,
      clientOrderId,
    ]);
    return rows[0] && toRow(rows[0]);
  }

  async byOrderId(tx: EntityManager, orderId: string): Promise<OrderRow | undefined> {
    const rows: Raw[] = await tx.query(`${SELECT} where order_id = $1`, [orderId]);
    return rows[0] && toRow(rows[0]);
  }

  async byOrderNo(tx: EntityManager, orderNo: string): Promise<OrderRow | undefined> {
    const rows: Raw[] = await tx.query(`${SELECT} where order_no = $1::bigint`, [orderNo]);
    return rows[0] && toRow(rows[0]);
  }

  /**
   * The user's open orders (of one market or all) in order number order; `lock` locks them. Found by their ACTIVE
   * holds (`hold_open`): no index of `wallet_order` depends on its status, so that settlement updates it in place
   * (migration `1765000000004`).
   */
  async openOf(tx: EntityManager, userId: string, market?: string, lock = false): Promise<OrderRow[]> {
    const rows: Raw[] = await tx.query(
      `${SELECT} where order_id in (select order_id from hold where user_id = $1 and status = 'ACTIVE')
         and user_id = $1 and status = any($2::varchar[]) and ($3::varchar is null or market = $3)
       order by order_no${lock ? ' for update' : ''}`,
      [userId, OPEN_STATUSES, market ?? null],
    );
    return rows.map(toRow);
  }

  /** One page of the user's orders of a market, in order number order. */
  async page(tx: EntityManager, p: OrderPage): Promise<OrderRow[]> {
    const filters = `user_id = $1 and market = $2 and ($3::bigint is null or order_no >= $3)
      and ($4::bigint is null or created_at >= to_timestamp($4::numeric / 1000))
      and ($5::bigint is null or created_at < to_timestamp(($5::numeric + 1) / 1000))`;
    const params = [
      p.userId,
      p.market,
      p.fromOrderNo ?? null,
      p.startTime ?? null,
      p.endTime ?? null,
      p.limit,
    ];
    // Paging forward from a number or a time gives the oldest first; otherwise the most recent `limit`.
    const forward = p.fromOrderNo !== undefined || p.startTime !== undefined;
    const rows: Raw[] = forward
      ? await tx.query(`${SELECT} where ${filters} order by order_no limit $6`, params)
      : await tx.query(
          `select * from (${SELECT} where ${filters} order by order_no desc limit $6) recent order by order_no::bigint`,
          params,
        );
    return rows.map(toRow);
  }

  /**
   * The orders settlement needs, locked for the rest of the transaction (in id order), read with its other first
   * statements (`batch`).
   */
  async lockMany(batch: StatementBatch, orderIds: readonly string[]): Promise<Map<string, OrderRow>> {
    if (orderIds.length === 0) return new Map();
    const rows = await batch.add<Raw>(LOCK_MANY, [pgArray([...new Set(orderIds)])]);
    return new Map(rows.map((r) => [r.order_id, toRow(r)]));
  }

  async open(tx: EntityManager): Promise<OrderRow[]> {
    const rows: Raw[] = await tx.query(`${SELECT} where status = any($1::varchar[])`, [OPEN_STATUSES]);
    return rows.map(toRow);
  }

  /**
   * Records when the engine triggered these stop orders (settlement; a replayed trigger keeps the first time), with
   * the settlement's last statements (`writes`).
   */
  markTriggered(writes: StatementBatch, triggered: readonly { orderId: string; ts: number }[]): void {
    if (triggered.length === 0) return;
    void writes.add(
      `update wallet_order o set triggered_at_ms = coalesce(o.triggered_at_ms, t.ts), updated_at = now()
       from unnest($1::varchar[], $2::bigint[]) as t(id, ts) where o.order_id = t.id`,
      [triggered.map((t) => t.orderId), triggered.map((t) => t.ts)],
    );
  }

  /** Per (user, asset), what the ACTIVE holds add up to (reconciliation). */
  async activeHoldTotals(tx: EntityManager): Promise<{ userId: string; asset: string; amount: bigint }[]> {
    const rows: { user_id: string; asset: string; amount: string }[] = await tx.query(
      `select user_id, asset, sum(amount)::text as amount from hold where status = 'ACTIVE' group by user_id, asset`,
    );
    return rows.map((r) => ({ userId: r.user_id, asset: r.asset, amount: BigInt(r.amount) }));
  }

  /**
   * Writes fills, statuses and hold amounts after settlement, in one statement per table, with the settlement's last
   * statements (`writes`).
   */
  saveProgress(writes: StatementBatch, progress: readonly OrderProgress[]): void {
    if (progress.length === 0) return;
    const ids = progress.map((p) => p.orderId);
    void writes.add(SAVE_PROGRESS, [
      ids,
      progress.map((p) => p.filledLots),
      progress.map((p) => p.spentQuoteUnits.toString()),
      progress.map((p) => p.status),
      progress.map((p) => p.lots),
    ]);
    void writes.add(SAVE_HOLDS, [
      ids,
      progress.map((p) => p.holdAmount.toString()),
      progress.map((p) => OPEN_STATUSES.includes(p.status)),
    ]);
  }
}
