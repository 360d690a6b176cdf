import { type WalletOrderStatus, type WalletOrderViewStatus } from '@exchange/shared-contracts';

import { BTC_USDT } from '../../test/support/market-record.fixture';
import { type FillRow } from './fill.repository';
import { type OrderRow } from './order.repository';
import { toFillView, toOrderView, toViewStatus } from './order-view.mapper';

const record = BTC_USDT;

const limitBuy: OrderRow = {
  orderId: 'o-1',
  orderNo: '17',
  userId: 'u',
  clientOrderId: 'c-1',
  market: 'BTC-USDT',
  side: 'BUY',
  orderType: 'LIMIT',
  timeInForce: 'IOC',
  limitTicks: 3_000_001,
  stopTicks: null,
  triggeredAtMs: null,
  stpMode: 'NONE',
  lots: 5_000,
  quoteUnits: null,
  headroomPpm: 1000,
  filledLots: 1_234,
  spentQuoteUnits: 3_702_001_234n,
  status: 'ACCEPTED',
  fingerprint: 'f',
  createdAtMs: 1_700_000_000_123,
  updatedAtMs: 1_700_000_000_456,
};

describe(toViewStatus.name, () => {
  it.each<[WalletOrderStatus, number, WalletOrderViewStatus]>([
    ['PENDING', 0, 'PENDING_NEW'],
    ['PENDING', 1, 'PARTIALLY_FILLED'],
    ['ACCEPTED', 0, 'NEW'],
    ['ACCEPTED', 7, 'PARTIALLY_FILLED'],
    ['FILLED', 7, 'FILLED'],
    ['CANCELLED', 0, 'CANCELED'],
    ['CANCELLED', 7, 'CANCELED'],
    ['EXPIRED', 7, 'EXPIRED'],
    ['EXPIRED_IN_MATCH', 0, 'EXPIRED_IN_MATCH'],
    ['EXPIRED_IN_MATCH', 7, 'EXPIRED_IN_MATCH'],
    ['REJECTED', 0, 'REJECTED'],
  ])('maps %s with %i lots filled to %s', (status, filled, expected) => {
    expect(toViewStatus(status, filled)).toBe(expected);
  });
});

describe(toOrderView.name, () => {
  it('formats a limit order in the tick, base and quote decimals', () => {
    expect(toOrderView(limitBuy, record)).toEqual({
      orderNo: '17',
      orderId: 'o-1',
      clientOrderId: 'c-1',
      symbol: 'BTC-USDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'IOC',
      price: '30000.01',
      origQty: '0.50000000',
      executedQty: '0.12340000',
      cummulativeQuoteQty: '3702.001234',
      origQuoteOrderQty: '0.000000',
      status: 'PARTIALLY_FILLED',
      time: 1_700_000_000_123,
      updateTime: 1_700_000_000_456,
      isWorking: true,
      stopPrice: '0.00',
      workingTime: 1_700_000_000_123,
      selfTradePreventionMode: 'NONE',
    });
  });

  it('gives an order that self-trade prevention ended what it expired, and no other order a prevented quantity', () => {
    const view = toOrderView({ ...limitBuy, status: 'EXPIRED_IN_MATCH', stpMode: 'EXPIRE_TAKER' }, record);
    expect(view).toMatchObject({
      status: 'EXPIRED_IN_MATCH',
      executedQty: '0.12340000',
      preventedQuantity: '0.37660000',
      isWorking: false,
      selfTradePreventionMode: 'EXPIRE_TAKER',
    });
    expect(toOrderView({ ...limitBuy, status: 'EXPIRED' }, record)).not.toHaveProperty('preventedQuantity');
    // A market buy by quote has no base quantity left to name.
    const byQuote = { ...limitBuy, orderType: 'MARKET' as const, lots: null, quoteUnits: 5_000_000_000n };
    expect(toOrderView({ ...byQuote, status: 'EXPIRED_IN_MATCH' }, record)).not.toHaveProperty(
      'preventedQuantity',
    );
  });

  it('shows an untriggered stop-limit as open but not working, with its stop price and workingTime -1', () => {
    const stop: OrderRow = {
      ...limitBuy,
      orderType: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      stopTicks: 2_950_050,
      filledLots: 0,
      spentQuoteUnits: 0n,
    };
    expect(toOrderView(stop, record)).toMatchObject({
      type: 'STOP_LOSS_LIMIT',
      price: '30000.01',
      stopPrice: '29500.50',
      status: 'NEW',
      isWorking: false,
      workingTime: -1,
    });
    expect(toOrderView({ ...stop, triggeredAtMs: 1_700_000_000_300 }, record)).toMatchObject({
      isWorking: true,
      workingTime: 1_700_000_000_300,
    });
    // Cancelled before its trigger: never worked.
    expect(toOrderView({ ...stop, status: 'CANCELLED' }, record)).toMatchObject({
      status: 'CANCELED',
      isWorking: false,
      workingTime: -1,
    });
  });

  it('shows a market buy by quote with a zero price, its budget, and what it executed as its quantity', () => {
    const view = toOrderView(
      {
        ...limitBuy,
        orderType: 'MARKET',
        timeInForce: null,
        limitTicks: null,
        lots: null,
        quoteUnits: 100_500_000n,
        status: 'FILLED',
      },
      record,
    );
    expect(view).toMatchObject({
      timeInForce: 'GTC',
      price: '0.00',
      origQty: '0.12340000',
      executedQty: '0.12340000',
      origQuoteOrderQty: '100.500000',
      status: 'FILLED',
      isWorking: false,
    });
  });

  it('keeps amounts beyond the float range exact', () => {
    const view = toOrderView({ ...limitBuy, spentQuoteUnits: 123_456_789_012_345_678_901_234_567n }, record);
    expect(view.cummulativeQuoteQty).toBe('123456789012345678901.234567');
  });
});

describe(toFillView.name, () => {
  const fill: FillRow = {
    market: 'BTC-USDT',
    tradeId: 42,
    side: 'BUY',
    orderId: 'o-1',
    orderNo: '17',
    clientOrderId: 'c-1',
    userId: 'u',
    isMaker: false,
    priceTicks: 3_000_000,
    lots: 1_000,
    baseUnits: 10_000_000n,
    quoteUnits: 3_000_000_000n,
    commission: 10_000n,
    commissionAsset: 'BTC',
    tradedAtMs: 1_700_000_001_000,
  };

  it('formats a buyer fill with its commission in base decimals', () => {
    expect(toFillView(fill, record)).toEqual({
      symbol: 'BTC-USDT',
      id: 42,
      orderNo: '17',
      clientOrderId: 'c-1',
      side: 'BUY',
      price: '30000.00',
      qty: '0.10000000',
      quoteQty: '3000.000000',
      commission: '0.00010000',
      commissionAsset: 'BTC',
      time: 1_700_000_001_000,
      isBuyer: true,
      isMaker: false,
    });
  });

  it('formats a seller fill with its commission in quote decimals', () => {
    const view = toFillView(
      { ...fill, side: 'SELL', isMaker: true, commission: 2_400_000n, commissionAsset: 'USDT' },
      record,
    );
    expect(view).toMatchObject({ commission: '2.400000', isBuyer: false, isMaker: true });
  });
});
