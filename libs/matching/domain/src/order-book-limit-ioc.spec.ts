import { OrderBook } from './order-book.engine';
import { createBook, limit, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('expires the remainder of an IOC limit, and accepts then expires one that can trade nothing', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'SELL', 101, 3));

    expect(run(limit('i', 'u2', 'BUY', 101, 5, { timeInForce: 'IOC' }))).toEqual([
      { type: 'accepted', seq: 2, ts: 1, orderId: 'i', userId: 'u2', side: 'BUY', orderType: 'LIMIT', timeInForce: 'IOC', price: 101, quantity: 5, stp: 'NONE' },
      trade(3, 101, 3, ['a', 'u1'], ['i', 'u2'], 'BUY', 0, 2),
      { type: 'expired', seq: 4, ts: 1, orderId: 'i', userId: 'u2', reason: 'IOC_REMAINDER', remaining: 2 },
    ]);
    expect(run(limit('j', 'u2', 'SELL', 100, 4, { timeInForce: 'IOC' }))).toEqual([
      { type: 'accepted', seq: 5, ts: 1, orderId: 'j', userId: 'u2', side: 'SELL', orderType: 'LIMIT', timeInForce: 'IOC', price: 100, quantity: 4, stp: 'NONE' },
      { type: 'expired', seq: 6, ts: 1, orderId: 'j', userId: 'u2', reason: 'IOC_REMAINDER', remaining: 4 },
    ]);
    expect(sut.l3()).toEqual({ bids: [], asks: [] });
  });
});
