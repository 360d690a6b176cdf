import { type AccountInfo, type Balance, type Fill, type Order } from '../api/account-api';
import { add, compare, dec, parseDec, toFixed } from './decimal';

/** Binance's `executionReport`: one execution of one of the user's orders (the fields the views read). */
export interface ExecutionReport {
  e: 'executionReport';
  E: number;
  s: string;
  c: string;
  S: 'BUY' | 'SELL';
  o: string;
  f: string;
  q: string;
  p: string;
  x: string;
  X: string;
  i: number;
  l: string;
  z: string;
  L: string;
  n: string;
  N: string | null;
  T: number;
  t: number;
  m: boolean;
  O: number;
  Z: string;
  Y: string;
  Q: string;
  /** Stop price (zero for the types without a trigger). */
  P: string;
  /** Whether the order works on the book: false while a stop order waits for its trigger. */
  w: boolean;
  /** Working time; absent while a stop order waits for its trigger. */
  W?: number;
}

/** Binance's `outboundAccountPosition`: the balances after a change. */
export interface AccountPosition {
  e: 'outboundAccountPosition';
  E: number;
  u: number;
  B: { a: string; f: string; l: string }[];
}

export type UserEvent =
  | ExecutionReport
  | AccountPosition
  | { e: 'balanceUpdate'; E: number; a: string; d: string; T: number }
  | { e: 'listenKeyExpired'; E: number; listenKey: string };

/** Digits after the point as written ("84991.000000" → 6): the asset's precision, which the total keeps. */
const decimalsOf = (text: string) => text.split('.')[1]?.length ?? 0;

const OPEN_STATUSES = new Set(['NEW', 'PARTIALLY_FILLED']);

/** The order as REST shows it, from the execution that last changed it. */
export function orderOf(report: ExecutionReport): Order {
  return {
    symbol: report.s,
    orderId: report.i,
    clientOrderId: report.c,
    price: report.p,
    origQty: report.q,
    executedQty: report.z,
    cummulativeQuoteQty: report.Z,
    status: report.X,
    timeInForce: report.f,
    type: report.o,
    side: report.S,
    time: report.O,
    updateTime: report.E,
    origQuoteOrderQty: report.Q,
    stopPrice: report.P,
    isWorking: report.w,
    workingTime: report.W ?? -1,
  };
}

/**
 * Whether `next` may replace `current`: an event that arrives after a fresher REST read (or out of order) never
 * takes an order back (less executed, or open again after it ended).
 */
function isNewer(current: Order, next: Order): boolean {
  const a = parseDec(current.executedQty);
  const b = parseDec(next.executedQty);
  if (a && b && compare(b, a) < 0) return false;
  return OPEN_STATUSES.has(next.status) ? OPEN_STATUSES.has(current.status) : true;
}

function upsert(orders: readonly Order[], next: Order): Order[] {
  const index = orders.findIndex((o) => o.orderId === next.orderId && o.symbol === next.symbol);
  if (index < 0) return [...orders, next].sort((x, y) => x.orderId - y.orderId);
  if (!isNewer(orders[index]!, next)) return orders as Order[];
  const copy = [...orders];
  copy[index] = next;
  return copy;
}

/** Open orders (of `symbol`, or all): an open order is added or updated, one that has ended leaves. */
export function applyToOpenOrders(orders: readonly Order[], event: UserEvent, symbol?: string): Order[] {
  if (event.e !== 'executionReport' || (symbol !== undefined && event.s !== symbol)) return orders as Order[];
  const next = orderOf(event);
  if (OPEN_STATUSES.has(next.status)) return upsert(orders, next);
  const current = orders.find((o) => o.orderId === next.orderId && o.symbol === next.symbol);
  if (!current || !isNewer(current, next)) return orders as Order[];
  return orders.filter((o) => o !== current);
}

/** A market's order history (oldest first, as `allOrders` answers): every execution updates its order. */
export function applyToOrderHistory(orders: readonly Order[], event: UserEvent, symbol: string): Order[] {
  if (event.e !== 'executionReport' || event.s !== symbol) return orders as Order[];
  return upsert(orders, orderOf(event));
}

/** A market's fills (oldest first, as `myTrades` answers): each TRADE execution adds one. */
export function applyToFills(fills: readonly Fill[], event: UserEvent, symbol: string): Fill[] {
  if (event.e !== 'executionReport' || event.x !== 'TRADE' || event.s !== symbol) return fills as Fill[];
  if (fills.some((f) => f.id === event.t && f.orderId === event.i)) return fills as Fill[];
  const fill: Fill = {
    symbol: event.s,
    id: event.t,
    orderId: event.i,
    price: event.L,
    qty: event.l,
    quoteQty: event.Y,
    commission: event.n,
    commissionAsset: event.N ?? '',
    time: event.T,
    isBuyer: event.S === 'BUY',
    isMaker: event.m,
  };
  return [...fills, fill];
}

/** Balances with totals (`/api/v1/balances`): each asset of the position replaces the one listed. */
export function applyToBalances(balances: readonly Balance[], event: UserEvent): Balance[] {
  if (event.e !== 'outboundAccountPosition') return balances as Balance[];
  const next = new Map(balances.map((b) => [b.asset, b]));
  for (const { a, f, l } of event.B) {
    const digits = Math.max(decimalsOf(f), decimalsOf(l));
    next.set(a, { asset: a, free: f, locked: l, total: toFixed(add(dec(f), dec(l)), digits) });
  }
  return [...next.values()];
}

/** The account (`/api/v1/account`): its balances as the position has them. */
export function applyToAccount(account: AccountInfo, event: UserEvent): AccountInfo {
  if (event.e !== 'outboundAccountPosition') return account;
  const next = new Map(account.balances.map((b) => [b.asset, b]));
  for (const { a, f, l } of event.B) next.set(a, { asset: a, free: f, locked: l });
  return { ...account, balances: [...next.values()] };
}
