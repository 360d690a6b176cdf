import { type MatchingCommand } from './matching-command.types';
import { EventCollector } from './matching-event.types';
import { OrderBook } from './order-book.engine';
import { RejectionCode } from './rejection-code.enum';
import { amend, createBook, limit, market, restrictedCancel } from '../test/order-book.harness';

const restricted = (seq: number, orderId: string, userId: string) => ({
  type: 'rejected',
  seq,
  ts: 1,
  command: 'cancel',
  orderId,
  userId,
  reason: 'CANCEL_RESTRICTED',
  code: RejectionCode.CANCEL_RESTRICTED,
  field: 'restriction',
});

const cancelled = (seq: number, orderId: string, userId: string, remaining: number) => ({
  type: 'cancelled',
  seq,
  ts: 1,
  orderId,
  userId,
  reason: 'USER_CANCEL',
  remaining,
});

describe(`${OrderBook.name}: restricted cancels`, () => {
  it('cancels an order that has not traded only under ONLY_NEW, and leaves it alone otherwise', () => {
    const { sut, run } = createBook();
    run(limit('o1', 'u1', 'BUY', 100, 5));
    const before = sut.stateHash();

    expect(run(restrictedCancel('o1', 'u1', 'ONLY_PARTIALLY_FILLED'))).toEqual([restricted(2, 'o1', 'u1')]);
    expect(sut.stateHash()).toBe(before);
    expect(sut.l3().bids).toEqual([[100, 5, 'o1']]);

    expect(run(restrictedCancel('o1', 'u1', 'ONLY_NEW'))).toEqual([cancelled(3, 'o1', 'u1', 5)]);
  });

  it('takes a resting order that traded in part as PARTIALLY_FILLED, after an amend too', () => {
    const { sut, run } = createBook();
    run(limit('o1', 'u1', 'BUY', 100, 5), market('m', 'u2', 'SELL', 2), amend('o1', 'u1', 2));

    expect(run(restrictedCancel('o1', 'u1', 'ONLY_NEW'))).toEqual([restricted(5, 'o1', 'u1')]);
    expect(sut.l3().bids).toEqual([[100, 2, 'o1']]);
    expect(run(restrictedCancel('o1', 'u1', 'ONLY_PARTIALLY_FILLED'))).toEqual([cancelled(6, 'o1', 'u1', 2)]);
  });

  it('takes a taker that traded in part and rests as PARTIALLY_FILLED, one that did not as NEW', () => {
    const { run } = createBook();
    run(limit('a', 'u1', 'SELL', 100, 2), limit('t', 'u2', 'BUY', 100, 5), limit('n', 'u2', 'BUY', 99, 1));

    expect(
      run(restrictedCancel('t', 'u2', 'ONLY_NEW'), restrictedCancel('n', 'u2', 'ONLY_PARTIALLY_FILLED')),
    ).toEqual([restricted(5, 't', 'u2'), restricted(6, 'n', 'u2')]);
    expect(
      run(restrictedCancel('t', 'u2', 'ONLY_PARTIALLY_FILLED'), restrictedCancel('n', 'u2', 'ONLY_NEW')),
    ).toEqual([cancelled(7, 't', 'u2', 3), cancelled(8, 'n', 'u2', 1)]);
  });

  it('takes an untriggered stop as NEW, and a triggered stop-limit that traded in part as PARTIALLY_FILLED', () => {
    const { run } = createBook();
    const stopLimit = (orderId: string): MatchingCommand => ({
      type: 'place',
      orderId,
      userId: 'u1',
      side: 'BUY',
      orderType: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      stopPrice: 110,
      price: 111,
      quantity: 4,
      ts: 1,
    });
    run(stopLimit('s1'), stopLimit('s2'));
    expect(run(restrictedCancel('s1', 'u1', 'ONLY_PARTIALLY_FILLED'))).toEqual([restricted(3, 's1', 'u1')]);
    expect(run(restrictedCancel('s1', 'u1', 'ONLY_NEW'))).toEqual([cancelled(4, 's1', 'u1', 4)]);

    // A trade at 110 triggers s2, which takes 1 of the ask at 111 and rests with 3.
    run(limit('a1', 'u2', 'SELL', 110, 1), limit('a2', 'u3', 'SELL', 111, 1), market('b', 'u4', 'BUY', 1));
    expect(run(restrictedCancel('s2', 'u1', 'ONLY_NEW'))).toEqual([
      expect.objectContaining({ reason: 'CANCEL_RESTRICTED' }),
    ]);
    expect(run(restrictedCancel('s2', 'u1', 'ONLY_PARTIALLY_FILLED'))).toEqual([
      expect.objectContaining({ type: 'cancelled', orderId: 's2', remaining: 3 }),
    ]);
  });

  it('keeps what has traded through a snapshot, and reads a snapshot from before the flag as not traded', () => {
    const { sut, run } = createBook();
    run(limit('o1', 'u1', 'BUY', 100, 5), limit('o2', 'u1', 'BUY', 99, 5), market('m', 'u2', 'SELL', 2));
    const snapshot = sut.snapshot();
    expect(snapshot.orders.map(([id, , , , , , , , , traded]) => [id, traded])).toEqual([
      ['o1', true],
      ['o2', false],
    ]);

    const collector = new EventCollector();
    const restored = OrderBook.fromSnapshot(snapshot, { sink: collector.sink });
    expect(restored.stateHash()).toBe(sut.stateHash());
    restored.apply(restrictedCancel('o1', 'u1', 'ONLY_NEW'));
    restored.apply(restrictedCancel('o2', 'u1', 'ONLY_PARTIALLY_FILLED'));
    expect(collector.take()).toEqual([
      expect.objectContaining({ reason: 'CANCEL_RESTRICTED', orderId: 'o1' }),
      expect.objectContaining({ reason: 'CANCEL_RESTRICTED', orderId: 'o2' }),
    ]);

    const old = OrderBook.fromSnapshot({
      ...snapshot,
      orders: snapshot.orders.map(([id, user, side, type, tif, price, stop, remaining, stp]) => [
        id,
        user,
        side,
        type,
        tif,
        price,
        stop,
        remaining,
        stp,
      ]),
    });
    expect(old.snapshot().orders.map((o) => o[9])).toEqual([false, false]);
  });

  it('refuses a restriction it does not know, before anything else', () => {
    const { sut, run } = createBook();
    run(limit('o1', 'u1', 'BUY', 100, 5));
    const before = sut.stateHash();
    expect(
      run({ type: 'cancel', orderId: 'o1', userId: 'u1', restriction: 'ONLY_OLD', ts: 1 } as never),
    ).toEqual([
      expect.objectContaining({ type: 'rejected', code: RejectionCode.INVALID_FIELD, field: 'restriction' }),
    ]);
    expect(sut.stateHash()).toBe(before);
  });
});
