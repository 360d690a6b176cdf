import { type WalletFillView, type WalletOrderView } from '../src/wallet/order-query.schema';

/** Order 7's view in the middle of its life (half filled, still working), as the wallet reports it. */
export const order: WalletOrderView = {
  orderNo: '7',
  orderId: 'o-7',
  clientOrderId: 'c-7',
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '30000.00',
  origQty: '0.00020000',
  executedQty: '0.00010000',
  cummulativeQuoteQty: '3.000000',
  origQuoteOrderQty: '0.000000',
  status: 'PARTIALLY_FILLED',
  time: 1_000,
  updateTime: 2_000,
  isWorking: true,
  stopPrice: '0.00',
  workingTime: 1_000,
};
/** Order 7's side of a trade, its buyer's, as the wallet reports it. */
export const fill: WalletFillView = {
  symbol: 'BTC-USDT',
  id: 42,
  orderNo: '7',
  clientOrderId: 'c-7',
  side: 'BUY',
  price: '30000.00',
  qty: '0.00010000',
  quoteQty: '3.000000',
  commission: '0.00000010',
  commissionAsset: 'BTC',
  time: 2_000,
  isBuyer: true,
  isMaker: false,
};
