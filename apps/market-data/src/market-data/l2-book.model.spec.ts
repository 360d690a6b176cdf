import * as fc from 'fast-check';

import { type MatchingEventMessage } from '@exchange/shared-contracts';
// The engine is the oracle: its own l2() must equal the book market-data rebuilds from its events.
import { EventCollector, type MatchingCommand, OrderBook } from '@exchange/matching-domain';

import {
  applyBookOrderDiff,
  diffBookOrders,
  diffTouchedOrders,
  type StoredBookOrders,
} from './book-order-diff';
import { L2Book } from './l2-book.model';

const orderId = fc.integer({ min: 0, max: 60 }).map((n) => `o${n}`);
const userId = fc.constantFrom('u0', 'u1', 'u2', 'u3');
const side = fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL');
const price = fc.integer({ min: 95, max: 105 });
const quantity = fc.integer({ min: 1, max: 6 });
const stp = fc.constantFrom('NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH');
const tif = fc.constantFrom('GTC', 'GTC', 'GTC', 'IOC', 'FOK');
const kinds = [
  'LIMIT',
  'LIMIT',
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'MARKET_QUOTE',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
] as const;

const place = fc
  .record({
    orderId,
    userId,
    side,
    price,
    stopPrice: price,
    quantity,
    stp,
    tif,
    kind: fc.constantFrom(...kinds),
  })
  .map((r): Record<string, unknown> => {
    const base = { type: 'place', orderId: r.orderId, userId: r.userId, side: r.side, stp: r.stp };
    switch (r.kind) {
      case 'LIMIT':
        return { ...base, orderType: 'LIMIT', timeInForce: r.tif, price: r.price, quantity: r.quantity };
      case 'LIMIT_MAKER':
        return { ...base, orderType: 'LIMIT_MAKER', price: r.price, quantity: r.quantity };
      case 'MARKET':
        return { ...base, orderType: 'MARKET', quantity: r.quantity };
      case 'MARKET_QUOTE':
        return { ...base, orderType: 'MARKET', quoteQuantity: r.quantity * 150 };
      case 'STOP_LOSS':
      case 'TAKE_PROFIT':
        return { ...base, orderType: r.kind, stopPrice: r.stopPrice, quantity: r.quantity };
      default:
        return {
          ...base,
          orderType: r.kind,
          timeInForce: r.tif,
          stopPrice: r.stopPrice,
          price: r.price,
          quantity: r.quantity,
        };
    }
  });

const command = fc.oneof(
  { weight: 40, arbitrary: place },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('cancel'), orderId, userId }) },
  { weight: 10, arbitrary: fc.record({ type: fc.constant('amend'), orderId, userId, quantity }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('cancelAll'), userId }) },
);

const commands = fc
  .array(command, { minLength: 30, maxLength: 200 })
  .map((cs) => cs.map((c, i) => ({ ...c, ts: i + 1 }) as unknown as MatchingCommand));

function engineLevels(engine: OrderBook) {
  const l2 = engine.l2();
  return { bids: l2.bids.map(([p, q]) => [p, q]), asks: l2.asks.map(([p, q]) => [p, q]) };
}

function run(sut: L2Book, events: MatchingEventMessage[]) {
  for (const event of events) sut.apply(event);
}

