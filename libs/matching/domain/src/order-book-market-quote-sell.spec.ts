import { OrderBook } from './order-book.engine';
import { createBook, limit, marketByQuote, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('stops a sell by quote amount at the first level where not one lot fits, even if a lower level would', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'BUY', 100, 1), limit('b', 'u2', 'BUY', 60, 5), limit('c', 'u2', 'BUY', 40, 5));

    // 150: 1 lot at 100 (50 left); floor(50 / 60) = 0 at 60: stop (40 would fit one lot, but is not reached).
    expect(run(marketByQuote('q', 'u3', 'SELL', 150))).toEqual([
      { type: 'accepted', seq: 4, ts: 1, orderId: 'q', userId: 'u3', side: 'SELL', orderType: 'MARKET', quoteQuantity: 150, stp: 'NONE' },
      trade(5, 100, 1, ['a', 'u1'], ['q', 'u3'], 'SELL', 0, 50),
      { type: 'expired', seq: 6, ts: 1, orderId: 'q', userId: 'u3', reason: 'MARKET_REMAINDER', remaining: 50 },
    ]);
    expect(sut.l3().bids).toEqual([
      [60, 5, 'b'],
      [40, 5, 'c'],
    ]);
  });
});
