import { toOrder } from './order.mapper';

describe(toOrder.name, () => {
  const stop = {
    symbol: 'BTCUSDT',
    orderId: 12,
    clientOrderId: 'c-12',
    side: 'BUY',
    type: 'STOP_LOSS_LIMIT',
    timeInForce: 'GTC',
    price: '30600.00',
    origQty: '0.10000000',
    executedQty: '0.00000000',
    cummulativeQuoteQty: '0.000000',
    origQuoteOrderQty: '0.000000',
    status: 'NEW',
    time: 1_000,
    updateTime: 1_000,
    isWorking: false,
    stopPrice: '30500.00',
    workingTime: -1,
  };

  it('carries a stop order its type, stop price and workingTime -1 while it waits for its trigger', () => {
    expect(toOrder(stop)).toMatchObject({
      type: 'ORDER_TYPE_STOP_LOSS_LIMIT',
      stopPrice: '30500.00',
      isWorking: false,
      workingTimeMs: '-1',
    });
    expect(toOrder({ ...stop, isWorking: true, workingTime: 1_500 })).toMatchObject({
      isWorking: true,
      workingTimeMs: '1500',
    });
  });

  it('reads a RESULT answer (no isWorking) of a waiting stop as not working', () => {
    const { isWorking: _i, ...result } = stop;
    expect(toOrder(result)).toMatchObject({ isWorking: false, workingTimeMs: '-1' });
    expect(toOrder({ ...result, workingTime: 1_500 })).toMatchObject({ isWorking: true });
  });

  it('gives an answer without a stop price (ACK, cancel) an empty one and its time as workingTime', () => {
    const { stopPrice: _s, workingTime: _w, ...plain } = stop;
    expect(toOrder({ ...plain, type: 'LIMIT' })).toMatchObject({ stopPrice: '', workingTimeMs: '1000' });
  });

  it("carries the order's self-trade prevention mode, unspecified in answers without one (ACK)", () => {
    expect(toOrder({ ...stop, selfTradePreventionMode: 'EXPIRE_MAKER' }).selfTradePreventionMode).toBe(
      'SELF_TRADE_PREVENTION_MODE_EXPIRE_MAKER',
    );
    expect(toOrder(stop).selfTradePreventionMode).toBe('SELF_TRADE_PREVENTION_MODE_UNSPECIFIED');
  });

  it('carries EXPIRED_IN_MATCH and the prevented quantity, empty for the orders without one', () => {
    expect(toOrder({ ...stop, status: 'EXPIRED_IN_MATCH', preventedQuantity: '0.10000000' })).toMatchObject({
      status: 'ORDER_STATUS_EXPIRED_IN_MATCH',
      preventedQuantity: '0.10000000',
    });
    expect(toOrder(stop).preventedQuantity).toBe('');
  });
});
