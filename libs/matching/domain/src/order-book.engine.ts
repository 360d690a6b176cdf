import {
  MARKET_STATUSES,
  ORDER_TYPES,
  SIDES,
  STP_MODES,
  TIME_IN_FORCES,
  type AmendOrderCommand,
  type CancelAllCommand,
  type CancelOrderCommand,
  type MarketStatus,
  type MatchingCommand,
  type OrderType,
  type PlaceOrderCommand,
  type SetStatusCommand,
  type StpMode,
  type TimeInForce,
} from './matching-command.types';
import { EventView, type CancelReason, type EventSink, type ExpireReason } from './matching-event.types';
import { type OrderBookSnapshot, type SnapshotOrder } from './order-book-snapshot.types';
import { PriceLadder } from './price-ladder.structure';
import { RejectionCode, rejectionReason } from './rejection-code.enum';
import { StateHasher, fnv1a32 } from './state-hash.util';
import { OrderIdIndex } from './order-id-index.structure';

// Internal codes. Sides, types, time-in-force and STP modes are stored as small integers in typed arrays.
const BUY = 0;
const SELL = 1;
// Order type codes are indexes into ORDER_TYPES (LIMIT = 0).
const T_LIMIT_MAKER = 1;
const T_MARKET = 2;
const T_STOP_LOSS = 3;
const T_STOP_LOSS_LIMIT = 4;
const T_TAKE_PROFIT = 5;
const T_TAKE_PROFIT_LIMIT = 6;
const TIF_NONE = 0;
const TIF_GTC = 1;
const TIF_IOC = 2;
const TIF_FOK = 3;
// Self-trade prevention modes as stored: their index in `STP_MODES` (EXPIRE_BOTH, 3, is what the others are not).
const STP_NONE = 0;
const STP_EXPIRE_TAKER = 1;
const STP_EXPIRE_MAKER = 2;
const KIND_FREE = 0;
const KIND_RESTING = 1;
const KIND_STOP = 2;
/** A stop whose condition held and which waits in the trigger queue of the current command. */
const KIND_TRIGGERED = 3;
const NIL = -1;
// Slot record layout (see `i32`).
const REC_BYTES = 64;
const REC_INTS = 16;
const REC_DOUBLES = 8;
const O_NEXT = 0;
const O_PREV = 1;
const O_UNEXT = 2;
const O_UPREV = 3;
const O_LEVEL = 4;
const O_USER = 5;
const O_IDPOS = 6;
const B_SIDE = 28;
const B_KIND = 29;
const B_OTYPE = 30;
/** Time in force (bits 0–1), whether the order has traded (bit 3, `TRADED`) and the STP mode (bits 4–5). */
const B_TIF_STP = 31;
const TIF_BITS = 3;
/** Set once a live order has traded (in part: a filled order is gone): what a restricted cancel looks at. */
const TRADED = 8;
const F_PRICE = 4;
const F_STOP = 5;
const F_REMAINING = 6;
const F_ARRIVAL = 7;
// Level record layout (see `lvlI32`).
const LVL_INTS = 8;
const LVL_DOUBLES = 4;
const L_HEAD = 0;
const L_TAIL = 1;
const L_COUNT = 2;
const L_QTY = 2;
const L_PRICE = 3;
/** Value of an order id in the id map once the order has ended: the id stays taken. */
const CLOSED = -1;

const TIF_CODES: readonly (TimeInForce | '')[] = ['', 'GTC', 'IOC', 'FOK'];
const MAX = Number.MAX_SAFE_INTEGER;

