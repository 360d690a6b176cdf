import { OrderBook } from './order-book.engine';
import { amend, createBook, limit } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('cancels all of a user\'s orders, untriggered stops included, in arrival order', () => {
    const { sut, run } = createBook();
    run(
      limit('o1', 'u1', 'BUY', 99, 1),
      { type: 'place', orderId: 's1', userId: 'u1', side: 'SELL', orderType: 'STOP_LOSS', stopPrice: 90, quantity: 2, ts: 1 },
      limit('x', 'u2', 'BUY', 98, 1),
      limit('o2', 'u1', 'SELL', 105, 3),
      amend('o1', 'u1', 4),
    );

    expect(run({ type: 'cancelAll', userId: 'u1', ts: 2 })).toEqual([
      { type: 'cancelled', seq: 6, ts: 2, orderId: 'o1', userId: 'u1', reason: 'CANCEL_ALL', remaining: 4 },
      { type: 'cancelled', seq: 7, ts: 2, orderId: 's1', userId: 'u1', reason: 'CANCEL_ALL', remaining: 2 },
      { type: 'cancelled', seq: 8, ts: 2, orderId: 'o2', userId: 'u1', reason: 'CANCEL_ALL', remaining: 3 },
    ]);
    expect(sut.l3()).toEqual({ bids: [[98, 1, 'x']], asks: [] });
    expect(sut.stops()).toEqual([]);

    // Nothing left (or an unknown user): no events.
    expect(run({ type: 'cancelAll', userId: 'u1', ts: 3 }, { type: 'cancelAll', userId: 'nobody', ts: 3 })).toEqual([]);
  });
});