describe(L2Book.name, () => {
  it('rests a GTC remainder after its trades, and not an IOC remainder', () => {
    const sut = new L2Book();
    const ev = (e: object, seq: number) =>
      ({ seq, ts: 1, userId: 'u', stp: 'NONE', ...e }) as MatchingEventMessage;
    run(sut, [
      ev(
        {
          type: 'accepted',
          orderId: 's1',
          side: 'SELL',
          orderType: 'LIMIT',
          timeInForce: 'GTC',
          price: 101,
          quantity: 3,
        },
        1,
      ),
      ev(
        {
          type: 'accepted',
          orderId: 'b1',
          side: 'BUY',
          orderType: 'LIMIT',
          timeInForce: 'GTC',
          price: 102,
          quantity: 5,
        },
        2,
      ),
    ]);
    expect(sut.levels()).toEqual({ bids: [], asks: [[101, 3]] });
    run(sut, [
      ev(
        {
          type: 'trade',
          price: 101,
          quantity: 3,
          makerOrderId: 's1',
          takerOrderId: 'b1',
          makerUserId: 'u',
          takerUserId: 'v',
          takerSide: 'BUY',
          makerRemaining: 0,
          takerRemaining: 2,
        },
        3,
      ),
    ]);
    // Nothing left to cross at 102 or below: the engine has rested b1's remainder, though it says nothing.
    expect(sut.levels()).toEqual({ bids: [[102, 2]], asks: [] });
    run(sut, [
      ev(
        {
          type: 'accepted',
          orderId: 'b2',
          side: 'BUY',
          orderType: 'LIMIT',
          timeInForce: 'IOC',
          price: 90,
          quantity: 4,
        },
        4,
      ),
      ev({ type: 'expired', orderId: 'b2', reason: 'IOC_REMAINDER', remaining: 4 }, 5),
    ]);
    expect(sut.levels()).toEqual({ bids: [[102, 2]], asks: [] });
    expect(sut.takeChanges()).toEqual({ bids: [[102, 2]], asks: [[101, 0]] });
    expect(sut.takeChanges()).toEqual({ bids: [], asks: [] });
  });

  it('equals the engine l2 after every command of random streams (stops, STP, amends, cancel-all), with no later event needed', () => {
    fc.assert(
      fc.property(commands, (stream) => {
        const collector = new EventCollector();
        const engine = new OrderBook({ sink: collector.sink });
        const sut = new L2Book();
        for (const cmd of stream) {
          engine.apply(cmd);
          run(sut, collector.take() as unknown as MatchingEventMessage[]);
          expect(sut.levels()).toEqual(engineLevels(engine));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports each changed level with its absolute quantity, so that applying the changes rebuilds the book', () => {
    fc.assert(
      fc.property(commands, fc.integer({ min: 1, max: 7 }), (stream, batchSize) => {
        const collector = new EventCollector();
        const engine = new OrderBook({ sink: collector.sink });
        const sut = new L2Book();
        const mirror = { bids: new Map<number, number>(), asks: new Map<number, number>() };
        for (const cmd of stream) engine.apply(cmd);
        const events = collector.take() as unknown as MatchingEventMessage[];
        for (let i = 0; i < events.length; i += batchSize) {
          run(sut, events.slice(i, i + batchSize));
          const changes = sut.takeChanges();
          for (const [side, levels] of [
            [mirror.bids, changes.bids],
            [mirror.asks, changes.asks],
          ] as const) {
            for (const [p, q] of levels) {
              if (q === 0) side.delete(p);
              else side.set(p, q);
            }
          }
          expect({
            bids: [...mirror.bids].sort((a, b) => b[0] - a[0]),
            asks: [...mirror.asks].sort((a, b) => a[0] - b[0]),
          }).toEqual(sut.levels());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('survives snapshot and restore at any point', () => {
    fc.assert(
      fc.property(commands, fc.nat(), (stream, cut) => {
        const collector = new EventCollector();
        const engine = new OrderBook({ sink: collector.sink });
        for (const cmd of stream) engine.apply(cmd);
        const events = collector.take() as unknown as MatchingEventMessage[];
        const at = cut % (events.length + 1);
        const whole = new L2Book();
        run(whole, events);
        const first = new L2Book();
        run(first, events.slice(0, at));
        const sut = L2Book.restore(JSON.parse(JSON.stringify(first.snapshot())));
        run(sut, events.slice(at));
        expect(sut.levels()).toEqual(whole.levels());
        expect(sut.snapshot()).toEqual(whole.snapshot());
      }),
      { numRuns: 200 },
    );
  });

  it('names every order it adds, changes or ends, so that writing only those keeps the stored orders exact', () => {
    fc.assert(
      fc.property(commands, fc.nat(), (stream, cut) => {
        const collector = new EventCollector();
        const engine = new OrderBook({ sink: collector.sink });
        let sut = new L2Book();
        const stored: StoredBookOrders = new Map();
        stream.forEach((cmd, i) => {
          engine.apply(cmd);
          run(sut, collector.take() as unknown as MatchingEventMessage[]);
          // Now and then a commit; once, a restart from what is stored (the touched set starts empty).
          if (i % 3 === 0 || i === stream.length - 1) {
            applyBookOrderDiff(
              stored,
              diffTouchedOrders(stored, sut.takeTouchedOrders(), (id) => sut.order(id)),
            );
            expect(diffBookOrders(stored, sut.snapshot().orders)).toEqual({ upserts: [], removals: [] });
            if (i === cut % stream.length) sut = L2Book.restore(JSON.parse(JSON.stringify(sut.snapshot())));
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
