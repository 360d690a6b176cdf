import { OrderBook } from './order-book.engine';
import { createBook, limit, market, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('fills a market order by quantity through the levels and expires what is left', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'SELL', 101, 2), limit('b', 'u2', 'SELL', 103, 2));

    expect(run(market('m', 'u3', 'BUY', 5))).toEqual([
      { type: 'accepted', seq: 3, ts: 1, orderId: 'm', userId: 'u3', side: 'BUY', orderType: 'MARKET', quantity: 5, stp: 'NONE' },
      trade(4, 101, 2, ['a', 'u1'], ['m', 'u3'], 'BUY', 0, 3),
      trade(5, 103, 2, ['b', 'u2'], ['m', 'u3'], 'BUY', 0, 1),
      { type: 'expired', seq: 6, ts: 1, orderId: 'm', userId: 'u3', reason: 'MARKET_REMAINDER', remaining: 1 },
    ]);
    // One that can trade nothing is accepted, then expires.
    expect(run(market('n', 'u3', 'SELL', 4))).toEqual([
      { type: 'accepted', seq: 7, ts: 1, orderId: 'n', userId: 'u3', side: 'SELL', orderType: 'MARKET', quantity: 4, stp: 'NONE' },
      { type: 'expired', seq: 8, ts: 1, orderId: 'n', userId: 'u3', reason: 'MARKET_REMAINDER', remaining: 4 },
    ]);
    expect(sut.l3()).toEqual({ bids: [], asks: [] });
  });
});
