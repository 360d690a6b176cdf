import { type OrderUpdate } from '@exchange/shared-contracts';

import { toAccountPosition, toBalanceUpdate, toExecutionReport, zeroLike } from './user-data-events';

const order: OrderUpdate['order'] = {
  orderNo: '12',
  orderId: 'o-12',
  clientOrderId: 'c-12',
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '30000.000000',
  origQty: '0.50000000',
  executedQty: '0.20000000',
  cummulativeQuoteQty: '6000.000000',
  origQuoteOrderQty: '0.000000',
  status: 'PARTIALLY_FILLED',
  time: 1_000,
  updateTime: 2_000,
  isWorking: true,
};

describe('user-data events', () => {
  it('writes a TRADE execution as Binance does, with the fill as the last execution', () => {
    const report = toExecutionReport({
      v: 1,
      userId: 'u1',
      executionType: 'TRADE',
      order,
      fill: {
        symbol: 'BTC-USDT',
        id: 7,
        orderNo: '12',
        clientOrderId: 'c-12',
        side: 'BUY',
        price: '30000.000000',
        qty: '0.20000000',
        quoteQty: '6000.000000',
        commission: '0.00016000',
        commissionAsset: 'BTC',
        time: 2_000,
        isBuyer: true,
        isMaker: true,
      },
      ts: 2_000,
    });
    expect(report).toEqual({
      e: 'executionReport',
      E: 2_000,
      s: 'BTCUSDT',
      c: 'c-12',
      S: 'BUY',
      o: 'LIMIT',
      f: 'GTC',
      q: '0.50000000',
      p: '30000.000000',
      P: '0.000000',
      F: '0.00000000',
      g: -1,
      C: '',
      x: 'TRADE',
      X: 'PARTIALLY_FILLED',
      r: 'NONE',
      i: 12,
      l: '0.20000000',
      z: '0.20000000',
      L: '30000.000000',
      n: '0.00016000',
      N: 'BTC',
      T: 2_000,
      t: 7,
      w: true,
      m: true,
      M: false,
      O: 1_000,
      Z: '6000.000000',
      Y: '6000.000000',
      Q: '0.000000',
      W: 1_000,
      V: 'NONE',
    });
  });

  it('writes an execution without a fill with zero last amounts, no commission asset and trade id -1', () => {
    const report = toExecutionReport({
      v: 1,
      userId: 'u1',
      executionType: 'CANCELED',
      order: { ...order, status: 'CANCELED', isWorking: false },
      fill: null,
      ts: 3_000,
    });
    expect(report).toMatchObject({
      x: 'CANCELED',
      X: 'CANCELED',
      C: 'c-12',
      l: '0.00000000',
      L: '0.000000',
      Y: '0.000000',
      n: '0',
      N: null,
      t: -1,
      T: 3_000,
      w: false,
      m: false,
    });
  });

  it("reports the order's self-trade prevention mode in V (NONE from a wallet that sends none)", () => {
    const report = (o: OrderUpdate['order']) =>
      toExecutionReport({ v: 1, userId: 'u1', executionType: 'EXPIRED', order: o, fill: null, ts: 3_000 }).V;
    expect(report({ ...order, status: 'EXPIRED', selfTradePreventionMode: 'EXPIRE_MAKER' })).toBe(
      'EXPIRE_MAKER',
    );
    expect(report({ ...order, status: 'EXPIRED' })).toBe('NONE');
  });

  it('writes an order that self-trade prevention ended as TRADE_PREVENTION, EXPIRED_IN_MATCH with A and B', () => {
    const prevented = { ...order, status: 'EXPIRED_IN_MATCH' as const, isWorking: false };
    const report = (o: OrderUpdate['order']) =>
      toExecutionReport({
        v: 1,
        userId: 'u1',
        executionType: 'TRADE_PREVENTION',
        order: o,
        fill: null,
        ts: 3_000,
      });
    expect(report({ ...prevented, preventedQuantity: '0.30000000' })).toMatchObject({
      x: 'TRADE_PREVENTION',
      X: 'EXPIRED_IN_MATCH',
      z: '0.20000000',
      l: '0.00000000',
      A: '0.30000000',
      B: '0.30000000',
      w: false,
    });
    // A market buy by quote has no prevented base quantity: neither field is written.
    expect(report(prevented)).not.toHaveProperty('A');
    // The prevented match, when the wallet names it.
    const named = toExecutionReport({
      v: 1,
      userId: 'u1',
      executionType: 'TRADE_PREVENTION',
      order: prevented,
      fill: null,
      prevention: {
        preventedMatchId: 41,
        counterOrderNo: '17',
        price: '30100.00',
        quantity: '0.20000000',
        quoteQuantity: '6020.000000',
      },
      ts: 3_000,
    });
    expect(named).toMatchObject({ v: 41, u: -1, U: 17, Cs: 'BTCUSDT', pL: '30100.00' });
    expect(named).toMatchObject({ pl: '0.20000000', pY: '6020.000000' });
    expect(report(prevented)).not.toHaveProperty('v');
    const canceled = toExecutionReport({
      v: 1,
      userId: 'u1',
      executionType: 'CANCELED',
      order: { ...order, status: 'CANCELED' },
      fill: null,
      ts: 3_000,
    });
    expect(canceled).not.toHaveProperty('A');
  });

  it('shows a stop order its stop price, not working and without W until its trigger, then NEW again working', () => {
    const stop = {
      ...order,
      type: 'STOP_LOSS_LIMIT' as const,
      executedQty: '0.00000000',
      status: 'NEW' as const,
      isWorking: false,
      stopPrice: '31000.000000',
      workingTime: -1,
    };
    const waiting = toExecutionReport({
      v: 1,
      userId: 'u1',
      executionType: 'NEW',
      order: stop,
      fill: null,
      ts: 1_000,
    });
    expect(waiting).toMatchObject({ o: 'STOP_LOSS_LIMIT', x: 'NEW', X: 'NEW', P: '31000.000000', w: false });
    expect(waiting).not.toHaveProperty('W');
    const triggered = toExecutionReport({
      v: 1,
      userId: 'u1',
      executionType: 'NEW',
      order: { ...stop, isWorking: true, workingTime: 1_500 },
      fill: null,
      ts: 1_500,
    });
    expect(triggered).toMatchObject({ x: 'NEW', P: '31000.000000', w: true, W: 1_500 });
  });

  it('reports the PENDING_NEW the wallet may still show as NEW, and a rejection with its reason', () => {
    const report = toExecutionReport({
      v: 1,
      userId: 'u1',
      executionType: 'REJECTED',
      order: { ...order, status: 'PENDING_NEW' },
      fill: null,
      rejectReason: 'market closed',
      ts: 3_000,
    });
    expect([report.X, report.r]).toEqual(['NEW', 'market closed']);
  });

  it('writes balances as outboundAccountPosition and a movement as balanceUpdate', () => {
    const update = {
      v: 1 as const,
      userId: 'u1',
      balances: [{ asset: 'USDT', available: '90.000000', held: '10.000000', total: '100.000000' }],
      movement: { kind: 'WITHDRAWAL' as const, asset: 'USDT', delta: '-5.000000' },
      ts: 4_000,
    };
    expect(toAccountPosition(update)).toEqual({
      e: 'outboundAccountPosition',
      E: 4_000,
      u: 4_000,
      B: [{ a: 'USDT', f: '90.000000', l: '10.000000' }],
    });
    expect(toBalanceUpdate(update)).toEqual({
      e: 'balanceUpdate',
      E: 4_000,
      a: 'USDT',
      d: '-5.000000',
      T: 4_000,
    });
  });

  it('writes zero in the decimals of the amount it stands for', () => {
    expect([zeroLike('30000.000000'), zeroLike('0.1'), zeroLike('12')]).toEqual(['0.000000', '0.0', '0']);
  });
});
