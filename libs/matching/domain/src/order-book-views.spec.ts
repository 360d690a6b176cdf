import { OrderBook } from './order-book.engine';
import { createBook, limit } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('aggregates L2 per level, top N, and lists L3 orders in priority', () => {
    const { sut, run } = createBook();
    run(
      limit('b1', 'u1', 'BUY', 99, 5),
      limit('b2', 'u2', 'BUY', 99, 3),
      limit('b3', 'u1', 'BUY', 97, 2),
      limit('b4', 'u1', 'BUY', 95, 1),
      limit('a1', 'u3', 'SELL', 101, 4),
      limit('a2', 'u3', 'SELL', 103, 1),
    );
    expect(sut.l2(2)).toEqual({ bids: [[99, 8], [97, 2]], asks: [[101, 4], [103, 1]] });
    expect(sut.l2().bids).toHaveLength(3);
    expect(sut.l3()).toEqual({
      bids: [[99, 5, 'b1'], [99, 3, 'b2'], [97, 2, 'b3'], [95, 1, 'b4']],
      asks: [[101, 4, 'a1'], [103, 1, 'a2']],
    });
    expect(sut.top()).toEqual({ bid: 99, ask: 101 });
    expect(sut.openOrderCount).toBe(6);
  });
});
