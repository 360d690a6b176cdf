import { type RejectionCode, type RejectionReason } from './rejection-code.enum';
import {
  type MarketStatus,
  type OrderType,
  type Side,
  type StpMode,
  type TimeInForce,
} from './matching-command.types';

export type MatchingEventType =
  | 'accepted'
  | 'rejected'
  | 'trade'
  | 'cancelled'
  | 'expired'
  | 'amended'
  | 'triggered'
  | 'status';

/** Why an order left the book at a user's request. */
export type CancelReason = 'USER_CANCEL' | 'CANCEL_ALL';

/**
 * Why an order ended without being filled completely:
 * - `IOC_REMAINDER`: what an IOC limit could not fill at once;
 * - `FOK_NOT_FILLABLE`: a FOK that could not fill completely (nothing traded);
 * - `MARKET_REMAINDER`: what a market order (by quantity or by quote) could not fill;
 * - `STP_TAKER`: the taker met its own user's resting order under `EXPIRE_TAKER` or `EXPIRE_BOTH`;
 * - `STP_MAKER`: a resting order met by a taker of the same user under `EXPIRE_MAKER` or `EXPIRE_BOTH`.
 */
export type ExpireReason = 'IOC_REMAINDER' | 'FOK_NOT_FILLABLE' | 'MARKET_REMAINDER' | 'STP_TAKER' | 'STP_MAKER';

export type AmendPriority = 'KEPT' | 'REQUEUED';

export interface AcceptedEvent {
  type: 'accepted';
  seq: number;
  ts: number;
  orderId: string;
  userId: string;
  side: Side;
  orderType: OrderType;
  timeInForce?: TimeInForce;
  price?: number;
  stopPrice?: number;
  quantity?: number;
  quoteQuantity?: number;
  stp: StpMode;
}

export interface RejectedEvent {
  type: 'rejected';
  seq: number;
  /** Left out when the command's own `ts` was missing or invalid. */
  ts?: number;
  /** The command's `type` as received (may be anything for an unknown command). */
  command: string;
  orderId?: string;
  userId?: string;
  reason: RejectionReason;
  code: RejectionCode;
  /** The offending field for `MISSING_FIELD`, `INVALID_FIELD`, `UNEXPECTED_FIELD` and `NOTIONAL_OUT_OF_RANGE`. */
  field?: string;
}

export interface TradeEvent {
  type: 'trade';
  seq: number;
  ts: number;
  /** The maker's price. */
  price: number;
  quantity: number;
  makerOrderId: string;
  takerOrderId: string;
  makerUserId: string;
  takerUserId: string;
  takerSide: Side;
  /** The maker's open quantity after this trade (0: filled). */
  makerRemaining: number;
  /** The taker's remainder after this trade, in the taker's unit (lots, or quote for a market order by quote). */
  takerRemaining: number;
}

export interface CancelledEvent {
  type: 'cancelled';
  seq: number;
  ts: number;
  orderId: string;
  userId: string;
  reason: CancelReason;
  remaining: number;
}

export interface ExpiredEvent {
  type: 'expired';
  seq: number;
  ts: number;
  orderId: string;
  userId: string;
  reason: ExpireReason;
  /** In the order's unit: lots, or quote for a market order by quote. */
  remaining: number;
  /**
   * `STP_TAKER` and `STP_MAKER` only: the other order of the prevented match (the resting order the taker met, or
   * the taker that met this resting order). Both orders are the same user's.
   */
  counterOrderId?: string;
  /** `STP_TAKER` and `STP_MAKER` only: the resting order's price, at which the match was prevented. */
  price?: number;
}

export interface AmendedEvent {
  type: 'amended';
  seq: number;
  ts: number;
  orderId: string;
  userId: string;
  quantity: number;
  previousQuantity: number;
  priority: AmendPriority;
}

export interface TriggeredEvent {
  type: 'triggered';
  seq: number;
  ts: number;
  orderId: string;
  userId: string;
  stopPrice: number;
  /** The price of the trade that met the condition. */
  lastPrice: number;
}

export interface StatusEvent {
  type: 'status';
  seq: number;
  ts: number;
  status: MarketStatus;
  previousStatus: MarketStatus;
}

export type MatchingEvent =
  | AcceptedEvent
  | RejectedEvent
  | TradeEvent
  | CancelledEvent
  | ExpiredEvent
  | AmendedEvent
  | TriggeredEvent
  | StatusEvent;

/**
 * The engine's reusable event record. The engine overwrites one instance for every event and hands
 * it to the sink synchronously, so the hot path allocates nothing per event. A sink that keeps
 * events must copy what it needs (`toMatchingEvent` does). Only the fields of `type` are meaningful.
 */
