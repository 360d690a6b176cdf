import {
  type MatchingEventBatch,
  matchingEventBatchSchema,
  type MatchingEventMessage,
} from '@exchange/shared-contracts';
// The real engine produces the events the tests publish, so that they are exactly what matching stores.
import { EventCollector, type MatchingCommand, OrderBook } from '@exchange/matching-domain';
import { seededRandom } from '@exchange/shared-util-random';

/** Drives the engine with a random but reproducible order flow around `mid` and cuts its events into batches. */
export class EngineFeed {
  readonly engine: OrderBook;
  private readonly collector = new EventCollector();
  private readonly rnd: () => number;
  private next = 0;
  private readonly live: { id: string; user: string }[] = [];
  readonly events: MatchingEventMessage[] = [];

  constructor(
    readonly market: string,
    seed: number,
    private readonly mid: number,
  ) {
    this.engine = new OrderBook({ sink: this.collector.sink });
    this.rnd = seededRandom(seed);
  }

  /** Runs `count` commands stamped `ts(i)`; returns their events cut into batches of 1..maxBatch events. */
  run(count: number, ts: (i: number) => number, maxBatch = 6): MatchingEventBatch[] {
    const produced: MatchingEventMessage[] = [];
    for (let i = 0; i < count; i++) {
      this.engine.apply(this.command(ts(i)));
      produced.push(...(this.collector.take() as unknown as MatchingEventMessage[]));
    }
    this.events.push(...produced);
    const batches: MatchingEventBatch[] = [];
    for (let at = 0; at < produced.length;) {
      const size = 1 + Math.floor(this.rnd() * maxBatch);
      const events = produced.slice(at, at + size);
      at += events.length;
      batches.push(
        matchingEventBatchSchema.parse({
          v: 1,
          market: this.market,
          firstSeq: events[0]!.seq,
          lastSeq: events[events.length - 1]!.seq,
          commandSeq: 0,
          events,
        }),
      );
    }
    return batches;
  }

  private command(ts: number): MatchingCommand {
    const r = this.rnd();
    const user = `u${1 + Math.floor(this.rnd() * 4)}`;
    if (r < 0.12 && this.live.length > 0) {
      const [o] = this.live.splice(Math.floor(this.rnd() * this.live.length), 1);
      return { type: 'cancel', orderId: o!.id, userId: o!.user, ts } as MatchingCommand;
    }
    if (r < 0.2 && this.live.length > 0) {
      const o = this.live[Math.floor(this.rnd() * this.live.length)]!;
      return {
        type: 'amend',
        orderId: o.id,
        userId: o.user,
        quantity: 1 + Math.floor(this.rnd() * 40),
        ts,
      } as MatchingCommand;
    }
    const id = `o${++this.next}`;
    const side = this.rnd() < 0.5 ? 'BUY' : 'SELL';
    if (r < 0.27)
      return {
        type: 'place',
        orderId: id,
        userId: user,
        side,
        orderType: 'MARKET',
        quantity: 1 + Math.floor(this.rnd() * 60),
        ts,
      } as MatchingCommand;
    const offset = Math.floor(this.rnd() * 16) - (side === 'BUY' ? 10 : 5);
    const price = this.mid + (side === 'BUY' ? offset : -offset);
    const tif = this.rnd() < 0.15 ? 'IOC' : 'GTC';
    this.live.push({ id, user });
    return {
      type: 'place',
      orderId: id,
      userId: user,
      side,
      orderType: 'LIMIT',
      timeInForce: tif,
      price,
      quantity: 1 + Math.floor(this.rnd() * 50),
      ts,
    } as MatchingCommand;
  }
}

/** BTC-USDT (tick 0.01, step 0.0001, USDT 6 decimals) written out by hand, without the money library. */
export const btcUsdt = {
  price: (ticks: number) => `${Math.floor(ticks / 100)}.${String(ticks % 100).padStart(2, '0')}000000`,
  qty: (lots: number | bigint) =>
    `${BigInt(lots) / 10_000n}.${String(BigInt(lots) % 10_000n).padStart(4, '0')}0000`,
  /** One tick-lot is 0.01 × 0.0001 = 0.000001 USDT: the quote amount in minor units is ticks × lots. */
  quote: (units: bigint) => `${units / 1_000_000n}.${String(units % 1_000_000n).padStart(6, '0')}00`,
};
