import { OrderBook } from './order-book.engine';
import { type PlaceOrderCommand } from './matching-command.types';
import { createBook, limit, market, trade } from '../test/order-book.harness';

const stopLoss = (orderId: string, userId: string, stopPrice: number, quantity: number): PlaceOrderCommand => ({
  type: 'place',
  orderId,
  userId,
  side: 'SELL',
  orderType: 'STOP_LOSS',
  stopPrice,
  quantity,
  ts: 1,
});

describe(OrderBook.name, () => {
  it('holds a sell stop-loss off the book and triggers it when a trade prints at or below the stop', () => {
    const { sut, run } = createBook();
    run(limit('b1', 'u1', 'BUY', 96, 3), limit('b2', 'u1', 'BUY', 94, 5), limit('a1', 'u2', 'SELL', 100, 1));

    // No trade yet: no condition holds, whatever the stop.
    expect(run(stopLoss('s1', 'u3', 95, 4))).toEqual([
      { type: 'accepted', seq: 4, ts: 1, orderId: 's1', userId: 'u3', side: 'SELL', orderType: 'STOP_LOSS', stopPrice: 95, quantity: 4, stp: 'NONE' },
    ]);
    expect(sut.l3().asks).toEqual([[100, 1, 'a1']]);
    expect(sut.stops()).toEqual([{ orderId: 's1', userId: 'u3', side: 'SELL', orderType: 'STOP_LOSS', stopPrice: 95, quantity: 4 }]);

    // Trades at 100 and 96: above the stop, nothing triggers.
    expect(run(market('m1', 'u4', 'BUY', 1), limit('m2', 'u5', 'SELL', 96, 3, { timeInForce: 'IOC' })).map((e) => e.type)).toEqual([
      'accepted',
      'trade',
      'accepted',
      'trade',
    ]);

    // A trade at 94 <= 95 triggers it; it runs as a market sell after the incoming order has finished.
    expect(run(market('m3', 'u5', 'SELL', 1))).toEqual([
      { type: 'accepted', seq: 9, ts: 1, orderId: 'm3', userId: 'u5', side: 'SELL', orderType: 'MARKET', quantity: 1, stp: 'NONE' },
      trade(10, 94, 1, ['b2', 'u1'], ['m3', 'u5'], 'SELL', 4, 0),
      { type: 'triggered', seq: 11, ts: 1, orderId: 's1', userId: 'u3', stopPrice: 95, lastPrice: 94 },
      trade(12, 94, 4, ['b2', 'u1'], ['s1', 'u3'], 'SELL', 0, 0),
    ]);
    expect(sut.stops()).toEqual([]);
    expect(sut.lastPrice).toBe(94);
  });
});
