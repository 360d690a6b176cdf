import { OrderBook } from './order-book.engine';
import { createBook, limit, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('fills a FOK completely or not at all', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'SELL', 101, 3), limit('b', 'u2', 'SELL', 102, 3), limit('c', 'u3', 'SELL', 103, 3));
    const before = sut.stateHash();

    expect(run(limit('f1', 'u4', 'BUY', 102, 7, { timeInForce: 'FOK' }))).toEqual([
      { type: 'accepted', seq: 4, ts: 1, orderId: 'f1', userId: 'u4', side: 'BUY', orderType: 'LIMIT', timeInForce: 'FOK', price: 102, quantity: 7, stp: 'NONE' },
      { type: 'expired', seq: 5, ts: 1, orderId: 'f1', userId: 'u4', reason: 'FOK_NOT_FILLABLE', remaining: 7 },
    ]);
    expect(sut.l3().asks).toEqual([
      [101, 3, 'a'],
      [102, 3, 'b'],
      [103, 3, 'c'],
    ]);

    expect(run(limit('f2', 'u4', 'BUY', 102, 6, { timeInForce: 'FOK' }))).toEqual([
      { type: 'accepted', seq: 6, ts: 1, orderId: 'f2', userId: 'u4', side: 'BUY', orderType: 'LIMIT', timeInForce: 'FOK', price: 102, quantity: 6, stp: 'NONE' },
      trade(7, 101, 3, ['a', 'u1'], ['f2', 'u4'], 'BUY', 0, 3),
      trade(8, 102, 3, ['b', 'u2'], ['f2', 'u4'], 'BUY', 0, 0),
    ]);
    expect(sut.l3().asks).toEqual([[103, 3, 'c']]);
    expect(sut.stateHash()).not.toBe(before);
  });
});