/** Which place-command fields each order type requires (R), forbids (F) or allows (O). */
const FIELD_RULES: Record<string, { price: string; stopPrice: string; timeInForce: string }> = {
  LIMIT: { price: 'R', stopPrice: 'F', timeInForce: 'R' },
  LIMIT_MAKER: { price: 'R', stopPrice: 'F', timeInForce: 'F' },
  MARKET: { price: 'F', stopPrice: 'F', timeInForce: 'F' },
  STOP_LOSS: { price: 'F', stopPrice: 'R', timeInForce: 'F' },
  STOP_LOSS_LIMIT: { price: 'R', stopPrice: 'R', timeInForce: 'R' },
  TAKE_PROFIT: { price: 'F', stopPrice: 'R', timeInForce: 'F' },
  TAKE_PROFIT_LIMIT: { price: 'R', stopPrice: 'R', timeInForce: 'R' },
};

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function isTimestamp(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

/**
 * The common well-formed place commands, checked with a few comparisons: a LIMIT with a valid
 * time-in-force, price and quantity, or a MARKET by quantity, with no other fields set (`stp` aside)
 * and `price × quantity` in range. True implies that the full field-by-field check would pass; false
 * means nothing (the full check then runs and names the problem, if any).
 */
function isPlainLimitOrMarket(c: Record<string, unknown>): boolean {
  if (c.side !== 'BUY' && c.side !== 'SELL') return false;
  if (c.stopPrice !== undefined || c.quoteQuantity !== undefined) return false;
  const stp = c.stp;
  if (
    stp !== undefined &&
    stp !== 'NONE' &&
    stp !== 'EXPIRE_TAKER' &&
    stp !== 'EXPIRE_MAKER' &&
    stp !== 'EXPIRE_BOTH'
  )
    return false;
  const q = c.quantity;
  if (typeof q !== 'number' || !(q > 0 && q <= MAX && Math.floor(q) === q)) return false;
  if (c.orderType === 'LIMIT') {
    const tif = c.timeInForce;
    if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') return false;
    const p = c.price;
    return typeof p === 'number' && p > 0 && p <= MAX && Math.floor(p) === p && q * p <= MAX;
  }
  return c.orderType === 'MARKET' && c.timeInForce === undefined && c.price === undefined;
}

/** `ORDER_TYPES.indexOf(t)` for a valid order type, by comparisons (no builtin call). */
function orderTypeCode(t: OrderType): number {
  switch (t) {
    case 'LIMIT':
      return 0;
    case 'MARKET':
      return T_MARKET;
    case 'LIMIT_MAKER':
      return T_LIMIT_MAKER;
    default:
      return ORDER_TYPES.indexOf(t);
  }
}

/** `TIF_CODES.indexOf(t)` for a valid time-in-force. */
function tifCode(t: TimeInForce): number {
  return t === 'GTC' ? TIF_GTC : t === 'IOC' ? TIF_IOC : TIF_FOK;
}

export interface OrderBookOptions {
  /** Receives every event. Without one, events are counted in `sequence` and dropped. */
  sink?: EventSink;
  /** Initial order-slot capacity (grows by doubling). */
  capacity?: number;
  /**
   * Order ids to size the id index for (it grows by doubling, which costs a pause proportional to its
   * size; ids stay taken forever, so a long-running book should size this for its journal).
   */
  idCapacity?: number;
}

export interface L2View {
  /** `[price, total quantity]`, best first. */
  bids: [number, number][];
  asks: [number, number][];
}

export interface L3View {
  /** `[price, remaining quantity, orderId]`, best level first, each level in time priority. */
  bids: [number, number, string][];
  asks: [number, number, string][];
}

/** An untriggered stop order, as `stops()` lists them. */
export interface StopOrderView {
  orderId: string;
  userId: string;
  side: 'BUY' | 'SELL';
  orderType: string;
  stopPrice: number;
  price?: number;
  quantity: number;
}

/**
 * One market's order book: price-time priority over integer ticks and lots, deterministic, with no
 * clock, randomness or I/O. Feed it commands; it emits events to the sink synchronously. See
 * README.md for the rules and the event order.
 */
export class OrderBook {
  private sink: EventSink;
  private readonly ev = new EventView();
  private seq = 0;
  private status: MarketStatus = 'TRADING';
  private lastTradePrice = 0;
  private arrivalCounter = 0;

  // Order slots: one per live order, pooled, linked into a level queue and into its user's list.
  private cap: number;
  private slotTop = 0;
  private freeSlot = NIL;
  /**
   * One 64-byte record per slot, so that a random order costs one or two cache misses, not one per
   * field: int32 fields (next, prev, uNext, uPrev, level, user, idPos), four bytes (side, kind, order
   * type, time-in-force | stp << 4), then four float64s (price, stopPrice, remaining, arrival). The
   * three arrays are views of one buffer.
   */
  private i32: Int32Array;
  private f64: Float64Array;
  private u8: Uint8Array;
  private orderIds: string[];

  // Price levels, pooled, shared by both sides.
  private lvlCap = 256;
  private lvlTop = 0;
  private freeLvl = NIL;
  /**
   * One 32-byte record per level (head, tail and order count as int32s, then total quantity and price
   * as float64s), views of one buffer: a level costs one cache miss, not one per field.
   */
  private lvlI32 = new Int32Array(256 * LVL_INTS);
  private lvlF64 = new Float64Array(this.lvlI32.buffer);
  private readonly ladders: [PriceLadder, PriceLadder] = [new PriceLadder(1), new PriceLadder(-1)];

  /** orderId -> live slot, or CLOSED once the order has ended. */
  private ids: OrderIdIndex;
  private readonly idCapacity: number;
  /** Position of each live slot's id in `ids` (refreshed when the index grows). */
  private users = new Map<string, number>();
  private userNames: string[] = [];
  private userHead = new Int32Array(64);
  private userTail = new Int32Array(64);

  /** Untriggered stops, in arrival order: those that trigger when last <= stop, and when last >= stop. */
  private leStops: number[] = [];
  private geStops: number[] = [];
  private leMax = -Infinity;
  private geMin = Infinity;
  private readonly triggerQueue: number[] = [];
  private readonly triggeredNow: number[] = [];

  /** Scratch for the current command: its `ts` (-1 if invalid) and the field a rejection names. */
  private ts = 0;
  private rejectField = '';
  /** Position in `ids` of the incoming taker's id, for when it rests. */
  private takerIdPos = 0;

  constructor(options: OrderBookOptions = {}) {
    this.sink = options.sink ?? (() => undefined);
    this.cap = Math.max(16, options.capacity ?? 1024);
    const c = this.cap;
    const buffer = new ArrayBuffer(c * REC_BYTES);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.u8 = new Uint8Array(buffer);
    this.orderIds = new Array<string>(c).fill('');
    this.idCapacity = options.idCapacity ?? 1024;
    this.ids = new OrderIdIndex(this.idCapacity);
  }

  /** Replaces the event sink (e.g. after `restore`). */
  setSink(sink: EventSink): void {
    this.sink = sink;
  }

  /** Sequence of the last event emitted (0 before any). */
  get sequence(): number {
    return this.seq;
  }

  get marketStatus(): MarketStatus {
    return this.status;
  }

  /** Price of the last trade, or 0 before the first. */
  get lastPrice(): number {
    return this.lastTradePrice;
  }

  // ---------------------------------------------------------------- commands

  /** Applies any command, including one parsed from untrusted JSON: every field is validated. */
  apply(command: MatchingCommand): void {
    const c = command as unknown as Record<string, unknown>;
    switch (c?.type) {
      case 'place':
        return this.place(command as PlaceOrderCommand);
      case 'cancel':
        return this.cancel(command as CancelOrderCommand);
      case 'amend':
        return this.amend(command as AmendOrderCommand);
      case 'cancelAll':
        return this.cancelAll(command as CancelAllCommand);
      case 'status':
        return this.setStatus(command as SetStatusCommand);
      default:
        this.ts = isTimestamp(c?.ts) ? c.ts : -1;
        this.reject(
          String(c?.type ?? ''),
          isId(c?.orderId) ? c.orderId : '',
          isId(c?.userId) ? c.userId : '',
          RejectionCode.UNKNOWN_COMMAND,
          'type',
        );
    }
  }

  place(cmd: PlaceOrderCommand): void {
    if (!this.validatePlace(cmd)) return;
    const { orderId, userId } = cmd;
    if (this.status !== 'TRADING') {
      this.reject(
        'place',
        orderId,
        userId,
        this.status === 'HALTED' ? RejectionCode.MARKET_HALTED : RejectionCode.MARKET_CANCEL_ONLY,
        '',
      );
      return;
    }
    if (this.ids.find(orderId) >= 0) {
      this.reject('place', orderId, userId, RejectionCode.DUPLICATE_ORDER_ID, 'orderId');
      return;
    }
    const side = cmd.side === 'BUY' ? BUY : SELL;
    const type = orderTypeCode(cmd.orderType);
    const price = cmd.price ?? 0;
    if (type === T_LIMIT_MAKER && this.wouldTake(side, price)) {
      this.reject('place', orderId, userId, RejectionCode.LIMIT_MAKER_WOULD_TAKE, '');
      return;
    }
    const isStop = type >= T_STOP_LOSS;
    const stopPrice = cmd.stopPrice ?? 0;
    if (isStop && this.lastTradePrice !== 0) {
      const le = this.triggersWhenBelow(side, type);
      if (le ? this.lastTradePrice <= stopPrice : this.lastTradePrice >= stopPrice) {
        this.reject('place', orderId, userId, RejectionCode.STOP_WOULD_TRIGGER_IMMEDIATELY, 'stopPrice');
        return;
      }
    }
    const stp = cmd.stp === undefined || cmd.stp === 'NONE' ? STP_NONE : STP_MODES.indexOf(cmd.stp);
    const tif =
      cmd.timeInForce === undefined
        ? type === T_LIMIT_MAKER
          ? TIF_GTC
          : TIF_NONE
        : tifCode(cmd.timeInForce);
    const quantity = cmd.quantity ?? 0;
    const quoteQuantity = cmd.quoteQuantity ?? 0;

    const ev = this.ev;
    ev.type = 'accepted';
    ev.orderId = orderId;
    ev.userId = userId;
    ev.side = cmd.side;
    ev.orderType = cmd.orderType;
    ev.timeInForce = cmd.timeInForce ?? '';
    ev.price = price;
    ev.stopPrice = stopPrice;
    ev.quantity = quantity;
    ev.quoteQuantity = quoteQuantity;
    ev.stp = STP_MODES[stp];
    this.emit();

    const user = this.userIndex(userId);
    if (isStop) {
      const slot = this.allocSlot();
      this.initSlot(slot, orderId, user, side, type, tif, stp, price, quantity);
      this.f64[slot * REC_DOUBLES + F_STOP] = stopPrice;
      this.u8[slot * REC_BYTES + B_KIND] = KIND_STOP;
      this.userAppend(user, slot);
      this.i32[slot * REC_INTS + O_IDPOS] = this.insertId(orderId, slot);
      this.addStop(slot);
      return;
    }
    this.takerIdPos = this.insertId(orderId, CLOSED);
    this.execute(NIL, orderId, user, side, type, tif, stp, price, quantity, quoteQuantity);
    if (this.triggerQueue.length !== 0) this.runTriggered();
  }

  cancel(cmd: CancelOrderCommand): void {
    const c = cmd as unknown as Record<string, unknown>;
    if (!this.checkTs('cancel', c)) return;
    const orderId = isId(c.orderId) ? c.orderId : '';
    const userId = isId(c.userId) ? c.userId : '';
    if (!this.checkId('cancel', c, 'orderId', orderId, userId)) return;
    if (!this.checkId('cancel', c, 'userId', orderId, userId)) return;
    const restriction = c.restriction;
    if (restriction !== undefined && restriction !== 'ONLY_NEW' && restriction !== 'ONLY_PARTIALLY_FILLED') {
      this.reject('cancel', orderId, userId, RejectionCode.INVALID_FIELD, 'restriction');
      return;
    }
    if (this.status === 'HALTED') {
      this.reject('cancel', orderId, userId, RejectionCode.MARKET_HALTED, '');
      return;
    }
    const slot = this.lookup('cancel', orderId, userId);
    if (slot < 0) return;
    if (
      restriction !== undefined &&
      ((this.u8[slot * REC_BYTES + B_TIF_STP] & TRADED) !== 0) !== (restriction === 'ONLY_PARTIALLY_FILLED')
    ) {
      this.reject('cancel', orderId, userId, RejectionCode.CANCEL_RESTRICTED, 'restriction');
      return;
    }
    // The command's strings equal the order's (lookup checked the owner): the event takes them, and the
    // order's id array (a cache miss in a large book) is not read.
    this.cancelSlot(slot, 'USER_CANCEL', orderId, userId);
  }

  amend(cmd: AmendOrderCommand): void {
    const c = cmd as unknown as Record<string, unknown>;
    if (!this.checkTs('amend', c)) return;
    const orderId = isId(c.orderId) ? c.orderId : '';
    const userId = isId(c.userId) ? c.userId : '';
    if (!this.checkId('amend', c, 'orderId', orderId, userId)) return;
    if (!this.checkId('amend', c, 'userId', orderId, userId)) return;
    const quantity = c.quantity;
    if (quantity === undefined) {
      this.reject('amend', orderId, userId, RejectionCode.MISSING_FIELD, 'quantity');
      return;
    }
    if (!isPositiveInt(quantity)) {
      this.reject('amend', orderId, userId, RejectionCode.INVALID_FIELD, 'quantity');
      return;
    }
    if (this.status !== 'TRADING') {
      this.reject(
        'amend',
        orderId,
        userId,
        this.status === 'HALTED' ? RejectionCode.MARKET_HALTED : RejectionCode.MARKET_CANCEL_ONLY,
        '',
      );
      return;
    }
    const slot = this.lookup('amend', orderId, userId);
    if (slot < 0) return;
    if (this.u8[slot * REC_BYTES + B_KIND] !== KIND_RESTING) {
      this.reject('amend', orderId, userId, RejectionCode.STOP_NOT_AMENDABLE, '');
      return;
    }
    const previous = this.f64[slot * REC_DOUBLES + F_REMAINING];
    if (quantity === previous) {
      this.reject('amend', orderId, userId, RejectionCode.AMEND_QUANTITY_UNCHANGED, 'quantity');
      return;
    }
    if (quantity * this.f64[slot * REC_DOUBLES + F_PRICE] > MAX) {
      this.reject('amend', orderId, userId, RejectionCode.NOTIONAL_OUT_OF_RANGE, 'quantity');
      return;
    }
    const lvl = this.i32[slot * REC_INTS + O_LEVEL];
    this.f64[slot * REC_DOUBLES + F_REMAINING] = quantity;
    this.lvlF64[lvl * LVL_DOUBLES + L_QTY] += quantity - previous;
    if (quantity > previous && this.lvlI32[lvl * LVL_INTS + L_TAIL] !== slot) {
      this.levelUnlink(lvl, slot);
      this.levelAppend(lvl, slot);
    }
    const ev = this.ev;
    ev.type = 'amended';
    ev.orderId = orderId;
    ev.userId = userId;
    ev.quantity = quantity;
    ev.previousQuantity = previous;
    ev.priority = quantity < previous ? 'KEPT' : 'REQUEUED';
    this.emit();
  }

  cancelAll(cmd: CancelAllCommand): void {
    const c = cmd as unknown as Record<string, unknown>;
    if (!this.checkTs('cancelAll', c)) return;
    const userId = isId(c.userId) ? c.userId : '';
    if (!this.checkId('cancelAll', c, 'userId', '', userId)) return;
    if (this.status === 'HALTED') {
      this.reject('cancelAll', '', userId, RejectionCode.MARKET_HALTED, '');
      return;
    }
    const user = this.users.get(userId);
    if (user === undefined) return;
    let slot = this.userHead[user];
    while (slot !== NIL) {
      const following = this.i32[slot * REC_INTS + O_UNEXT];
      this.cancelSlot(slot, 'CANCEL_ALL', this.orderIds[slot], userId);
      slot = following;
    }
  }

  setStatus(cmd: SetStatusCommand): void {
    const c = cmd as unknown as Record<string, unknown>;
    if (!this.checkTs('status', c)) return;
    if (c.status === undefined) {
      this.reject('status', '', '', RejectionCode.MISSING_FIELD, 'status');
      return;
    }
    if (!MARKET_STATUSES.includes(c.status as MarketStatus)) {
      this.reject('status', '', '', RejectionCode.INVALID_FIELD, 'status');
      return;
    }
    const previous = this.status;
    this.status = c.status as MarketStatus;
    const ev = this.ev;
    ev.type = 'status';
    ev.status = this.status;
    ev.previousStatus = previous;
    this.emit();
  }

  // ---------------------------------------------------------------- views

  /** Top `depth` levels per side: `[price, total quantity]`, best first. */
  l2(depth = Infinity): L2View {
    return { bids: this.l2Side(BUY, depth), asks: this.l2Side(SELL, depth) };
  }

  /** Every resting order: `[price, remaining, orderId]`, best level first, time priority within. */
  l3(): L3View {
    return { bids: this.l3Side(BUY), asks: this.l3Side(SELL) };
  }

  /** Best bid and ask prices (0 when a side is empty). */
  top(): { bid: number; ask: number } {
    const b = this.ladders[BUY].best();
    const a = this.ladders[SELL].best();
    return {
      bid: b === NIL ? 0 : this.lvlF64[b * LVL_DOUBLES + L_PRICE],
      ask: a === NIL ? 0 : this.lvlF64[a * LVL_DOUBLES + L_PRICE],
    };
  }

  /** Untriggered stops in arrival order. */
  stops(): StopOrderView[] {
    return this.liveSlotsByArrival()
      .filter((s) => this.u8[s * REC_BYTES + B_KIND] === KIND_STOP)
      .map((s) => {
        const view: StopOrderView = {
          orderId: this.orderIds[s],
          userId: this.userNames[this.i32[s * REC_INTS + O_USER]],
          side: SIDES[this.u8[s * REC_BYTES + B_SIDE]],
          orderType: ORDER_TYPES[this.u8[s * REC_BYTES + B_OTYPE]],
          stopPrice: this.f64[s * REC_DOUBLES + F_STOP],
          quantity: this.f64[s * REC_DOUBLES + F_REMAINING],
        };
        if (this.f64[s * REC_DOUBLES + F_PRICE] !== 0) view.price = this.f64[s * REC_DOUBLES + F_PRICE];
        return view;
      });
  }

  /** Number of live orders (resting and untriggered stops). */
  get openOrderCount(): number {
    let n = 0;
    for (let s = 0; s < this.slotTop; s++) if (this.u8[s * REC_BYTES + B_KIND] !== KIND_FREE) n++;
    return n;
  }

  // ---------------------------------------------------------------- snapshot

  snapshot(): OrderBookSnapshot {
    const live = this.liveSlotsByArrival();
    const index = new Map<number, number>();
    const orders: SnapshotOrder[] = live.map((s, i) => {
      index.set(s, i);
      return [
        this.orderIds[s],
        this.userNames[this.i32[s * REC_INTS + O_USER]],
        SIDES[this.u8[s * REC_BYTES + B_SIDE]],
        ORDER_TYPES[this.u8[s * REC_BYTES + B_OTYPE]],
        TIF_CODES[this.u8[s * REC_BYTES + B_TIF_STP] & TIF_BITS],
        this.f64[s * REC_DOUBLES + F_PRICE],
        this.f64[s * REC_DOUBLES + F_STOP],
        this.f64[s * REC_DOUBLES + F_REMAINING],
        STP_MODES[this.u8[s * REC_BYTES + B_TIF_STP] >>> 4],
        (this.u8[s * REC_BYTES + B_TIF_STP] & TRADED) !== 0,
      ];
    });
    const levels = (side: number): number[][] => {
      const out: number[][] = [];
      const ladder = this.ladders[side];
      for (let r = 0; r < ladder.size; r++) {
        const ids: number[] = [];
        for (
          let s = this.lvlI32[ladder.levelAt(r) * LVL_INTS + L_HEAD];
          s !== NIL;
          s = this.i32[s * REC_INTS + O_NEXT]
        )
          ids.push(index.get(s)!);
        out.push(ids);
      }
      return out;
    };
    const closedOrderIds: string[] = [];
    this.ids.forEach((id, slot) => {
      if (slot === CLOSED) closedOrderIds.push(id);
    });
    // Sorted, so that a snapshot does not depend on the id map's insertion order (which restore changes).
    closedOrderIds.sort();
    return {
      format: 'matching-book/1',
      seq: this.seq,
      status: this.status,
      lastTradePrice: this.lastTradePrice,
      orders,
      bids: levels(BUY),
      asks: levels(SELL),
      closedOrderIds,
    };
  }

  /** Replaces this book's whole state with a snapshot's. The sink is kept. */
  restore(snapshot: OrderBookSnapshot): void {
    if (snapshot.format !== 'matching-book/1')
      throw new Error(`unknown snapshot format ${String(snapshot.format)}`);
    this.reset();
    this.seq = snapshot.seq;
    this.status = snapshot.status;
    this.lastTradePrice = snapshot.lastTradePrice;
    const slots: number[] = [];
    for (const [
      orderId,
      userId,
      side,
      orderType,
      tif,
      price,
      stopPrice,
      remaining,
      stp,
      traded,
    ] of snapshot.orders) {
      const slot = this.allocSlot();
      const user = this.userIndex(userId);
      const type = ORDER_TYPES.indexOf(orderType);
      this.initSlot(
        slot,
        orderId,
        user,
        side === 'BUY' ? BUY : SELL,
        type,
        TIF_CODES.indexOf(tif),
        STP_MODES.indexOf(stp),
        price,
        remaining,
      );
      this.f64[slot * REC_DOUBLES + F_STOP] = stopPrice;
      if (traded === true) this.u8[slot * REC_BYTES + B_TIF_STP] |= TRADED;
      this.u8[slot * REC_BYTES + B_KIND] = KIND_STOP;
      this.userAppend(user, slot);
      this.i32[slot * REC_INTS + O_IDPOS] = this.insertId(orderId, slot);
      slots.push(slot);
    }
    const resting = new Set<number>();
    for (const side of [BUY, SELL]) {
      for (const level of side === BUY ? snapshot.bids : snapshot.asks) {
        for (const i of level) {
          const slot = slots[i];
          resting.add(slot);
          this.u8[slot * REC_BYTES + B_KIND] = KIND_RESTING;
          this.rest(slot);
        }
      }
    }
    for (const slot of slots) if (!resting.has(slot)) this.addStop(slot);
    for (const id of snapshot.closedOrderIds) this.insertId(id, CLOSED);
  }

  /** A new book holding a snapshot's state. */
  static fromSnapshot(snapshot: OrderBookSnapshot, options: OrderBookOptions = {}): OrderBook {
    const book = new OrderBook(options);
    book.restore(snapshot);
    return book;
  }

  /**
   * A hash of the book's state: status, last trade price, every level and order in priority order,
   * untriggered stops, live orders' arrival order, and the set of taken order ids. The event
   * sequence is not part of it (a rejected command changes nothing but the sequence).
   */
  stateHash(): string {
    const h = new StateHasher();
    h.str(this.status).num(this.lastTradePrice);
    for (const side of [BUY, SELL]) {
      const ladder = this.ladders[side];
      h.str(side === BUY ? 'bids' : 'asks').num(ladder.size);
      for (let r = 0; r < ladder.size; r++) {
        const lvl = ladder.levelAt(r);
        h.num(this.lvlF64[lvl * LVL_DOUBLES + L_PRICE])
          .num(this.lvlI32[lvl * LVL_INTS + L_COUNT])
          .num(this.lvlF64[lvl * LVL_DOUBLES + L_QTY]);
        for (let s = this.lvlI32[lvl * LVL_INTS + L_HEAD]; s !== NIL; s = this.i32[s * REC_INTS + O_NEXT])
          this.hashOrder(h, s);
      }
    }
    const live = this.liveSlotsByArrival();
    h.str('live').num(live.length);
    for (const s of live) {
      h.num(this.u8[s * REC_BYTES + B_KIND]);
      this.hashOrder(h, s);
    }
    let closed = 0;
    let closedSum = 0;
    this.ids.forEach((id, slot) => {
      if (slot !== CLOSED) return;
      closed++;
      closedSum = (closedSum + fnv1a32(id)) >>> 0;
    });
    h.str('closed').num(closed).num(closedSum);
    return h.digest();
  }

  // ---------------------------------------------------------------- matching

  /**
   * Runs one taker to the end: FOK check, matching against the opposite side, then the remainder
   * rests (GTC), or expires (IOC, market). `slot` is the taker's slot if it has one (a triggered
   * stop), else NIL.
   */
  private execute(
    slot: number,
    orderId: string,
    user: number,
    side: number,
    type: number,
    tif: number,
    stp: number,
    limit: number,
    quantity: number,
    quoteQuantity: number,
  ): void {
    const isMarket = type === T_MARKET || type === T_STOP_LOSS || type === T_TAKE_PROFIT;
    const byQuote = quoteQuantity > 0;
    if (tif === TIF_FOK && !this.canFill(user, side, stp, limit, quantity)) {
      this.expire(orderId, user, 'FOK_NOT_FILLABLE', quantity);
      if (slot !== NIL) this.freeSlot_(slot);
      return;
    }
    const ladder = this.ladders[side ^ 1];
    const ev = this.ev;
    let rem = byQuote ? quoteQuantity : quantity;
    // The resting order (and its price) that self-trade prevention stopped the taker at; '' while the taker goes on
    // (order ids are never empty).
    let preventedBy = '';
    let preventedAt = 0;
    while (rem > 0) {
      const lvl = ladder.best();
      if (lvl === NIL) break;
      const lp = this.lvlF64[lvl * LVL_DOUBLES + L_PRICE];
      if (!isMarket && (side === BUY ? lp > limit : lp < limit)) break;
      let cap = rem;
      if (byQuote) {
        cap = Math.floor(rem / lp);
        const r = rem - cap * lp;
        if (r < 0) cap--;
        else if (r >= lp) cap++;
        if (cap === 0) break;
      }
      const maker = this.lvlI32[lvl * LVL_INTS + L_HEAD];
      if (stp !== STP_NONE && this.i32[maker * REC_INTS + O_USER] === user) {
        const makerId = this.orderIds[maker];
        if (stp !== STP_EXPIRE_TAKER) {
          const makerRem = this.f64[maker * REC_DOUBLES + F_REMAINING];
          this.removeResting(maker);
          this.expire(makerId, user, 'STP_MAKER', makerRem, orderId, lp);
          if (stp === STP_EXPIRE_MAKER) continue;
        }
        // EXPIRE_TAKER and EXPIRE_BOTH: the taker's remainder expires, after the loop.
        preventedBy = makerId;
        preventedAt = lp;
        break;
      }
      const makerRem = this.f64[maker * REC_DOUBLES + F_REMAINING];
      const qty = cap < makerRem ? cap : makerRem;
      const left = makerRem - qty;
      rem -= byQuote ? qty * lp : qty;
      ev.type = 'trade';
      ev.price = lp;
      ev.quantity = qty;
      ev.makerOrderId = this.orderIds[maker];
      ev.takerOrderId = orderId;
      ev.makerUserId = this.userNames[this.i32[maker * REC_INTS + O_USER]];
      ev.takerUserId = this.userNames[user];
      ev.takerSide = side === BUY ? 'BUY' : 'SELL';
      ev.makerRemaining = left;
      ev.takerRemaining = rem;
      this.emit();
      if (left === 0) {
        this.removeResting(maker);
      } else {
        this.f64[maker * REC_DOUBLES + F_REMAINING] = left;
        this.u8[maker * REC_BYTES + B_TIF_STP] |= TRADED;
        this.lvlF64[lvl * LVL_DOUBLES + L_QTY] -= qty;
      }
      this.lastTradePrice = lp;
      if (lp <= this.leMax || lp >= this.geMin) this.checkStops(lp);
    }
    if (preventedBy !== '') {
      this.expire(orderId, user, 'STP_TAKER', rem, preventedBy, preventedAt);
    } else if (rem > 0) {
      if (isMarket) this.expire(orderId, user, 'MARKET_REMAINDER', rem);
      else if (tif === TIF_IOC) this.expire(orderId, user, 'IOC_REMAINDER', rem);
      else {
        // GTC (or a FOK that passed its check, which cannot get here with a remainder).
        if (slot === NIL) {
          slot = this.allocSlot();
          this.initSlot(slot, orderId, user, side, type, tif, stp, limit, rem);
          this.userAppend(user, slot);
          this.ids.setAt(this.takerIdPos, slot);
          this.i32[slot * REC_INTS + O_IDPOS] = this.takerIdPos;
        } else {
          this.f64[slot * REC_DOUBLES + F_REMAINING] = rem;
        }
        if (rem < quantity) this.u8[slot * REC_BYTES + B_TIF_STP] |= TRADED;
        this.u8[slot * REC_BYTES + B_KIND] = KIND_RESTING;
        this.rest(slot);
        return;
      }
    }
    if (slot !== NIL) this.freeSlot_(slot);
  }

  /** Whether a FOK taker would fill `quantity` completely under its STP mode. */
  private canFill(user: number, side: number, stp: number, limit: number, quantity: number): boolean {
    const ladder = this.ladders[side ^ 1];
    let need = quantity;
    for (let r = 0; r < ladder.size; r++) {
      const lvl = ladder.levelAt(r);
      const lp = this.lvlF64[lvl * LVL_DOUBLES + L_PRICE];
      if (side === BUY ? lp > limit : lp < limit) return false;
      if (stp === STP_NONE) {
        need -= this.lvlF64[lvl * LVL_DOUBLES + L_QTY];
        if (need <= 0) return true;
        continue;
      }
      for (let s = this.lvlI32[lvl * LVL_INTS + L_HEAD]; s !== NIL; s = this.i32[s * REC_INTS + O_NEXT]) {
        if (this.i32[s * REC_INTS + O_USER] === user) {
          // EXPIRE_MAKER skips its own resting orders; EXPIRE_TAKER and EXPIRE_BOTH stop there.
          if (stp === STP_EXPIRE_MAKER) continue;
          return false;
        }
        need -= this.f64[s * REC_DOUBLES + F_REMAINING];
        if (need <= 0) return true;
      }
    }
    return false;
  }

  private wouldTake(side: number, price: number): boolean {
    const lvl = this.ladders[side ^ 1].best();
    if (lvl === NIL) return false;
    const best = this.lvlF64[lvl * LVL_DOUBLES + L_PRICE];
    return side === BUY ? best <= price : best >= price;
  }

  // ---------------------------------------------------------------- stops

  /** Sell stop-loss and buy take-profit trigger when last <= stop; the others when last >= stop. */
  private triggersWhenBelow(side: number, type: number): boolean {
    const stopLoss = type === T_STOP_LOSS || type === T_STOP_LOSS_LIMIT;
    return stopLoss ? side === SELL : side === BUY;
  }

  private addStop(slot: number): void {
    const sp = this.f64[slot * REC_DOUBLES + F_STOP];
    if (this.triggersWhenBelow(this.u8[slot * REC_BYTES + B_SIDE], this.u8[slot * REC_BYTES + B_OTYPE])) {
      this.leStops.push(slot);
      if (sp > this.leMax) this.leMax = sp;
    } else {
      this.geStops.push(slot);
      if (sp < this.geMin) this.geMin = sp;
    }
  }

  private removeStop(slot: number): void {
    const list = this.triggersWhenBelow(
      this.u8[slot * REC_BYTES + B_SIDE],
      this.u8[slot * REC_BYTES + B_OTYPE],
    )
      ? this.leStops
      : this.geStops;
    list.splice(list.indexOf(slot), 1);
    this.recomputeStopBounds();
  }

  private recomputeStopBounds(): void {
    let leMax = -Infinity;
    for (const s of this.leStops)
      if (this.f64[s * REC_DOUBLES + F_STOP] > leMax) leMax = this.f64[s * REC_DOUBLES + F_STOP];
    let geMin = Infinity;
    for (const s of this.geStops)
      if (this.f64[s * REC_DOUBLES + F_STOP] < geMin) geMin = this.f64[s * REC_DOUBLES + F_STOP];
    this.leMax = leMax;
    this.geMin = geMin;
  }

  /** After a trade at `price`: moves every stop whose condition holds to the trigger queue, in arrival order. */
  private checkStops(price: number): void {
    const now = this.triggeredNow;
    if (price <= this.leMax) this.extractTriggered(this.leStops, (sp) => price <= sp, now);
    if (price >= this.geMin) this.extractTriggered(this.geStops, (sp) => price >= sp, now);
    if (now.length === 0) return;
    if (now.length > 1)
      now.sort((x, y) => this.f64[x * REC_DOUBLES + F_ARRIVAL] - this.f64[y * REC_DOUBLES + F_ARRIVAL]);
    this.recomputeStopBounds();
    const ev = this.ev;
    for (const slot of now) {
      this.u8[slot * REC_BYTES + B_KIND] = KIND_TRIGGERED;
      this.triggerQueue.push(slot);
      ev.type = 'triggered';
      ev.orderId = this.orderIds[slot];
      ev.userId = this.userNames[this.i32[slot * REC_INTS + O_USER]];
      ev.stopPrice = this.f64[slot * REC_DOUBLES + F_STOP];
      ev.lastPrice = price;
      this.emit();
    }
    now.length = 0;
  }

  private extractTriggered(list: number[], holds: (stopPrice: number) => boolean, out: number[]): void {
    let w = 0;
    for (let r = 0; r < list.length; r++) {
      const s = list[r];
      if (holds(this.f64[s * REC_DOUBLES + F_STOP])) out.push(s);
      else list[w++] = s;
    }
    list.length = w;
  }

  /** Runs triggered stops first in, first out, until none is left (those they trigger queue behind). */
  private runTriggered(): void {
    const q = this.triggerQueue;
    for (let i = 0; i < q.length; i++) {
      const slot = q[i];
      const type = this.u8[slot * REC_BYTES + B_OTYPE];
      const isLimit = type === T_STOP_LOSS_LIMIT || type === T_TAKE_PROFIT_LIMIT;
      this.execute(
        slot,
        this.orderIds[slot],
        this.i32[slot * REC_INTS + O_USER],
        this.u8[slot * REC_BYTES + B_SIDE],
        type,
        this.u8[slot * REC_BYTES + B_TIF_STP] & TIF_BITS,
        this.u8[slot * REC_BYTES + B_TIF_STP] >>> 4,
        isLimit ? this.f64[slot * REC_DOUBLES + F_PRICE] : 0,
        this.f64[slot * REC_DOUBLES + F_REMAINING],
        0,
      );
    }
    q.length = 0;
  }

  // ---------------------------------------------------------------- order and level bookkeeping

  private cancelSlot(slot: number, reason: CancelReason, orderId: string, userId: string): void {
    const rem = this.f64[slot * REC_DOUBLES + F_REMAINING];
    if (this.u8[slot * REC_BYTES + B_KIND] === KIND_STOP) {
      this.removeStop(slot);
      this.freeSlot_(slot);
    } else {
      this.removeResting(slot);
    }
    const ev = this.ev;
    ev.type = 'cancelled';
    ev.orderId = orderId;
    ev.userId = userId;
    ev.reason = reason;
    ev.remaining = rem;
    this.emit();
  }

  /** Checks the order exists, is open and is the user's; rejects and returns -1 otherwise. */
  private lookup(command: string, orderId: string, userId: string): number {
    const pos = this.ids.find(orderId);
    if (pos < 0) {
      this.reject(command, orderId, userId, RejectionCode.UNKNOWN_ORDER, 'orderId');
      return NIL;
    }
    const slot = this.ids.valueAt(pos);
    if (slot === CLOSED) {
      this.reject(command, orderId, userId, RejectionCode.ORDER_NOT_OPEN, 'orderId');
      return NIL;
    }
    if (this.userNames[this.i32[slot * REC_INTS + O_USER]] !== userId) {
      this.reject(command, orderId, userId, RejectionCode.NOT_ORDER_OWNER, 'userId');
      return NIL;
    }
    return slot;
  }

  /** Links a slot at the tail of its price level, creating the level if needed. */
  private rest(slot: number): void {
    const side = this.u8[slot * REC_BYTES + B_SIDE];
    const price = this.f64[slot * REC_DOUBLES + F_PRICE];
    const ladder = this.ladders[side];
    let lvl = ladder.find(price);
    if (lvl === NIL) {
      lvl = this.allocLevel(price);
      ladder.insert(price, lvl);
    }
    this.levelAppend(lvl, slot);
  }

  /** Takes a resting order off the book and frees its slot (the id stays taken). */
  private removeResting(slot: number): void {
    const lvl = this.i32[slot * REC_INTS + O_LEVEL];
    this.levelUnlink(lvl, slot);
    if (this.lvlI32[lvl * LVL_INTS + L_COUNT] === 0) {
      this.ladders[this.u8[slot * REC_BYTES + B_SIDE]].remove(this.lvlF64[lvl * LVL_DOUBLES + L_PRICE]);
      this.lvlI32[lvl * LVL_INTS + L_HEAD] = this.freeLvl;
      this.freeLvl = lvl;
    }
    this.freeSlot_(slot);
  }

  private levelAppend(lvl: number, slot: number): void {
    const tail = this.lvlI32[lvl * LVL_INTS + L_TAIL];
    this.i32[slot * REC_INTS + O_PREV] = tail;
    this.i32[slot * REC_INTS + O_NEXT] = NIL;
    if (tail === NIL) this.lvlI32[lvl * LVL_INTS + L_HEAD] = slot;
    else this.i32[tail * REC_INTS + O_NEXT] = slot;
    this.lvlI32[lvl * LVL_INTS + L_TAIL] = slot;
    this.lvlI32[lvl * LVL_INTS + L_COUNT]++;
    this.lvlF64[lvl * LVL_DOUBLES + L_QTY] += this.f64[slot * REC_DOUBLES + F_REMAINING];
    this.i32[slot * REC_INTS + O_LEVEL] = lvl;
  }

  private levelUnlink(lvl: number, slot: number): void {
    const p = this.i32[slot * REC_INTS + O_PREV];
    const n = this.i32[slot * REC_INTS + O_NEXT];
    if (p === NIL) this.lvlI32[lvl * LVL_INTS + L_HEAD] = n;
    else this.i32[p * REC_INTS + O_NEXT] = n;
    if (n === NIL) this.lvlI32[lvl * LVL_INTS + L_TAIL] = p;
    else this.i32[n * REC_INTS + O_PREV] = p;
    this.lvlI32[lvl * LVL_INTS + L_COUNT]--;
    this.lvlF64[lvl * LVL_DOUBLES + L_QTY] -= this.f64[slot * REC_DOUBLES + F_REMAINING];
  }

  private allocLevel(price: number): number {
    let lvl = this.freeLvl;
    if (lvl !== NIL) {
      this.freeLvl = this.lvlI32[lvl * LVL_INTS + L_HEAD];
    } else {
      if (this.lvlTop === this.lvlCap) this.growLevels();
      lvl = this.lvlTop++;
    }
    this.lvlI32[lvl * LVL_INTS + L_HEAD] = NIL;
    this.lvlI32[lvl * LVL_INTS + L_TAIL] = NIL;
    this.lvlI32[lvl * LVL_INTS + L_COUNT] = 0;
    this.lvlF64[lvl * LVL_DOUBLES + L_QTY] = 0;
    this.lvlF64[lvl * LVL_DOUBLES + L_PRICE] = price;
    return lvl;
  }

  private allocSlot(): number {
    let slot = this.freeSlot;
    if (slot !== NIL) {
      this.freeSlot = this.i32[slot * REC_INTS + O_NEXT];
    } else {
      if (this.slotTop === this.cap) this.growSlots();
      slot = this.slotTop++;
    }
    return slot;
  }

  private initSlot(
    slot: number,
    orderId: string,
    user: number,
    side: number,
    type: number,
    tif: number,
    stp: number,
    price: number,
    quantity: number,
  ): void {
    this.orderIds[slot] = orderId;
    this.i32[slot * REC_INTS + O_USER] = user;
    this.u8[slot * REC_BYTES + B_SIDE] = side;
    this.u8[slot * REC_BYTES + B_OTYPE] = type;
    this.u8[slot * REC_BYTES + B_TIF_STP] = tif | (stp << 4);
    this.f64[slot * REC_DOUBLES + F_PRICE] = price;
    this.f64[slot * REC_DOUBLES + F_STOP] = 0;
    this.f64[slot * REC_DOUBLES + F_REMAINING] = quantity;
    this.i32[slot * REC_INTS + O_LEVEL] = NIL;
    this.f64[slot * REC_DOUBLES + F_ARRIVAL] = this.arrivalCounter++;
  }

  /** Unlinks a slot from its user's list, marks its id closed and returns it to the pool. */
  private freeSlot_(slot: number): void {
    const user = this.i32[slot * REC_INTS + O_USER];
    const p = this.i32[slot * REC_INTS + O_UPREV];
    const n = this.i32[slot * REC_INTS + O_UNEXT];
    if (p === NIL) this.userHead[user] = n;
    else this.i32[p * REC_INTS + O_UNEXT] = n;
    if (n === NIL) this.userTail[user] = p;
    else this.i32[n * REC_INTS + O_UPREV] = p;
    this.ids.setAt(this.i32[slot * REC_INTS + O_IDPOS], CLOSED);
    this.u8[slot * REC_BYTES + B_KIND] = KIND_FREE;
    this.i32[slot * REC_INTS + O_NEXT] = this.freeSlot;
    this.freeSlot = slot;
  }

  /** Adds an id to the index; when that grows the index, refreshes every live slot's position. */
  private insertId(orderId: string, value: number): number {
    const generation = this.ids.generation;
    const pos = this.ids.insert(orderId, value);
    if (this.ids.generation !== generation) {
      for (let s = 0; s < this.slotTop; s++) {
        if (this.u8[s * REC_BYTES + B_KIND] !== KIND_FREE)
          this.i32[s * REC_INTS + O_IDPOS] = this.ids.find(this.orderIds[s]);
      }
    }
    return pos;
  }

  private userIndex(userId: string): number {
    let u = this.users.get(userId);
    if (u === undefined) {
      u = this.userNames.length;
      this.users.set(userId, u);
      this.userNames.push(userId);
      if (u === this.userHead.length) {
        const head = new Int32Array(u * 2);
        head.set(this.userHead);
        const tail = new Int32Array(u * 2);
        tail.set(this.userTail);
        this.userHead = head;
        this.userTail = tail;
      }
      this.userHead[u] = NIL;
      this.userTail[u] = NIL;
    }
    return u;
  }

  private userAppend(user: number, slot: number): void {
    const tail = this.userTail[user];
    this.i32[slot * REC_INTS + O_UPREV] = tail;
    this.i32[slot * REC_INTS + O_UNEXT] = NIL;
    if (tail === NIL) this.userHead[user] = slot;
    else this.i32[tail * REC_INTS + O_UNEXT] = slot;
    this.userTail[user] = slot;
  }

  private growSlots(): void {
    const c = this.cap * 2;
    const buffer = new ArrayBuffer(c * REC_BYTES);
    const u8 = new Uint8Array(buffer);
    u8.set(this.u8);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.u8 = u8;
    for (let i = this.cap; i < c; i++) this.orderIds.push('');
    this.cap = c;
  }

  private growLevels(): void {
    const c = this.lvlCap * 2;
    const i32 = new Int32Array(c * LVL_INTS);
    i32.set(this.lvlI32);
    this.lvlI32 = i32;
    this.lvlF64 = new Float64Array(i32.buffer);
    this.lvlCap = c;
  }

  private reset(): void {
    this.seq = 0;
    this.status = 'TRADING';
    this.lastTradePrice = 0;
    this.arrivalCounter = 0;
    this.slotTop = 0;
    this.freeSlot = NIL;
    this.u8.fill(0); // every slot KIND_FREE
    this.lvlTop = 0;
    this.freeLvl = NIL;
    this.ladders[BUY].clear();
    this.ladders[SELL].clear();
    this.ids = new OrderIdIndex(this.idCapacity);
    this.users = new Map();
    this.userNames = [];
    this.leStops = [];
    this.geStops = [];
    this.leMax = -Infinity;
    this.geMin = Infinity;
  }

  private liveSlotsByArrival(): number[] {
    const live: number[] = [];
    for (let s = 0; s < this.slotTop; s++) if (this.u8[s * REC_BYTES + B_KIND] !== KIND_FREE) live.push(s);
    return live.sort((x, y) => this.f64[x * REC_DOUBLES + F_ARRIVAL] - this.f64[y * REC_DOUBLES + F_ARRIVAL]);
  }

  private hashOrder(h: StateHasher, s: number): void {
    h.str(this.orderIds[s])
      .str(this.userNames[this.i32[s * REC_INTS + O_USER]])
      .num(this.u8[s * REC_BYTES + B_SIDE])
      .num(this.u8[s * REC_BYTES + B_OTYPE])
      // Time in force and the traded bit: a book with no order that traded hashes as before the bit existed.
      .num(this.u8[s * REC_BYTES + B_TIF_STP] & 15)
      .num(this.u8[s * REC_BYTES + B_TIF_STP] >>> 4)
      .num(this.f64[s * REC_DOUBLES + F_PRICE])
      .num(this.f64[s * REC_DOUBLES + F_STOP])
      .num(this.f64[s * REC_DOUBLES + F_REMAINING]);
  }

  private l2Side(side: number, depth: number): [number, number][] {
    const ladder = this.ladders[side];
    const out: [number, number][] = [];
    const n = Math.min(depth, ladder.size);
    for (let r = 0; r < n; r++) {
      const lvl = ladder.levelAt(r);
      out.push([this.lvlF64[lvl * LVL_DOUBLES + L_PRICE], this.lvlF64[lvl * LVL_DOUBLES + L_QTY]]);
    }
    return out;
  }

  private l3Side(side: number): [number, number, string][] {
    const ladder = this.ladders[side];
    const out: [number, number, string][] = [];
    for (let r = 0; r < ladder.size; r++) {
      const lvl = ladder.levelAt(r);
      for (let s = this.lvlI32[lvl * LVL_INTS + L_HEAD]; s !== NIL; s = this.i32[s * REC_INTS + O_NEXT]) {
        out.push([
          this.lvlF64[lvl * LVL_DOUBLES + L_PRICE],
          this.f64[s * REC_DOUBLES + F_REMAINING],
          this.orderIds[s],
        ]);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- validation and events

  private validatePlace(cmd: PlaceOrderCommand): boolean {
    const c = cmd as unknown as Record<string, unknown>;
    if (!this.checkTs('place', c)) return false;
    const orderId = isId(c.orderId) ? c.orderId : '';
    const userId = isId(c.userId) ? c.userId : '';
    if (!this.checkId('place', c, 'orderId', orderId, userId)) return false;
    if (!this.checkId('place', c, 'userId', orderId, userId)) return false;
    const code = this.placeFieldError(c);
    if (code === 0) return true;
    this.reject('place', orderId, userId, code, this.rejectField);
    return false;
  }

  /** The first problem with a place command's fields (0 if none); the field goes to `rejectField`. */
  private placeFieldError(c: Record<string, unknown>): RejectionCode | 0 {
    if (isPlainLimitOrMarket(c)) return 0;
    if (c.side === undefined) return this.fieldError(RejectionCode.MISSING_FIELD, 'side');
    if (c.side !== 'BUY' && c.side !== 'SELL') return this.fieldError(RejectionCode.INVALID_FIELD, 'side');
    if (c.orderType === undefined) return this.fieldError(RejectionCode.MISSING_FIELD, 'orderType');
    if (typeof c.orderType !== 'string' || !Object.prototype.hasOwnProperty.call(FIELD_RULES, c.orderType)) {
      return this.fieldError(RejectionCode.INVALID_FIELD, 'orderType');
    }
    const rules = FIELD_RULES[c.orderType];
    if (c.timeInForce === undefined) {
      if (rules.timeInForce === 'R') return this.fieldError(RejectionCode.MISSING_FIELD, 'timeInForce');
    } else {
      if (rules.timeInForce === 'F') return this.fieldError(RejectionCode.UNEXPECTED_FIELD, 'timeInForce');
      if (!TIME_IN_FORCES.includes(c.timeInForce as TimeInForce)) {
        return this.fieldError(RejectionCode.INVALID_FIELD, 'timeInForce');
      }
    }
    if (c.price === undefined) {
      if (rules.price === 'R') return this.fieldError(RejectionCode.MISSING_FIELD, 'price');
    } else {
      if (rules.price === 'F') return this.fieldError(RejectionCode.UNEXPECTED_FIELD, 'price');
      if (!isPositiveInt(c.price)) return this.fieldError(RejectionCode.INVALID_FIELD, 'price');
    }
    if (c.stopPrice === undefined) {
      if (rules.stopPrice === 'R') return this.fieldError(RejectionCode.MISSING_FIELD, 'stopPrice');
    } else {
      if (rules.stopPrice === 'F') return this.fieldError(RejectionCode.UNEXPECTED_FIELD, 'stopPrice');
      if (!isPositiveInt(c.stopPrice)) return this.fieldError(RejectionCode.INVALID_FIELD, 'stopPrice');
    }
    const isMarket = c.orderType === 'MARKET';
    if (c.quantity === undefined) {
      if (!isMarket || c.quoteQuantity === undefined)
        return this.fieldError(RejectionCode.MISSING_FIELD, 'quantity');
    } else if (!isPositiveInt(c.quantity)) {
      return this.fieldError(RejectionCode.INVALID_FIELD, 'quantity');
    }
    if (c.quoteQuantity !== undefined) {
      if (!isMarket || c.quantity !== undefined)
        return this.fieldError(RejectionCode.UNEXPECTED_FIELD, 'quoteQuantity');
      if (!isPositiveInt(c.quoteQuantity))
        return this.fieldError(RejectionCode.INVALID_FIELD, 'quoteQuantity');
    }
    if (c.stp !== undefined && !STP_MODES.includes(c.stp as StpMode))
      return this.fieldError(RejectionCode.INVALID_FIELD, 'stp');
    const q = (c.quantity as number | undefined) ?? 0;
    if (
      q * ((c.price as number | undefined) ?? 0) > MAX ||
      q * ((c.stopPrice as number | undefined) ?? 0) > MAX
    ) {
      return this.fieldError(RejectionCode.NOTIONAL_OUT_OF_RANGE, 'quantity');
    }
    return 0;
  }

  private fieldError(code: RejectionCode, field: string): RejectionCode {
    this.rejectField = field;
    return code;
  }

  /** Validates and records the command's `ts`; rejects when it is missing or invalid. */
  private checkTs(command: string, c: Record<string, unknown>): boolean {
    const ts = c.ts;
    if (isTimestamp(ts)) {
      this.ts = ts;
      return true;
    }
    this.ts = -1;
    const orderId = isId(c.orderId) ? c.orderId : '';
    const userId = isId(c.userId) ? c.userId : '';
    this.reject(
      command,
      orderId,
      userId,
      ts === undefined ? RejectionCode.MISSING_FIELD : RejectionCode.INVALID_FIELD,
      'ts',
    );
    return false;
  }

  private checkId(
    command: string,
    c: Record<string, unknown>,
    field: 'orderId' | 'userId',
    orderId: string,
    userId: string,
  ): boolean {
    // The caller has read the field already ('' when it is not an id): no keyed load on the common path.
    if ((field === 'orderId' ? orderId : userId) !== '') return true;
    const v = c[field];
    this.reject(
      command,
      orderId,
      userId,
      v === undefined ? RejectionCode.MISSING_FIELD : RejectionCode.INVALID_FIELD,
      field,
    );
    return false;
  }

  private reject(command: string, orderId: string, userId: string, code: RejectionCode, field: string): void {
    const ev = this.ev;
    ev.type = 'rejected';
    ev.command = command;
    ev.orderId = orderId;
    ev.userId = userId;
    ev.code = code;
    ev.reason = rejectionReason(code);
    ev.field = field;
    this.emit();
  }

  /** `counterOrderId` and `price`: for self-trade prevention, the other order of the prevented match and its price. */
  private expire(
    orderId: string,
    user: number,
    reason: ExpireReason,
    remaining: number,
    counterOrderId = '',
    price = 0,
  ): void {
    const ev = this.ev;
    ev.type = 'expired';
    ev.orderId = orderId;
    ev.userId = this.userNames[user];
    ev.reason = reason;
    ev.remaining = remaining;
    ev.counterOrderId = counterOrderId;
    ev.price = price;
    this.emit();
  }

  private emit(): void {
    const ev = this.ev;
    ev.seq = ++this.seq;
    ev.ts = this.ts;
    this.sink(ev);
  }
}
