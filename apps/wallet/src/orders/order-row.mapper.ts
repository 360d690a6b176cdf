import { type Market, type OpenOrder, type OrderSpec } from '@exchange/wallet-domain';

import { type OrderRow } from './order.repository';

/** The domain's view of a stored order, with what has been filled so far. */
export function toOpenOrder(
  row: Pick<
    OrderRow,
    | 'orderId'
    | 'userId'
    | 'side'
    | 'orderType'
    | 'limitTicks'
    | 'lots'
    | 'quoteUnits'
    | 'headroomPpm'
    | 'filledLots'
    | 'spentQuoteUnits'
  >,
  market: Market,
): OpenOrder {
  let spec: OrderSpec;
  // A stop-market order becomes a market order at its trigger, a stop-limit a limit order: each holds as that.
  if (row.orderType === 'MARKET' || row.orderType === 'STOP_LOSS' || row.orderType === 'TAKE_PROFIT') {
    spec =
      row.side === 'BUY'
        ? { side: 'BUY', type: 'MARKET', quoteUnits: row.quoteUnits! }
        : { side: 'SELL', type: 'MARKET', lots: row.lots! };
  } else {
    spec = { side: row.side, type: 'LIMIT', limitTicks: row.limitTicks!, lots: row.lots! };
  }
  return {
    orderId: row.orderId,
    userId: row.userId,
    market,
    spec,
    headroomPpm: row.headroomPpm,
    filledLots: row.filledLots,
    spentQuoteUnits: row.spentQuoteUnits,
  };
}
