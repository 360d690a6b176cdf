import {
  type MarketStatus,
  type OrderType,
  type Side,
  type StpMode,
  type TimeInForce,
} from './matching-command.types';

/**
 * One live order: `[orderId, userId, side, orderType, timeInForce ('' if none), price (0 if none),
 * stopPrice (0 if none), remaining, stp, traded]`. `orderType` is the type the order was placed with; an
 * order listed in `bids`/`asks` rests on the book, any other is an untriggered stop. `traded`: whether it has
 * traded in part (absent in snapshots from before 2026-11-29, read as false).
 */
export type SnapshotOrder = [
  orderId: string,
  userId: string,
  side: Side,
  orderType: OrderType,
  timeInForce: TimeInForce | '',
  price: number,
  stopPrice: number,
  remaining: number,
  stp: StpMode,
  traded?: boolean,
];

/** The whole state of one book, as plain JSON-serialisable data. */
export interface OrderBookSnapshot {
  format: 'matching-book/1';
  /** Sequence of the last event emitted; the next event gets `seq + 1`. */
  seq: number;
  status: MarketStatus;
  /** Price of the last trade, 0 before the first trade. */
  lastTradePrice: number;
  /** Live orders (resting and untriggered stops) in arrival order. */
  orders: SnapshotOrder[];
  /** Bid levels best first; each level lists indexes into `orders` in time priority. */
  bids: number[][];
  /** Ask levels best first, as `bids`. */
  asks: number[][];
  /** Ids of orders that were accepted and have ended: they stay taken. */
  closedOrderIds: string[];
}
