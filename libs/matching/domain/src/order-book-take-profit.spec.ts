import { OrderBook } from './order-book.engine';
import { createBook, limit, market, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('triggers a sell take-profit at or above its stop and a buy take-profit limit at or below its stop', () => {
    const { sut, run } = createBook();
    run(limit('a1', 'u1', 'SELL', 100, 1), market('m1', 'u2', 'BUY', 1));
    run(
      { type: 'place', orderId: 'tp', userId: 'u3', side: 'SELL', orderType: 'TAKE_PROFIT', stopPrice: 105, quantity: 2, ts: 1 },
      { type: 'place', orderId: 'tpl', userId: 'u4', side: 'BUY', orderType: 'TAKE_PROFIT_LIMIT', timeInForce: 'IOC', stopPrice: 95, price: 96, quantity: 2, ts: 1 },
      limit('b1', 'u1', 'BUY', 104, 5),
      limit('a2', 'u1', 'SELL', 105, 1),
    );

    // A trade at 105 triggers the sell take-profit, which sells at market into the 104 bid.
    expect(run(market('m2', 'u2', 'BUY', 1))).toEqual([
      { type: 'accepted', seq: 8, ts: 1, orderId: 'm2', userId: 'u2', side: 'BUY', orderType: 'MARKET', quantity: 1, stp: 'NONE' },
      trade(9, 105, 1, ['a2', 'u1'], ['m2', 'u2'], 'BUY', 0, 0),
      { type: 'triggered', seq: 10, ts: 1, orderId: 'tp', userId: 'u3', stopPrice: 105, lastPrice: 105 },
      trade(11, 104, 2, ['b1', 'u1'], ['tp', 'u3'], 'SELL', 3, 0),
    ]);

    // A trade at 95 triggers the buy take-profit limit (IOC at 96): it takes 1 at 96 and the rest expires.
    run(limit('b2', 'u1', 'BUY', 95, 1), { type: 'cancel', orderId: 'b1', userId: 'u1', ts: 1 }, limit('a3', 'u1', 'SELL', 96, 1));
    expect(run(market('m3', 'u5', 'SELL', 1))).toEqual([
      { type: 'accepted', seq: 15, ts: 1, orderId: 'm3', userId: 'u5', side: 'SELL', orderType: 'MARKET', quantity: 1, stp: 'NONE' },
      trade(16, 95, 1, ['b2', 'u1'], ['m3', 'u5'], 'SELL', 0, 0),
      { type: 'triggered', seq: 17, ts: 1, orderId: 'tpl', userId: 'u4', stopPrice: 95, lastPrice: 95 },
      trade(18, 96, 1, ['a3', 'u1'], ['tpl', 'u4'], 'BUY', 0, 1),
      { type: 'expired', seq: 19, ts: 1, orderId: 'tpl', userId: 'u4', reason: 'IOC_REMAINDER', remaining: 1 },
    ]);
    expect(sut.stops()).toEqual([]);
  });
});
