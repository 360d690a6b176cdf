import {
  type Fill,
  type Order,
  type OrderRef__Output,
  type OrderStatus,
  type OrderType,
  type OrderAmendment,
  type PreventedMatch,
  type SelfTradePreventionMode,
  type Side,
  type TimeInForce,
  type Trade,
} from '@exchange/shared-contracts-grpc';

import { type mapAmendment, type mapPreventedMatch } from '../trading/binance-order.mapper';

/** A Binance order object as `/api/v3` answers (any of its forms: order, RESULT, FULL, cancel, ACK). */
export interface BinanceOrderJson {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  /** A cancel's answer: the order's own client id (`clientOrderId` is then the cancel's). */
  origClientOrderId?: string;
  side?: string;
  type?: string;
  timeInForce?: string;
  price?: string;
  origQty?: string;
  executedQty?: string;
  cummulativeQuoteQty?: string;
  origQuoteOrderQty?: string;
  status?: string;
  time?: number;
  updateTime?: number;
  transactTime?: number;
  isWorking?: boolean;
  stopPrice?: string;
  workingTime?: number;
  selfTradePreventionMode?: string;
  preventedMatchId?: number;
  preventedQuantity?: string;
  fills?: { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[];
}

const WORKING = new Set(['NEW', 'PARTIALLY_FILLED']);

/** `PREFIX_NAME` of a proto enum for Binance's `NAME`; the unspecified value when REST did not say. */
const enumOf = <T>(prefix: string, value: string | undefined) => `${prefix}_${value ?? 'UNSPECIFIED'}` as T;

export function toOrder(o: BinanceOrderJson): Order {
  const time = o.time ?? o.transactTime ?? 0;
  return {
    symbol: o.symbol,
    orderId: String(o.orderId),
    clientOrderId: o.origClientOrderId ?? o.clientOrderId,
    side: enumOf<Side>('SIDE', o.side),
    type: enumOf<OrderType>('ORDER_TYPE', o.type),
    timeInForce: enumOf<TimeInForce>('TIME_IN_FORCE', o.timeInForce),
    price: o.price ?? '',
    origQty: o.origQty ?? '',
    executedQty: o.executedQty ?? '',
    cumulativeQuoteQty: o.cummulativeQuoteQty ?? '',
    origQuoteOrderQty: o.origQuoteOrderQty ?? '',
    status: enumOf<OrderStatus>('ORDER_STATUS', o.status),
    timeMs: String(time),
    updateTimeMs: String(o.updateTime ?? o.transactTime ?? time),
    // RESULT and FULL answers have no isWorking: an open order works unless it is a stop waiting for its trigger.
    isWorking: o.isWorking ?? (o.status !== undefined && WORKING.has(o.status) && o.workingTime !== -1),
    stopPrice: o.stopPrice ?? '',
    workingTimeMs: String(o.workingTime ?? time),
    selfTradePreventionMode: enumOf<SelfTradePreventionMode>(
      'SELF_TRADE_PREVENTION_MODE',
      o.selfTradePreventionMode,
    ),
    preventedQuantity: o.preventedQuantity ?? '',
    preventedMatchId: String(o.preventedMatchId ?? 0),
  };
}

export function toFills(o: BinanceOrderJson): Fill[] {
  return (o.fills ?? []).map((f) => ({
    tradeId: String(f.tradeId),
    price: f.price,
    qty: f.qty,
    commission: f.commission,
    commissionAsset: f.commissionAsset,
  }));
}

/** One `myTrades` row as `/api/v3` answers it. */
export interface BinanceTradeJson {
  symbol: string;
  id: number;
  orderId: number;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export function toTrade(t: BinanceTradeJson): Trade {
  return {
    symbol: t.symbol,
    id: String(t.id),
    orderId: String(t.orderId),
    side: t.isBuyer ? 'SIDE_BUY' : 'SIDE_SELL',
    price: t.price,
    qty: t.qty,
    quoteQty: t.quoteQty,
    commission: t.commission,
    commissionAsset: t.commissionAsset,
    timeMs: String(t.time),
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
  };
}

/** An `OrderRef` as REST's `orderId` / `origClientOrderId` parameters. */
export function refParams(ref: OrderRef__Output | null | undefined): Record<string, string | undefined> {
  if (ref?.ref === 'orderId') return { orderId: ref.orderId };
  if (ref?.ref === 'clientOrderId') return { origClientOrderId: ref.clientOrderId };
  return {};
}

/** One `myPreventedMatches` row as `/api/v3` answers it (`mapPreventedMatch`). */
export function toPreventedMatch(m: ReturnType<typeof mapPreventedMatch>): PreventedMatch {
  return {
    symbol: m.symbol,
    preventedMatchId: String(m.preventedMatchId),
    takerOrderId: String(m.takerOrderId),
    makerOrderId: String(m.makerOrderId),
    selfTradePreventionMode: enumOf<SelfTradePreventionMode>(
      'SELF_TRADE_PREVENTION_MODE',
      m.selfTradePreventionMode,
    ),
    price: m.price,
    takerPreventedQuantity: m.takerPreventedQuantity ?? '',
    makerPreventedQuantity: m.makerPreventedQuantity ?? '',
    transactTimeMs: String(m.transactTime),
  };
}

/** One `order/amendments` row as `/api/v3` answers it (`mapAmendment`). */
export function toOrderAmendment(a: ReturnType<typeof mapAmendment>): OrderAmendment {
  return {
    symbol: a.symbol,
    orderId: String(a.orderId),
    executionId: String(a.executionId),
    clientOrderId: a.newClientOrderId,
    origQty: a.origQty,
    newQty: a.newQty,
    timeMs: String(a.time),
  };
}
