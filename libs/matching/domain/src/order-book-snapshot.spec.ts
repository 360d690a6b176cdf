import { OrderBook } from './order-book.engine';
import { EventCollector } from './matching-event.types';
import { type MatchingCommand } from './matching-command.types';
import { type OrderBookSnapshot } from './order-book-snapshot.types';
import { amend, cancel, createBook, limit, market } from '../test/order-book.harness';

const before: MatchingCommand[] = [
  limit('b1', 'u1', 'BUY', 99, 5),
  limit('b2', 'u2', 'BUY', 99, 3),
  limit('b3', 'u1', 'BUY', 97, 2),
  limit('a1', 'u3', 'SELL', 101, 4),
  market('m1', 'u4', 'BUY', 1),
  { type: 'place', orderId: 's1', userId: 'u5', side: 'SELL', orderType: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', stopPrice: 98, price: 96, quantity: 6, ts: 1 },
  amend('b1', 'u1', 7),
  cancel('b3', 'u1'),
];
const after: MatchingCommand[] = [
  market('m2', 'u6', 'SELL', 9),
  limit('m1', 'u6', 'SELL', 90, 1),
  limit('a2', 'u3', 'SELL', 96, 2),
  { type: 'cancelAll', userId: 'u5', ts: 2 },
];

describe(OrderBook.name, () => {
  it('snapshots to plain JSON and restores a book that goes on exactly like the original', () => {
    const { sut, run } = createBook();
    run(...before);
    const snapshot = JSON.parse(JSON.stringify(sut.snapshot())) as OrderBookSnapshot;
    expect(snapshot).toEqual({
      format: 'matching-book/1',
      seq: 9,
      status: 'TRADING',
      lastTradePrice: 101,
      orders: [
        ['b1', 'u1', 'BUY', 'LIMIT', 'GTC', 99, 0, 7, 'NONE', false],
        ['b2', 'u2', 'BUY', 'LIMIT', 'GTC', 99, 0, 3, 'NONE', false],
        ['a1', 'u3', 'SELL', 'LIMIT', 'GTC', 101, 0, 3, 'NONE', true],
        ['s1', 'u5', 'SELL', 'STOP_LOSS_LIMIT', 'GTC', 96, 98, 6, 'NONE', false],
      ],
      bids: [[1, 0]],
      asks: [[2]],
      closedOrderIds: ['b3', 'm1'],
    });

    const collector = new EventCollector();
    const restored = OrderBook.fromSnapshot(snapshot, { sink: collector.sink });
    expect(restored.stateHash()).toBe(sut.stateHash());
    expect(restored.l3()).toEqual(sut.l3());
    expect(restored.stops()).toEqual(sut.stops());

    const expected = run(...after);
    for (const command of after) restored.apply(command);
    expect(collector.take()).toEqual(expected);
    expect(restored.stateHash()).toBe(sut.stateHash());
    expect(restored.snapshot()).toEqual(sut.snapshot());
  });
});
