import {
  type WalletBalance,
  type WalletFillView,
  type WalletOrderAmendmentView,
  type WalletOrderView,
  type WalletOrderViewStatus,
  type WalletPreventedMatchView,
} from '@exchange/shared-contracts';

/** Zero in the decimals of `price` (`"30000.00"` → `"0.00"`). */
const zeroPrice = (price: string): string => price.replace(/[1-9]/g, '0').replace(/^0+(?=\d)/, '');

/** `BTC-USDT` → `BTCUSDT`. */
export const toBinanceSymbol = (walletSymbol: string): string => walletSymbol.replace('-', '');

/**
 * An order's status as Binance reports it (order objects and `executionReport.X`). Binance clients know no
 * PENDING_NEW for a plain order (ccxt would not call it open): the wallet has taken the order and holds its funds,
 * and the engine will book it, so it is reported NEW.
 */
export const BINANCE_ORDER_STATUS: Readonly<Record<WalletOrderViewStatus, string>> = {
  PENDING_NEW: 'NEW',
  NEW: 'NEW',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  FILLED: 'FILLED',
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
  EXPIRED_IN_MATCH: 'EXPIRED_IN_MATCH',
  REJECTED: 'REJECTED',
};

/** The Binance order object (`GET /order`, `openOrders`, `allOrders`). */
export function mapOrder(view: WalletOrderView) {
  return {
    symbol: toBinanceSymbol(view.symbol),
    orderId: Number(view.orderNo),
    orderListId: -1,
    clientOrderId: view.clientOrderId,
    price: view.price,
    origQty: view.origQty,
    executedQty: view.executedQty,
    cummulativeQuoteQty: view.cummulativeQuoteQty,
    status: BINANCE_ORDER_STATUS[view.status],
    timeInForce: view.timeInForce,
    type: view.type,
    side: view.side,
    // Zero in the tick's decimals for the types without a trigger (an older wallet sends none).
    stopPrice: view.stopPrice ?? zeroPrice(view.price),
    icebergQty: '0',
    time: view.time,
    updateTime: view.updateTime,
    isWorking: view.isWorking,
    // -1 while a stop order waits for its trigger, then the trigger's time; the creation for the other types.
    workingTime: view.workingTime ?? view.time,
    origQuoteOrderQty: view.origQuoteOrderQty,
    // An older wallet sends none: its orders all had NONE.
    selfTradePreventionMode: view.selfTradePreventionMode ?? 'NONE',
    // Binance adds them to an order that self-trade prevention expired (the match's id where the wallet knows it).
    ...(view.preventedMatchId !== undefined && { preventedMatchId: view.preventedMatchId }),
    ...(view.preventedQuantity !== undefined && { preventedQuantity: view.preventedQuantity }),
  };
}

/** `POST /order` RESULT: the order right after the engine's first answer, with `transactTime` for `time`. */
export function mapOrderResult(view: WalletOrderView) {
  const { time, updateTime: _updateTime, isWorking: _isWorking, ...rest } = mapOrder(view);
  return { ...rest, transactTime: time };
}

/** `POST /order` FULL: RESULT with the order's fills. */
export function mapOrderFull(view: WalletOrderView, fills: readonly WalletFillView[]) {
  return {
    ...mapOrderResult(view),
    fills: fills.map((fill) => ({
      price: fill.price,
      qty: fill.qty,
      commission: fill.commission,
      commissionAsset: fill.commissionAsset,
      tradeId: fill.id,
    })),
  };
}

/** One `myTrades` row. */
export function mapTrade(fill: WalletFillView) {
  return {
    symbol: toBinanceSymbol(fill.symbol),
    id: fill.id,
    orderId: Number(fill.orderNo),
    orderListId: -1,
    price: fill.price,
    qty: fill.qty,
    quoteQty: fill.quoteQty,
    commission: fill.commission,
    commissionAsset: fill.commissionAsset,
    time: fill.time,
    isBuyer: fill.isBuyer,
    isMaker: fill.isMaker,
    isBestMatch: true,
  };
}

/** One `order/amendments` row: an amend does not rename the order, so both client ids are the order's. */
export function mapAmendment(amendment: WalletOrderAmendmentView) {
  return {
    symbol: toBinanceSymbol(amendment.symbol),
    orderId: Number(amendment.orderNo),
    executionId: amendment.executionId,
    origClientOrderId: amendment.clientOrderId,
    newClientOrderId: amendment.clientOrderId,
    origQty: amendment.origQty,
    newQty: amendment.newQty,
    time: amendment.time,
  };
}

/** One `myPreventedMatches` row: no trade groups here (`tradeGroupId` -1), and the maker is of the same market. */
export function mapPreventedMatch(match: WalletPreventedMatchView) {
  const symbol = toBinanceSymbol(match.symbol);
  return {
    symbol,
    preventedMatchId: match.preventedMatchId,
    takerOrderId: Number(match.takerOrderNo),
    makerSymbol: symbol,
    makerOrderId: Number(match.makerOrderNo),
    tradeGroupId: -1,
    selfTradePreventionMode: match.selfTradePreventionMode,
    price: match.price,
    ...(match.takerPreventedQuantity !== undefined && {
      takerPreventedQuantity: match.takerPreventedQuantity,
    }),
    ...(match.makerPreventedQuantity !== undefined && {
      makerPreventedQuantity: match.makerPreventedQuantity,
    }),
    transactTime: match.transactTime,
  };
}

export function mapBalance(balance: WalletBalance) {
  return { asset: balance.asset, free: balance.available, locked: balance.held };
}
