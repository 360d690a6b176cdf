import { OrderBook } from './order-book.engine';
import { createBook, limit, marketByQuote, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('fills a buy by quote amount with at most floor(remaining quote / price) lots per level', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'SELL', 101, 2), limit('b', 'u2', 'SELL', 103, 5));

    // 500: 2 lots at 101 (202 spent, 298 left), then floor(298 / 103) = 2 lots at 103 (92 left),
    // then floor(92 / 103) = 0: it stops, and the 92 of quote left expire.
    expect(run(marketByQuote('q', 'u3', 'BUY', 500))).toEqual([
      { type: 'accepted', seq: 3, ts: 1, orderId: 'q', userId: 'u3', side: 'BUY', orderType: 'MARKET', quoteQuantity: 500, stp: 'NONE' },
      trade(4, 101, 2, ['a', 'u1'], ['q', 'u3'], 'BUY', 0, 298),
      trade(5, 103, 2, ['b', 'u2'], ['q', 'u3'], 'BUY', 3, 92),
      { type: 'expired', seq: 6, ts: 1, orderId: 'q', userId: 'u3', reason: 'MARKET_REMAINDER', remaining: 92 },
    ]);
    expect(sut.l3().asks).toEqual([[103, 3, 'b']]);

    // Exactly spent: no expiry.
    expect(run(marketByQuote('r', 'u3', 'BUY', 206)).slice(1)).toEqual([trade(8, 103, 2, ['b', 'u2'], ['r', 'u3'], 'BUY', 1, 0)]);
  });
});
