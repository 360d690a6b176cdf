import { OrderBook } from './order-book.engine';
import { type PlaceOrderCommand } from './matching-command.types';
import { createBook, limit, market, trade } from '../test/order-book.harness';

const sellStop = (orderId: string, userId: string, stopPrice: number, price?: number): PlaceOrderCommand =>
  price === undefined
    ? { type: 'place', orderId, userId, side: 'SELL', orderType: 'STOP_LOSS', stopPrice, quantity: 1, ts: 1 }
    : { type: 'place', orderId, userId, side: 'SELL', orderType: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', stopPrice, price, quantity: 1, ts: 1 };

describe(OrderBook.name, () => {
  it('runs triggered stops first in, first out, with those a triggered order triggers queued behind', () => {
    const { run } = createBook();
    run(limit('a0', 'u0', 'SELL', 100, 1), market('m0', 'u0b', 'BUY', 1));
    run(limit('B1', 'u1', 'BUY', 99, 1), limit('B2', 'u1', 'BUY', 98, 1), limit('B3', 'u1', 'BUY', 97, 5));
    run(sellStop('S1', 'u2', 99), sellStop('S2', 'u3', 99, 90), sellStop('S3', 'u4', 98));

    expect(run(market('m', 'u5', 'SELL', 1))).toEqual([
      { type: 'accepted', seq: 10, ts: 1, orderId: 'm', userId: 'u5', side: 'SELL', orderType: 'MARKET', quantity: 1, stp: 'NONE' },
      trade(11, 99, 1, ['B1', 'u1'], ['m', 'u5'], 'SELL', 0, 0),
      { type: 'triggered', seq: 12, ts: 1, orderId: 'S1', userId: 'u2', stopPrice: 99, lastPrice: 99 },
      { type: 'triggered', seq: 13, ts: 1, orderId: 'S2', userId: 'u3', stopPrice: 99, lastPrice: 99 },
      trade(14, 98, 1, ['B2', 'u1'], ['S1', 'u2'], 'SELL', 0, 0),
      { type: 'triggered', seq: 15, ts: 1, orderId: 'S3', userId: 'u4', stopPrice: 98, lastPrice: 98 },
      trade(16, 97, 1, ['B3', 'u1'], ['S2', 'u3'], 'SELL', 4, 0),
      trade(17, 97, 1, ['B3', 'u1'], ['S3', 'u4'], 'SELL', 3, 0),
    ]);
  });

  it('gives a triggered limit that rests its time priority from the trigger, not from its placement', () => {
    const { sut, run } = createBook();
    run(limit('a0', 'u0', 'SELL', 100, 1), market('m0', 'u0b', 'BUY', 1));
    run(limit('A1', 'u1', 'SELL', 105, 1), sellStop('S', 'u2', 99, 105), limit('A2', 'u3', 'SELL', 105, 1), limit('B', 'u4', 'BUY', 99, 1));

    expect(run(market('m', 'u5', 'SELL', 1)).map((e) => e.type)).toEqual(['accepted', 'trade', 'triggered']);
    expect(sut.l3().asks).toEqual([
      [105, 1, 'A1'],
      [105, 1, 'A2'],
      [105, 1, 'S'],
    ]);
  });
});
