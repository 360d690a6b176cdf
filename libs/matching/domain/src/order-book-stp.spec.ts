import { OrderBook } from './order-book.engine';
import { type StpMode } from './matching-command.types';
import { createBook, limit, trade } from '../test/order-book.harness';

/** Asks: u1's own order first, then u2's, both at 101; u1 then buys 3 at 101 with `stp`. */
function meetOwnOrder(stp: StpMode) {
  const book = createBook();
  book.run(limit('own', 'u1', 'SELL', 101, 2), limit('other', 'u2', 'SELL', 101, 2));
  const events = book.run(limit('t', 'u1', 'BUY', 101, 3, { stp }));
  return { events: events.slice(1), book: book.sut.l3() };
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
      events: [{ type: 'expired', seq: 4, ts: 1, orderId: 't', userId: 'u1', reason: 'STP_TAKER', remaining: 3 }],
      book: { bids: [], asks: [[101, 2, 'own'], [101, 2, 'other']] },
    });
  });

  it('EXPIRE_MAKER: the resting order expires and matching goes on', () => {
    expect(meetOwnOrder('EXPIRE_MAKER')).toEqual({
      events: [
        { type: 'expired', seq: 4, ts: 1, orderId: 'own', userId: 'u1', reason: 'STP_MAKER', remaining: 2 },
        trade(5, 101, 2, ['other', 'u2'], ['t', 'u1'], 'BUY', 0, 1),
      ],
      book: { bids: [[101, 1, 't']], asks: [] },
    });
  });

  it('EXPIRE_BOTH: the resting order and the taker expire', () => {
    expect(meetOwnOrder('EXPIRE_BOTH')).toEqual({
      events: [
        { type: 'expired', seq: 4, ts: 1, orderId: 'own', userId: 'u1', reason: 'STP_MAKER', remaining: 2 },
        { type: 'expired', seq: 5, ts: 1, orderId: 't', userId: 'u1', reason: 'STP_TAKER', remaining: 3 },
      ],
      book: { bids: [], asks: [[101, 2, 'other']] },
    });
  });

  it('EXPIRE_TAKER after a partial fill: what was traded stays traded, the rest expires', () => {
    const { run } = createBook();
    run(limit('other', 'u2', 'SELL', 101, 1), limit('own', 'u1', 'SELL', 101, 2));
    expect(run(limit('t', 'u1', 'BUY', 101, 3, { stp: 'EXPIRE_TAKER' })).slice(1)).toEqual([
      trade(4, 101, 1, ['other', 'u2'], ['t', 'u1'], 'BUY', 0, 2),
      { type: 'expired', seq: 5, ts: 1, orderId: 't', userId: 'u1', reason: 'STP_TAKER', remaining: 2 },
    ]);
  });

  it('FOK counts what STP lets it take: own orders are skipped under EXPIRE_MAKER', () => {
    const { sut, run } = createBook();
    run(limit('own', 'u1', 'SELL', 101, 2), limit('other', 'u2', 'SELL', 101, 2));
    expect(run(limit('f1', 'u1', 'BUY', 101, 3, { timeInForce: 'FOK', stp: 'EXPIRE_MAKER' })).slice(1)).toEqual([
      { type: 'expired', seq: 4, ts: 1, orderId: 'f1', userId: 'u1', reason: 'FOK_NOT_FILLABLE', remaining: 3 },
    ]);
    expect(sut.l3().asks).toEqual([[101, 2, 'own'], [101, 2, 'other']]);
    expect(run(limit('f2', 'u1', 'BUY', 101, 2, { timeInForce: 'FOK', stp: 'EXPIRE_MAKER' })).slice(1)).toEqual([
      { type: 'expired', seq: 6, ts: 1, orderId: 'own', userId: 'u1', reason: 'STP_MAKER', remaining: 2 },
      trade(7, 101, 2, ['other', 'u2'], ['f2', 'u1'], 'BUY', 0, 0),
    ]);
  });
});
