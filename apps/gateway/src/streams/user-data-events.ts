import { type BalanceUpdate, type OrderUpdate } from '@exchange/shared-contracts';

import { BINANCE_ORDER_STATUS, toBinanceSymbol } from '../trading/binance-order.mapper';

/** Zero in the decimals of `like` (`"30000.00"` → `"0.00"`), the way Binance writes an empty amount. */
export function zeroLike(like: string): string {
  const dot = like.indexOf('.');
  return dot < 0 ? '0' : `0.${'0'.repeat(like.length - dot - 1)}`;
}

/** Binance's `executionReport` for one execution of one order (fields as Binance names them). */
export function toExecutionReport(update: OrderUpdate) {
  const order = update.order;
  const fill = update.fill;
  return {
    e: 'executionReport',
    E: update.ts,
    s: toBinanceSymbol(order.symbol),
    c: order.clientOrderId,
    S: order.side,
    o: order.type,
    f: order.timeInForce,
    q: order.origQty,
    p: order.price,
    P: order.stopPrice ?? zeroLike(order.price),
    F: zeroLike(order.origQty),
    g: -1,
    C: update.executionType === 'CANCELED' ? order.clientOrderId : '',
    x: update.executionType,
    X: BINANCE_ORDER_STATUS[order.status],
    r: update.rejectReason ?? 'NONE',
    i: Number(order.orderNo),
    l: fill ? fill.qty : zeroLike(order.origQty),
    z: order.executedQty,
    L: fill ? fill.price : zeroLike(order.price),
    n: fill ? fill.commission : '0',
    N: fill ? fill.commissionAsset : null,
    T: fill ? fill.time : update.ts,
    t: fill ? fill.id : -1,
    w: order.isWorking,
    m: fill ? fill.isMaker : false,
    M: false,
    O: order.time,
    Z: order.cummulativeQuoteQty,
    Y: fill ? fill.quoteQty : zeroLike(order.cummulativeQuoteQty),
    Q: order.origQuoteOrderQty,
    V: order.selfTradePreventionMode ?? 'NONE',
    // Self-trade prevention expires what is left in one prevented match: the order's prevented quantity (A) is the
    // last one's (B).
    ...(update.executionType === 'TRADE_PREVENTION' &&
      order.preventedQuantity !== undefined && { A: order.preventedQuantity, B: order.preventedQuantity }),
    // The prevented match (from wallets that name it): its id (`myPreventedMatches`), no trade group here, the other
    // order (of the same market), and what the match would have traded: price `pL` (as `L` is a trade's price),
    // quantity `pl` and quote `pY` (these two not from older wallets when a market buy sized by quote was one side).
    ...(update.prevention && {
      v: update.prevention.preventedMatchId,
      u: -1,
      U: Number(update.prevention.counterOrderNo),
      Cs: toBinanceSymbol(order.symbol),
      pL: update.prevention.price,
      ...(update.prevention.quantity !== undefined && { pl: update.prevention.quantity }),
      ...(update.prevention.quoteQuantity !== undefined && { pY: update.prevention.quoteQuantity }),
    }),
    // Binance shows the working time only once the order is on the book: not while a stop waits for its trigger.
    ...((order.workingTime ?? order.time) >= 0 && { W: order.workingTime ?? order.time }),
  };
}

/** Binance's `outboundAccountPosition`: every asset of the user as the wallet has it after the change. */
export function toAccountPosition(update: BalanceUpdate) {
  return {
    e: 'outboundAccountPosition',
    E: update.ts,
    u: update.ts,
    B: update.balances.map((b) => ({ a: b.asset, f: b.available, l: b.held })),
  };
}

/** Binance's `balanceUpdate` for a deposit or withdrawal (the signed change of the asset's free balance). */
export function toBalanceUpdate(
  update: BalanceUpdate & { movement: NonNullable<BalanceUpdate['movement']> },
) {
  return {
    e: 'balanceUpdate',
    E: update.ts,
    a: update.movement.asset,
    d: update.movement.delta,
    T: update.ts,
  };
}

export function toListenKeyExpired(listenKey: string, now: number) {
  return { e: 'listenKeyExpired', E: now, listenKey };
}
