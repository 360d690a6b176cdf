import * as fc from 'fast-check';
import { OrderBook } from './order-book.engine';
import { EventCollector, type MatchingEvent } from './matching-event.types';
import { type OrderBookSnapshot } from './order-book-snapshot.types';
import { commandStream } from '../test/command.arbitrary';
import { ReferenceBook } from '../test/reference-book.model';

/** Bounded so that the lib's whole test run stays well under a minute on 2 cores. */
const NUM_RUNS = 400;

function engine() {
  const collector = new EventCollector();
  const sut = new OrderBook({ sink: collector.sink, capacity: 16, idCapacity: 4 });
  return { sut, collector };
}

describe(OrderBook.name, () => {
  it('gives exactly the reference model\'s events and book after every command', () => {
    fc.assert(
      fc.property(commandStream(120), (commands) => {
        const { sut, collector } = engine();
        const model = new ReferenceBook();
        for (const c of commands) {
          sut.apply(c);
          expect(collector.take()).toEqual(model.apply(c));
          expect(sut.l3()).toEqual(model.l3());
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is never crossed after a command, and keeps FIFO within every level', () => {
    fc.assert(
      fc.property(commandStream(150), (commands) => {
        const { sut, collector } = engine();
        /** Seq at which each order last joined the back of its level. */
        const enteredAt = new Map<string, number>();
        for (const c of commands) {
          sut.apply(c);
          for (const e of collector.take()) {
            if (e.type === 'accepted' || e.type === 'triggered') enteredAt.set(e.orderId, e.seq);
            if (e.type === 'amended' && e.priority === 'REQUEUED') enteredAt.set(e.orderId, e.seq);
          }
          const { bid, ask } = sut.top();
          if (bid !== 0 && ask !== 0) expect(bid).toBeLessThan(ask);
          const { bids, asks } = sut.l3();
          for (const side of [bids, asks]) {
            for (let i = 1; i < side.length; i++) {
              if (side[i][0] === side[i - 1][0]) expect(enteredAt.get(side[i][2])!).toBeGreaterThan(enteredAt.get(side[i - 1][2])!);
            }
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('conserves quantity: placed (with amends) = filled + cancelled or expired + open', () => {
    fc.assert(
      fc.property(commandStream(150), (commands) => {
        const { sut, collector } = engine();
        for (const c of commands) sut.apply(c);
        const events = collector.take();
        /** Per order: signed balance, in the order's own unit (lots, or quote for market-by-quote). */
        const balance = new Map<string, number>();
        const quoteOrders = new Set<string>();
        const add = (id: string, n: number) => balance.set(id, (balance.get(id) ?? 0) + n);
        for (const e of events as MatchingEvent[]) {
          if (e.type === 'accepted') {
            if (e.quoteQuantity !== undefined) quoteOrders.add(e.orderId);
            add(e.orderId, e.quantity ?? e.quoteQuantity!);
          } else if (e.type === 'trade') {
            add(e.makerOrderId, -e.quantity);
            add(e.takerOrderId, quoteOrders.has(e.takerOrderId) ? -e.quantity * e.price : -e.quantity);
          } else if (e.type === 'cancelled' || e.type === 'expired') {
            add(e.orderId, -e.remaining);
          } else if (e.type === 'amended') {
            add(e.orderId, e.quantity - e.previousQuantity);
          }
        }
        const open = new Map<string, number>();
        const { bids, asks } = sut.l3();
        for (const [, qty, id] of [...bids, ...asks]) open.set(id, qty);
        for (const s of sut.stops()) open.set(s.orderId, s.quantity);
        for (const [id, left] of balance) expect([id, left]).toEqual([id, open.get(id) ?? 0]);
        for (const [id] of open) expect(balance.has(id)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('restores a snapshot taken at any point into a book that gives the same later events and hash', () => {
    fc.assert(
      fc.property(commandStream(100), fc.nat(), (commands, at) => {
        const cut = at % (commands.length + 1);
        const { sut, collector } = engine();
        for (const c of commands.slice(0, cut)) sut.apply(c);
        collector.take();
        const snapshot = JSON.parse(JSON.stringify(sut.snapshot())) as OrderBookSnapshot;
        const other = new EventCollector();
        const restored = OrderBook.fromSnapshot(snapshot, { sink: other.sink, capacity: 16, idCapacity: 4 });
        expect(restored.stateHash()).toBe(sut.stateHash());
        for (const c of commands.slice(cut)) {
          sut.apply(c);
          restored.apply(c);
        }
        expect(other.take()).toEqual(collector.take());
        expect(restored.stateHash()).toBe(sut.stateHash());
        expect(restored.snapshot()).toEqual(sut.snapshot());
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
