import { OrderBook } from './order-book.engine';
import { RejectionCode } from './rejection-code.enum';
import { amend, cancel, createBook, limit } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('HALTED rejects new orders, cancels, cancel-all and amends; CANCEL_ONLY accepts cancels only', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'BUY', 100, 5), limit('b', 'u1', 'BUY', 99, 5), limit('c', 'u2', 'BUY', 98, 5));

    expect(run({ type: 'status', status: 'HALTED', ts: 2 })).toEqual([
      { type: 'status', seq: 4, ts: 2, status: 'HALTED', previousStatus: 'TRADING' },
    ]);
    const halted = (seq: number, command: string, orderId?: string) => ({
      type: 'rejected',
      seq,
      ts: 1,
      command,
      ...(orderId === undefined ? {} : { orderId }),
      userId: 'u1',
      reason: 'MARKET_HALTED',
      code: RejectionCode.MARKET_HALTED,
    });
    const before = sut.stateHash();
    expect(run(limit('d', 'u1', 'SELL', 100, 1), cancel('a', 'u1'), amend('a', 'u1', 1), { type: 'cancelAll', userId: 'u1', ts: 1 })).toEqual([
      halted(5, 'place', 'd'),
      halted(6, 'cancel', 'a'),
      halted(7, 'amend', 'a'),
      halted(8, 'cancelAll'),
    ]);
    expect(sut.stateHash()).toBe(before);

    expect(run({ type: 'status', status: 'CANCEL_ONLY', ts: 3 })).toEqual([
      { type: 'status', seq: 9, ts: 3, status: 'CANCEL_ONLY', previousStatus: 'HALTED' },
    ]);
    expect(run(limit('d', 'u1', 'SELL', 100, 1), amend('a', 'u1', 1), cancel('a', 'u1'), { type: 'cancelAll', userId: 'u1', ts: 1 })).toEqual([
      { type: 'rejected', seq: 10, ts: 1, command: 'place', orderId: 'd', userId: 'u1', reason: 'MARKET_CANCEL_ONLY', code: RejectionCode.MARKET_CANCEL_ONLY },
      { type: 'rejected', seq: 11, ts: 1, command: 'amend', orderId: 'a', userId: 'u1', reason: 'MARKET_CANCEL_ONLY', code: RejectionCode.MARKET_CANCEL_ONLY },
      { type: 'cancelled', seq: 12, ts: 1, orderId: 'a', userId: 'u1', reason: 'USER_CANCEL', remaining: 5 },
      { type: 'cancelled', seq: 13, ts: 1, orderId: 'b', userId: 'u1', reason: 'CANCEL_ALL', remaining: 5 },
    ]);

    run({ type: 'status', status: 'TRADING', ts: 4 });
    expect(sut.marketStatus).toBe('TRADING');
    expect(run(limit('d', 'u1', 'SELL', 98, 1)).map((e) => e.type)).toEqual(['accepted', 'trade']);
  });

  it('does not trigger stops while halted: halting and resuming trade nothing, so nothing triggers', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'SELL', 100, 1), limit('m', 'u2', 'BUY', 100, 1));
    run({ type: 'place', orderId: 's', userId: 'u3', side: 'SELL', orderType: 'STOP_LOSS', stopPrice: 99, quantity: 1, ts: 1 });
    expect(run({ type: 'status', status: 'HALTED', ts: 1 }, limit('x', 'u4', 'SELL', 90, 1), { type: 'status', status: 'TRADING', ts: 1 }).map((e) => e.type)).toEqual([
      'status',
      'rejected',
      'status',
    ]);
    expect(sut.stops().map((s) => s.orderId)).toEqual(['s']);
  });
});
