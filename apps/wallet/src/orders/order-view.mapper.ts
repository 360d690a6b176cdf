import {
  type WalletFillView,
  type WalletOrderStatus,
  type WalletOrderView,
  type WalletOrderViewStatus,
  type WalletPreventedMatchView,
} from '@exchange/shared-contracts';
import { formatDecimal, lotsToQuantity, ticksToPrice } from '@exchange/shared-domain-money';

import { type MarketRecord } from '../reference/reference-data.repository';
import { type FillRow } from './fill.repository';
import { OPEN_STATUSES, type OrderRow } from './order.repository';
import { type PreventedMatchRow } from './prevented-match.repository';

/** The wallet's order status in Binance's words; an open order with fills is PARTIALLY_FILLED. */
export function toViewStatus(status: WalletOrderStatus, filledLots: number): WalletOrderViewStatus {
  switch (status) {
    case 'PENDING':
      return filledLots > 0 ? 'PARTIALLY_FILLED' : 'PENDING_NEW';
    case 'ACCEPTED':
      return filledLots > 0 ? 'PARTIALLY_FILLED' : 'NEW';
    case 'FILLED':
      return 'FILLED';
    case 'CANCELLED':
      return 'CANCELED';
    case 'EXPIRED':
      return 'EXPIRED';
    case 'EXPIRED_IN_MATCH':
      return 'EXPIRED_IN_MATCH';
    case 'REJECTED':
      return 'REJECTED';
  }
}

/**
 * An order as clients see it: quantities in the base asset's decimals, prices in the tick's, quote amounts
 * in the quote asset's. A market buy sized by quote has no ordered quantity: it shows what it executed.
 * `preventedMatchId`: the prevented match an EXPIRED_IN_MATCH order expired in, where the caller knows it.
 */
export function toOrderView(row: OrderRow, record: MarketRecord, preventedMatchId?: number): WalletOrderView {
  const { scale } = record.market;
  const quoteDecimals = record.quote.decimals;
  const executedQty = lotsToQuantity(scale, row.filledLots);
  const waiting = row.stopTicks !== null && row.triggeredAtMs === null;
  return {
    orderNo: row.orderNo,
    orderId: row.orderId,
    clientOrderId: row.clientOrderId,
    symbol: row.market,
    side: row.side,
    type: row.orderType,
    timeInForce: row.timeInForce ?? 'GTC',
    price: row.limitTicks === null ? formatDecimal(0n, scale.tickScale) : ticksToPrice(scale, row.limitTicks),
    origQty: row.lots === null ? executedQty : lotsToQuantity(scale, row.lots),
    executedQty,
    cummulativeQuoteQty: formatDecimal(row.spentQuoteUnits, quoteDecimals),
    origQuoteOrderQty: formatDecimal(row.quoteUnits ?? 0n, quoteDecimals),
    status: toViewStatus(row.status, row.filledLots),
    time: row.createdAtMs,
    updateTime: row.updatedAtMs,
    // An untriggered stop is open but not working yet: Binance shows it with isWorking false, workingTime -1.
    isWorking: OPEN_STATUSES.includes(row.status) && !waiting,
    stopPrice:
      row.stopTicks === null ? formatDecimal(0n, scale.tickScale) : ticksToPrice(scale, row.stopTicks),
    workingTime: waiting ? -1 : (row.triggeredAtMs ?? row.createdAtMs),
    selfTradePreventionMode: row.stpMode,
    ...(row.status === 'EXPIRED_IN_MATCH' && preventedMatchId !== undefined && { preventedMatchId }),
    // What STP expired is what was left of the order: it expires whole, in one prevented match.
    ...(row.status === 'EXPIRED_IN_MATCH' &&
      row.lots !== null && { preventedQuantity: lotsToQuantity(scale, row.lots - row.filledLots) }),
  };
}

/** One side of a trade as clients see it; the commission in its asset's decimals. */
export function toFillView(fill: FillRow, record: MarketRecord): WalletFillView {
  const { scale } = record.market;
  const commissionDecimals =
    fill.commissionAsset === record.base.code ? record.base.decimals : record.quote.decimals;
  return {
    symbol: fill.market,
    id: fill.tradeId,
    orderNo: fill.orderNo,
    clientOrderId: fill.clientOrderId,
    side: fill.side,
    price: ticksToPrice(scale, fill.priceTicks),
    qty: formatDecimal(fill.baseUnits, record.base.decimals),
    quoteQty: formatDecimal(fill.quoteUnits, record.quote.decimals),
    commission: formatDecimal(fill.commission, commissionDecimals),
    commissionAsset: fill.commissionAsset,
    time: fill.tradedAtMs,
    isBuyer: fill.side === 'BUY',
    isMaker: fill.isMaker,
  };
}

/** A prevented match as clients see it; each prevented quantity only for the order that expired. */
export function toPreventedMatchView(row: PreventedMatchRow, record: MarketRecord): WalletPreventedMatchView {
  const { scale } = record.market;
  return {
    symbol: row.market,
    preventedMatchId: row.preventedMatchId,
    takerOrderNo: row.takerOrderNo,
    makerOrderNo: row.makerOrderNo,
    selfTradePreventionMode: row.stpMode,
    price: ticksToPrice(scale, row.priceTicks),
    ...(row.takerPreventedLots !== null && {
      takerPreventedQuantity: lotsToQuantity(scale, row.takerPreventedLots),
    }),
    ...(row.makerPreventedLots !== null && {
      makerPreventedQuantity: lotsToQuantity(scale, row.makerPreventedLots),
    }),
    transactTime: row.transactTimeMs,
  };
}
