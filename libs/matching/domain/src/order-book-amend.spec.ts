import { OrderBook } from './order-book.engine';
import { RejectionCode } from './rejection-code.enum';
import { amend, createBook, limit, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('keeps priority when the open quantity goes down, re-queues when it goes up, rejects equal or non-positive', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'BUY', 100, 5), limit('b', 'u2', 'BUY', 100, 5), limit('c', 'u3', 'BUY', 100, 5));

    expect(run(amend('a', 'u1', 3), amend('b', 'u2', 7))).toEqual([
      { type: 'amended', seq: 4, ts: 1, orderId: 'a', userId: 'u1', quantity: 3, previousQuantity: 5, priority: 'KEPT' },
      { type: 'amended', seq: 5, ts: 1, orderId: 'b', userId: 'u2', quantity: 7, previousQuantity: 5, priority: 'REQUEUED' },
    ]);
    expect(sut.l3().bids).toEqual([
      [100, 3, 'a'],
      [100, 5, 'c'],
      [100, 7, 'b'],
    ]);
    expect(sut.l2()).toEqual({ bids: [[100, 15]], asks: [] });

    const before = sut.stateHash();
    const rejected = (seq: number, quantity: number, reason: string, code: RejectionCode) => ({
      type: 'rejected',
      seq,
      ts: 1,
      command: 'amend',
      orderId: 'c',
      userId: 'u3',
      reason,
      code,
      field: 'quantity',
    });
    expect(run(amend('c', 'u3', 5), amend('c', 'u3', 0), amend('c', 'u3', -2), amend('c', 'u3', 2.5))).toEqual([
      rejected(6, 5, 'AMEND_QUANTITY_UNCHANGED', RejectionCode.AMEND_QUANTITY_UNCHANGED),
      rejected(7, 0, 'INVALID_FIELD', RejectionCode.INVALID_FIELD),
      rejected(8, -2, 'INVALID_FIELD', RejectionCode.INVALID_FIELD),
      rejected(9, 2.5, 'INVALID_FIELD', RejectionCode.INVALID_FIELD),
    ]);
    expect(run(amend('c', 'u1', 1))).toEqual([
      { type: 'rejected', seq: 10, ts: 1, command: 'amend', orderId: 'c', userId: 'u1', reason: 'NOT_ORDER_OWNER', code: RejectionCode.NOT_ORDER_OWNER, field: 'userId' },
    ]);
    expect(sut.stateHash()).toBe(before);

    expect(run(limit('s', 'u4', 'SELL', 100, 4)).slice(1)).toEqual([
      trade(12, 100, 3, ['a', 'u1'], ['s', 'u4'], 'SELL', 0, 1),
      trade(13, 100, 1, ['c', 'u3'], ['s', 'u4'], 'SELL', 4, 0),
    ]);
  });

  it('does not amend an untriggered stop', () => {
    const { sut, run } = createBook();
    run({ type: 'place', orderId: 's', userId: 'u1', side: 'BUY', orderType: 'TAKE_PROFIT', stopPrice: 90, quantity: 4, ts: 1 });
    expect(run(amend('s', 'u1', 2))).toEqual([
      { type: 'rejected', seq: 2, ts: 1, command: 'amend', orderId: 's', userId: 'u1', reason: 'STOP_NOT_AMENDABLE', code: RejectionCode.STOP_NOT_AMENDABLE },
    ]);
    expect(sut.stops()[0].quantity).toBe(4);
  });
});
