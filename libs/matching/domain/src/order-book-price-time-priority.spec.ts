import { OrderBook } from './order-book.engine';
import { createBook, limit, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('fills the better price first, then earlier orders first within a level, at the maker\'s price', () => {
    const { sut, run } = createBook();
    run(
      limit('b1', 'u1', 'BUY', 100, 2),
      limit('b2', 'u2', 'BUY', 100, 2),
      limit('b3', 'u3', 'BUY', 101, 1),
      limit('b4', 'u4', 'BUY', 99, 2),
    );
    expect(sut.l3().bids).toEqual([
      [101, 1, 'b3'],
      [100, 2, 'b1'],
      [100, 2, 'b2'],
      [99, 2, 'b4'],
    ]);

    expect(run(limit('s', 'u5', 'SELL', 95, 4)).slice(1)).toEqual([
      trade(6, 101, 1, ['b3', 'u3'], ['s', 'u5'], 'SELL', 0, 3),
      trade(7, 100, 2, ['b1', 'u1'], ['s', 'u5'], 'SELL', 0, 1),
      trade(8, 100, 1, ['b2', 'u2'], ['s', 'u5'], 'SELL', 1, 0),
    ]);
    expect(sut.l3().bids).toEqual([
      [100, 1, 'b2'],
      [99, 2, 'b4'],
    ]);
  });
});
