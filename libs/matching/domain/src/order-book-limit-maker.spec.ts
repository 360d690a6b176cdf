import { OrderBook } from './order-book.engine';
import { RejectionCode } from './rejection-code.enum';
import { type PlaceOrderCommand } from './matching-command.types';
import { createBook, limit } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('rejects a LIMIT_MAKER that would take, and rests one that would not', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'SELL', 101, 5));
    const maker = (price: number): PlaceOrderCommand => ({
      type: 'place',
      orderId: 'pm',
      userId: 'u2',
      side: 'BUY',
      orderType: 'LIMIT_MAKER',
      price,
      quantity: 2,
      ts: 1,
    });
    const before = sut.stateHash();

    expect(run(maker(101))).toEqual([
      { type: 'rejected', seq: 2, ts: 1, command: 'place', orderId: 'pm', userId: 'u2', reason: 'LIMIT_MAKER_WOULD_TAKE', code: RejectionCode.LIMIT_MAKER_WOULD_TAKE },
    ]);
    expect(sut.stateHash()).toBe(before);

    // The rejected id was never accepted, so it is still free.
    expect(run(maker(100))).toEqual([
      { type: 'accepted', seq: 3, ts: 1, orderId: 'pm', userId: 'u2', side: 'BUY', orderType: 'LIMIT_MAKER', price: 100, quantity: 2, stp: 'NONE' },
    ]);
    expect(sut.l3()).toEqual({ bids: [[100, 2, 'pm']], asks: [[101, 5, 'a']] });
  });
});
