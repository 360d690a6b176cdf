import { OrderBook } from './order-book.engine';
import { createBook, limit, market, trade } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('triggers a buy stop-loss limit when a trade prints at or above the stop, and rests what its limit cannot fill', () => {
    const { sut, run } = createBook();
    run(limit('a1', 'u1', 'SELL', 100, 1), market('m1', 'u2', 'BUY', 1));
    run(limit('a2', 'u1', 'SELL', 105, 1), limit('a3', 'u1', 'SELL', 106, 1), limit('a4', 'u1', 'SELL', 108, 5));

    expect(
      run({ type: 'place', orderId: 'sl', userId: 'u3', side: 'BUY', orderType: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', stopPrice: 105, price: 106, quantity: 3, ts: 1 }),
    ).toEqual([
      { type: 'accepted', seq: 7, ts: 1, orderId: 'sl', userId: 'u3', side: 'BUY', orderType: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', price: 106, stopPrice: 105, quantity: 3, stp: 'NONE' },
    ]);

    expect(run(market('m2', 'u2', 'BUY', 1))).toEqual([
      { type: 'accepted', seq: 8, ts: 1, orderId: 'm2', userId: 'u2', side: 'BUY', orderType: 'MARKET', quantity: 1, stp: 'NONE' },
      trade(9, 105, 1, ['a2', 'u1'], ['m2', 'u2'], 'BUY', 0, 0),
      { type: 'triggered', seq: 10, ts: 1, orderId: 'sl', userId: 'u3', stopPrice: 105, lastPrice: 105 },
      trade(11, 106, 1, ['a3', 'u1'], ['sl', 'u3'], 'BUY', 0, 2),
    ]);
    expect(sut.l3()).toEqual({ bids: [[106, 2, 'sl']], asks: [[108, 5, 'a4']] });
  });
});
