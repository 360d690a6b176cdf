import { describe, expect, it } from 'vitest';

import { type Order } from '../api/account-api';
import {
  applyToAccount,
  applyToBalances,
  applyToFills,
  applyToOpenOrders,
  applyToOrderHistory,
  type ExecutionReport,
} from './account-events';

/** A BUY 0.5 @ 30000 on BTCUSDT as the gateway reports it (docs/gateway.md, user-data stream). */
function report(overrides: Partial<ExecutionReport>): ExecutionReport {
  return {
    e: 'executionReport',
    E: 2_000,
    s: 'BTCUSDT',
    c: 'web-1',
    S: 'BUY',
    o: 'LIMIT',
    f: 'GTC',
    q: '0.50000000',
    p: '30000.00',
    x: 'NEW',
    X: 'NEW',
    i: 7,
    l: '0.00000000',
    z: '0.00000000',
    L: '0.00',
    n: '0',
    N: null,
    T: 2_000,
    t: -1,
    m: false,
    O: 1_000,
    Z: '0.000000',
    Y: '0.000000',
    Q: '0.000000',
    P: '0.00',
    w: true,
    W: 1_000,
    ...overrides,
  };
}

const trade = report({
  x: 'TRADE',
  X: 'PARTIALLY_FILLED',
  E: 3_000,
  T: 3_000,
  l: '0.20000000',
  z: '0.20000000',
  L: '30000.00',
  n: '0.00016000',
  N: 'BTC',
  t: 11,
  m: true,
  Z: '6000.000000',
  Y: '6000.000000',
});

describe('account events', () => {
  it('add a new order to the open orders, update it on a fill and remove it once it ends', () => {
    const opened = applyToOpenOrders([], report({}), 'BTCUSDT');
    expect(opened).toEqual([
      {
        symbol: 'BTCUSDT',
        orderId: 7,
        clientOrderId: 'web-1',
        price: '30000.00',
        origQty: '0.50000000',
        executedQty: '0.00000000',
        cummulativeQuoteQty: '0.000000',
        status: 'NEW',
        timeInForce: 'GTC',
        type: 'LIMIT',
        side: 'BUY',
        time: 1_000,
        updateTime: 2_000,
        origQuoteOrderQty: '0.000000',
        stopPrice: '0.00',
        isWorking: true,
        workingTime: 1_000,
      },
    ]);
    const filled = applyToOpenOrders(opened, trade, 'BTCUSDT');
    expect(filled.map((o) => [o.status, o.executedQty])).toEqual([['PARTIALLY_FILLED', '0.20000000']]);
    const canceled = report({ x: 'CANCELED', X: 'CANCELED', z: '0.20000000', Z: '6000.000000', E: 4_000 });
    expect(applyToOpenOrders(filled, canceled, 'BTCUSDT')).toEqual([]);
  });

  it('keep a stop order open while it waits, then show it working after its trigger', () => {
    const waiting = report({ o: 'STOP_LOSS_LIMIT', P: '31000.00', w: false, W: undefined });
    const opened = applyToOpenOrders([], waiting, 'BTCUSDT');
    expect(opened).toMatchObject([
      { type: 'STOP_LOSS_LIMIT', stopPrice: '31000.00', isWorking: false, workingTime: -1 },
    ]);
    const triggered = report({ o: 'STOP_LOSS_LIMIT', P: '31000.00', w: true, W: 2_500, E: 2_500 });
    expect(applyToOpenOrders(opened, triggered, 'BTCUSDT')).toMatchObject([
      { status: 'NEW', isWorking: true, workingTime: 2_500 },
    ]);
  });

  it("leave another market's orders out of a market's list, and keep every market's in the list of all", () => {
    const eth = report({ s: 'ETHUSDT', i: 8 });
    expect(applyToOpenOrders([], eth, 'BTCUSDT')).toEqual([]);
    expect(applyToOpenOrders([], eth).map((o) => o.orderId)).toEqual([8]);
  });

  it('never take an order back: a late NEW does not reopen or unfill what a fresher read shows', () => {
    const filled = applyToOrderHistory([], trade, 'BTCUSDT');
    expect(applyToOrderHistory(filled, report({}), 'BTCUSDT')).toBe(filled);
    const ended: Order[] = [{ ...filled[0]!, status: 'CANCELED' }];
    expect(applyToOpenOrders(ended, report({}), 'BTCUSDT')).toEqual(ended);
  });

  it('keep the history in order number order with each order as its last execution left it', () => {
    const first = applyToOrderHistory([], report({ i: 9 }), 'BTCUSDT');
    const both = applyToOrderHistory(first, trade, 'BTCUSDT');
    expect(both.map((o) => [o.orderId, o.status])).toEqual([
      [7, 'PARTIALLY_FILLED'],
      [9, 'NEW'],
    ]);
  });

  it('add one fill per TRADE execution, once', () => {
    const fills = applyToFills([], trade, 'BTCUSDT');
    expect(fills).toEqual([
      {
        symbol: 'BTCUSDT',
        id: 11,
        orderId: 7,
        price: '30000.00',
        qty: '0.20000000',
        quoteQty: '6000.000000',
        commission: '0.00016000',
        commissionAsset: 'BTC',
        time: 3_000,
        isBuyer: true,
        isMaker: true,
      },
    ]);
    expect(applyToFills(fills, trade, 'BTCUSDT')).toBe(fills);
    expect(applyToFills([], report({}), 'BTCUSDT')).toEqual([]);
    expect(applyToFills([], trade, 'ETHUSDT')).toEqual([]);
  });

  it('replace the balances a position lists, with exact totals, and keep the others', () => {
    const position = {
      e: 'outboundAccountPosition' as const,
      E: 5_000,
      u: 5_000,
      B: [
        { a: 'USDT', f: '84991.000000', l: '9009.000000' },
        { a: 'BTC', f: '0.19984000', l: '0.00000000' },
      ],
    };
    const before = [
      { asset: 'USDT', free: '100000.000000', locked: '0.000000', total: '100000.000000' },
      { asset: 'ETH', free: '1.0', locked: '0.0', total: '1.0' },
    ];
    expect(applyToBalances(before, position)).toEqual([
      { asset: 'USDT', free: '84991.000000', locked: '9009.000000', total: '94000.000000' },
      { asset: 'ETH', free: '1.0', locked: '0.0', total: '1.0' },
      { asset: 'BTC', free: '0.19984000', locked: '0.00000000', total: '0.19984000' },
    ]);
    const account = { balances: [{ asset: 'USDT', free: '1', locked: '0' }], commissionRates: undefined };
    expect(applyToAccount(account, position).balances).toEqual([
      { asset: 'USDT', free: '84991.000000', locked: '9009.000000' },
      { asset: 'BTC', free: '0.19984000', locked: '0.00000000' },
    ]);
    expect(applyToBalances(before, trade)).toBe(before);
  });
});
