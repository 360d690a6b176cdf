import { OrderBook } from './order-book.engine';
import { createBook, limit, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('matches a GTC limit across levels at the makers\' prices, in time priority, and rests the remainder', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'SELL', 101, 5), limit('b', 'u2', 'SELL', 101, 3), limit('c', 'u3', 'SELL', 102, 4));

    expect(run(limit('t', 'u4', 'BUY', 102, 10))).toEqual([
      { type: 'accepted', seq: 4, ts: 1, orderId: 't', userId: 'u4', side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC', price: 102, quantity: 10, stp: 'NONE' },
      trade(5, 101, 5, ['a', 'u1'], ['t', 'u4'], 'BUY', 0, 5),
      trade(6, 101, 3, ['b', 'u2'], ['t', 'u4'], 'BUY', 0, 2),
      trade(7, 102, 2, ['c', 'u3'], ['t', 'u4'], 'BUY', 2, 0),
    ]);
    expect(sut.l3()).toEqual({ bids: [], asks: [[102, 2, 'c']] });

    expect(run(limit('t2', 'u4', 'BUY', 103, 5))).toEqual([
      { type: 'accepted', seq: 8, ts: 1, orderId: 't2', userId: 'u4', side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC', price: 103, quantity: 5, stp: 'NONE' },
      trade(9, 102, 2, ['c', 'u3'], ['t2', 'u4'], 'BUY', 0, 3),
    ]);
    expect(sut.l3()).toEqual({ bids: [[103, 3, 't2']], asks: [] });
  });
});
