import { applyBookOrderDiff, diffBookOrders, ordersOfRows, type StoredBookOrders } from './book-order-diff';
import { L2Book, type L2BookState } from './l2-book.model';

type Order = L2BookState['orders'][number];

describe(diffBookOrders.name, () => {
  const a: Order = ['a', 'BUY', 100, 5, true, 'resting', false];
  const b: Order = ['b', 'SELL', 101, 3, true, 'resting', false];
  const c: Order = ['c', 'BUY', 99, 1, true, 'resting', true];

  it('writes new and changed orders, removes gone ones, and leaves unchanged ones alone', () => {
    const stored: StoredBookOrders = new Map();
    const first = diffBookOrders(stored, [a, b]);
    expect(first).toEqual({
      upserts: [
        ['a', JSON.stringify(a.slice(1))],
        ['b', JSON.stringify(b.slice(1))],
      ],
      removals: [],
    });
    applyBookOrderDiff(stored, first);

    const aFilled: Order = ['a', 'BUY', 100, 2, true, 'resting', false];
    const second = diffBookOrders(stored, [aFilled, c]);
    expect(second).toEqual({
      upserts: [
        ['a', JSON.stringify(aFilled.slice(1))],
        ['c', JSON.stringify(c.slice(1))],
      ],
      removals: ['b'],
    });
    applyBookOrderDiff(stored, second);
    expect(diffBookOrders(stored, [aFilled, c])).toEqual({ upserts: [], removals: [] });
    expect(ordersOfRows(stored)).toEqual([aFilled, c]);
  });

  it('restores the same book from the stored rows', () => {
    const state: L2BookState = { orders: [a, b, c], current: null, queue: [] };
    const stored: StoredBookOrders = new Map();
    applyBookOrderDiff(stored, diffBookOrders(stored, state.orders));
    const restored = L2Book.restore({ ...state, orders: ordersOfRows(stored) });
    expect(restored.snapshot()).toEqual(L2Book.restore(state).snapshot());
    expect(restored.levels()).toEqual({
      bids: [
        [100, 5],
        [99, 1],
      ],
      asks: [[101, 3]],
    });
  });
});
