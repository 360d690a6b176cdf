import { OrderBook } from './order-book.engine';
import { type StpMode } from './matching-command.types';
import { type ExpireReason } from './matching-event.types';
import { createBook, limit, trade } from '../test/order-book.harness';

/** Asks: u1's own order first, then u2's, both at 101; u1 then buys 3 at 101 with `stp`. */
function meetOwnOrder(stp: StpMode) {
  const book = createBook();
  book.run(limit('own', 'u1', 'SELL', 101, 2), limit('other', 'u2', 'SELL', 101, 2));
  const events = book.run(limit('t', 'u1', 'BUY', 101, 3, { stp }));
  return { events: events.slice(1), book: book.sut.l3() };
}

/** u1's expiry of `orderId` at `seq` (command time 1). */
function expired(seq: number, orderId: string, reason: ExpireReason, remaining: number) {
  return { type: 'expired', seq, ts: 1, orderId, userId: 'u1', reason, remaining };
}

describe(OrderBook.name, () => {
  it('NONE: the taker trades with its own user\'s resting order', () => {
    expect(meetOwnOrder('NONE')).toEqual({
      events: [trade(4, 101, 2, ['own', 'u1'], ['t', 'u1'], 'BUY', 0, 1), trade(5, 101, 1, ['other', 'u2'], ['t', 'u1'], 'BUY', 1, 0)],
      book: { bids: [], asks: [[101, 1, 'other']] },
    });
  });

  it('EXPIRE_TAKER: the taker\'s remainder expires and the resting order stays', () => {
    expect(meetOwnOrder('EXPIRE_TAKER')).toEqual({
      events: [{ ...expired(4, 't', 'STP_TAKER', 3), counterOrderId: 'own', price: 101 }],
      book: { bids: [], asks: [[101, 2, 'own'], [101, 2, 'other']] },
    });
  });

  it('EXPIRE_MAKER: the resting order expires and matching goes on', () => {
    expect(meetOwnOrder('EXPIRE_MAKER')).toEqual({
      events: [
        { ...expired(4, 'own', 'STP_MAKER', 2), counterOrderId: 't', price: 101 },
        trade(5, 101, 2, ['other', 'u2'], ['t', 'u1'], 'BUY', 0, 1),
      ],
      book: { bids: [[101, 1, 't']], asks: [] },
    });
  });

  it('EXPIRE_BOTH: the resting order and the taker expire', () => {
    expect(meetOwnOrder('EXPIRE_BOTH')).toEqual({
      events: [
        { ...expired(4, 'own', 'STP_MAKER', 2), counterOrderId: 't', price: 101 },
        { ...expired(5, 't', 'STP_TAKER', 3), counterOrderId: 'own', price: 101 },
      ],
      book: { bids: [], asks: [[101, 2, 'other']] },
    });
  });

  it('EXPIRE_TAKER after a partial fill: what was traded stays traded, the rest expires', () => {
    const { run } = createBook();
    run(limit('other', 'u2', 'SELL', 101, 1), limit('own', 'u1', 'SELL', 101, 2));
    expect(run(limit('t', 'u1', 'BUY', 101, 3, { stp: 'EXPIRE_TAKER' })).slice(1)).toEqual([
      trade(4, 101, 1, ['other', 'u2'], ['t', 'u1'], 'BUY', 0, 2),
      { ...expired(5, 't', 'STP_TAKER', 2), counterOrderId: 'own', price: 101 },
    ]);
  });

  it('FOK counts what STP lets it take: own orders are skipped under EXPIRE_MAKER', () => {
    const { sut, run } = createBook();
    run(limit('own', 'u1', 'SELL', 101, 2), limit('other', 'u2', 'SELL', 101, 2));
    expect(run(limit('f1', 'u1', 'BUY', 101, 3, { timeInForce: 'FOK', stp: 'EXPIRE_MAKER' })).slice(1)).toEqual([
      expired(4, 'f1', 'FOK_NOT_FILLABLE', 3),
    ]);
    expect(sut.l3().asks).toEqual([[101, 2, 'own'], [101, 2, 'other']]);
    expect(run(limit('f2', 'u1', 'BUY', 101, 2, { timeInForce: 'FOK', stp: 'EXPIRE_MAKER' })).slice(1)).toEqual([
      { ...expired(6, 'own', 'STP_MAKER', 2), counterOrderId: 'f2', price: 101 },
      trade(7, 101, 2, ['other', 'u2'], ['f2', 'u1'], 'BUY', 0, 0),
    ]);
  });

  it('EXPIRE_MAKER names each prevented match: every own resting order met, at its own price', () => {
    const { run } = createBook();
    run(limit('own1', 'u1', 'SELL', 101, 1), limit('own2', 'u1', 'SELL', 102, 2), limit('other', 'u2', 'SELL', 102, 1));
    expect(run(limit('t', 'u1', 'BUY', 102, 3, { timeInForce: 'IOC', stp: 'EXPIRE_MAKER' })).slice(1)).toEqual([
      { ...expired(5, 'own1', 'STP_MAKER', 1), counterOrderId: 't', price: 101 },
      { ...expired(6, 'own2', 'STP_MAKER', 2), counterOrderId: 't', price: 102 },
      trade(7, 102, 1, ['other', 'u2'], ['t', 'u1'], 'BUY', 0, 2),
      // An expiry for another reason names no counter order (nor a price), even right after a prevented match.
      expired(8, 't', 'IOC_REMAINDER', 2),
    ]);
  });
});
