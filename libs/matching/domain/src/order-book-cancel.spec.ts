import { OrderBook } from './order-book.engine';
import { RejectionCode } from './rejection-code.enum';
import { cancel, createBook, limit, market } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('cancels an open order for its owner only; an ended order\'s id stays taken', () => {
    const { sut, run } = createBook();
    run(limit('o1', 'u1', 'BUY', 100, 5), market('m', 'u2', 'SELL', 2));
    const before = sut.stateHash();

    expect(run(cancel('o1', 'u2'), cancel('nope', 'u1'))).toEqual([
      { type: 'rejected', seq: 4, ts: 1, command: 'cancel', orderId: 'o1', userId: 'u2', reason: 'NOT_ORDER_OWNER', code: RejectionCode.NOT_ORDER_OWNER, field: 'userId' },
      { type: 'rejected', seq: 5, ts: 1, command: 'cancel', orderId: 'nope', userId: 'u1', reason: 'UNKNOWN_ORDER', code: RejectionCode.UNKNOWN_ORDER, field: 'orderId' },
    ]);
    expect(sut.stateHash()).toBe(before);

    expect(run(cancel('o1', 'u1'))).toEqual([
      { type: 'cancelled', seq: 6, ts: 1, orderId: 'o1', userId: 'u1', reason: 'USER_CANCEL', remaining: 3 },
    ]);
    expect(sut.l3()).toEqual({ bids: [], asks: [] });

    expect(run(cancel('o1', 'u1'), cancel('m', 'u2'), limit('o1', 'u3', 'SELL', 100, 1))).toEqual([
      { type: 'rejected', seq: 7, ts: 1, command: 'cancel', orderId: 'o1', userId: 'u1', reason: 'ORDER_NOT_OPEN', code: RejectionCode.ORDER_NOT_OPEN, field: 'orderId' },
      { type: 'rejected', seq: 8, ts: 1, command: 'cancel', orderId: 'm', userId: 'u2', reason: 'ORDER_NOT_OPEN', code: RejectionCode.ORDER_NOT_OPEN, field: 'orderId' },
      { type: 'rejected', seq: 9, ts: 1, command: 'place', orderId: 'o1', userId: 'u3', reason: 'DUPLICATE_ORDER_ID', code: RejectionCode.DUPLICATE_ORDER_ID, field: 'orderId' },
    ]);
  });

  it('cancels an untriggered stop', () => {
    const { sut, run } = createBook();
    run({ type: 'place', orderId: 's', userId: 'u1', side: 'BUY', orderType: 'STOP_LOSS', stopPrice: 110, quantity: 4, ts: 1 });
    expect(run(cancel('s', 'u1', 7))).toEqual([
      { type: 'cancelled', seq: 2, ts: 7, orderId: 's', userId: 'u1', reason: 'USER_CANCEL', remaining: 4 },
    ]);
    expect(sut.stops()).toEqual([]);
  });
});