export class EventView {
  type: MatchingEventType = 'accepted';
  seq = 0;
  /** -1 when the command carried no valid `ts` (rejections only). */
  ts = -1;
  orderId = '';
  userId = '';
  side: Side = 'BUY';
  orderType: OrderType = 'LIMIT';
  /** '' when absent. */
  timeInForce: TimeInForce | '' = '';
  /** 0 when absent. */
  price = 0;
  stopPrice = 0;
  quantity = 0;
  quoteQuantity = 0;
  stp: StpMode = 'NONE';
  command = '';
  code: RejectionCode = 0 as RejectionCode;
  /** '' when absent. */
  field = '';
  reason: RejectionReason | CancelReason | ExpireReason | '' = '';
  remaining = 0;
  makerOrderId = '';
  takerOrderId = '';
  makerUserId = '';
  takerUserId = '';
  takerSide: Side = 'BUY';
  makerRemaining = 0;
  takerRemaining = 0;
  /** '' when absent (an expiry other than self-trade prevention's). */
  counterOrderId = '';
  previousQuantity = 0;
  priority: AmendPriority = 'KEPT';
  status: MarketStatus = 'TRADING';
  previousStatus: MarketStatus = 'TRADING';
  lastPrice = 0;
}

/** Receives every event, synchronously, in order. `event` is reused: copy it to keep it. */
export type EventSink = (event: EventView) => void;

/** Copies the meaningful fields of an event view into a plain object, keys in a fixed order. */
export function toMatchingEvent(v: EventView): MatchingEvent {
  switch (v.type) {
    case 'accepted': {
      const e = {
        type: 'accepted',
        seq: v.seq,
        ts: v.ts,
        orderId: v.orderId,
        userId: v.userId,
        side: v.side,
        orderType: v.orderType,
      } as AcceptedEvent;
      if (v.timeInForce !== '') e.timeInForce = v.timeInForce;
      if (v.price !== 0) e.price = v.price;
      if (v.stopPrice !== 0) e.stopPrice = v.stopPrice;
      if (v.quantity !== 0) e.quantity = v.quantity;
      if (v.quoteQuantity !== 0) e.quoteQuantity = v.quoteQuantity;
      e.stp = v.stp;
      return e;
    }
    case 'rejected': {
      const e = { type: 'rejected', seq: v.seq } as RejectedEvent;
      if (v.ts >= 0) e.ts = v.ts;
      e.command = v.command;
      if (v.orderId !== '') e.orderId = v.orderId;
      if (v.userId !== '') e.userId = v.userId;
      e.reason = v.reason as RejectionReason;
      e.code = v.code;
      if (v.field !== '') e.field = v.field;
      return e;
    }
    case 'trade':
      return {
        type: 'trade',
        seq: v.seq,
        ts: v.ts,
        price: v.price,
        quantity: v.quantity,
        makerOrderId: v.makerOrderId,
        takerOrderId: v.takerOrderId,
        makerUserId: v.makerUserId,
        takerUserId: v.takerUserId,
        takerSide: v.takerSide,
        makerRemaining: v.makerRemaining,
        takerRemaining: v.takerRemaining,
      };
    case 'cancelled':
      return {
        type: 'cancelled',
        seq: v.seq,
        ts: v.ts,
        orderId: v.orderId,
        userId: v.userId,
        reason: v.reason as CancelReason,
        remaining: v.remaining,
      };
    case 'expired': {
      const e: ExpiredEvent = {
        type: 'expired',
        seq: v.seq,
        ts: v.ts,
        orderId: v.orderId,
        userId: v.userId,
        reason: v.reason as ExpireReason,
        remaining: v.remaining,
      };
      if (v.counterOrderId !== '') {
        e.counterOrderId = v.counterOrderId;
        e.price = v.price;
      }
      return e;
    }
    case 'amended':
      return {
        type: 'amended',
        seq: v.seq,
        ts: v.ts,
        orderId: v.orderId,
        userId: v.userId,
        quantity: v.quantity,
        previousQuantity: v.previousQuantity,
        priority: v.priority,
      };
    case 'triggered':
      return {
        type: 'triggered',
        seq: v.seq,
        ts: v.ts,
        orderId: v.orderId,
        userId: v.userId,
        stopPrice: v.stopPrice,
        lastPrice: v.lastPrice,
      };
    case 'status':
      return { type: 'status', seq: v.seq, ts: v.ts, status: v.status, previousStatus: v.previousStatus };
  }
}

/** A sink that keeps a copy of every event; `take()` hands them over and starts a new list. */
export class EventCollector {
  private events: MatchingEvent[] = [];
  readonly sink: EventSink = (event) => {
    this.events.push(toMatchingEvent(event));
  };

  take(): MatchingEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }
}
