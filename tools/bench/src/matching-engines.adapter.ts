import { OrderBook, StateHasher, type EventView } from '@exchange/matching-domain';
import { OrderBook as NodejsOrderBook } from 'nodejs-order-book';
import { OrderBook as HftOrderBook } from 'hft-limit-order-book';
import { K_CANCEL, K_GTC, K_IOC, K_MARKET, K_REDUCE, type Workload } from './matching-workload.generator';

/**
 * KEEPER_NOTE: every adapter keeps one small book of its engine (two resting orders) alive from
 * `prepare` on. The benchmark drops each run's book and collects garbage before building the next
 * one (for the heap figure); with no instance left, V8 collects the engine's hidden classes (maps
 * are held weakly by their transitions), deoptimises every function compiled against them ("weak
 * objects" / "code dependencies" in --trace-deopt) and each run started cold again: a standalone
 * loop measured 3-4 M/s where the benchmark's runs gave 1.3-2.2 M/s. A service's book lives for the
 * whole process, so the keeper measures the steady state. The peers get one too.
 */

/** One engine under test. Each adapter runs its own loops so that every call site stays monomorphic. */
export interface EngineAdapter {
  readonly name: string;
  /** Translates the workload into the engine's own call arguments (untimed). */
  prepare(workload: Workload): void;
  /** A fresh book holding the workload's resting orders (untimed). */
  reset(): void;
  /** Drops the book (so that heap figures measure one book at a time). */
  release(): void;
  /** Runs every timed command. */
  runAll(): void;
  /** Runs every timed command, writing each one's latency in milliseconds to `out`. */
  runTimed(out: Float64Array): void;
  /** Every level, `[price, total quantity]`, bids best first then asks best first. */
  depth(): { bids: [number, number][]; asks: [number, number][] };
  /** Engine-specific extra (our `stateHash()` and event count), or ''. */
  extra(): string;
}

export function depthHash(depth: { bids: [number, number][]; asks: [number, number][] }): string {
  const h = new StateHasher();
  for (const [p, q] of depth.bids) h.num(p).num(q);
  h.str('|');
  for (const [p, q] of depth.asks) h.num(p).num(q);
  return h.digest();
}

export class ThisEngineAdapter implements EngineAdapter {
  readonly name = 'this engine (@exchange/matching-domain)';
  private workload!: Workload;
  private book!: OrderBook;
  /** See KEEPER_NOTE. */
  private keeper!: OrderBook;
  private events = 0;
  private checksum = 0;
  private readonly sink = (e: EventView) => {
    // Consumes every event without allocating: what a publisher that serialises into a buffer would do.
    this.events++;
    this.checksum = (Math.imul(this.checksum, 31) + e.seq + e.quantity) | 0;
  };

  prepare(workload: Workload): void {
    this.workload = workload;
    this.keeper = new OrderBook({ sink: this.sink, capacity: 16, idCapacity: 16 });
    for (const c of workload.setup.slice(0, 2)) this.keeper.apply(c);
  }

  reset(): void {
    const orders = this.workload.setup.length + this.workload.commands.length;
    // Sized for the run, as a service would size it for its journal: no growth while timed.
    this.book = new OrderBook({
      sink: this.sink,
      capacity: this.workload.setup.length * 2 + 4096,
      idCapacity: orders,
    });
    for (const c of this.workload.setup) this.book.apply(c);
    this.events = 0;
    this.checksum = 0;
  }

  release(): void {
    this.book = undefined as unknown as OrderBook;
  }

  runAll(): void {
    const book = this.book;
    const commands = this.workload.commands;
    for (let i = 0; i < commands.length; i++) book.apply(commands[i]);
  }

  runTimed(out: Float64Array): void {
    const book = this.book;
    const commands = this.workload.commands;
    for (let i = 0; i < commands.length; i++) {
      const t = performance.now();
      book.apply(commands[i]);
      out[i] = performance.now() - t;
    }
  }

  depth() {
    return this.book.l2();
  }

  extra(): string {
    return `stateHash ${this.book.stateHash()}, ${this.events} events`;
  }
}

type PeerBook = NodejsOrderBook | HftOrderBook;
type PeerCtor = new () => PeerBook;

/** nodejs-order-book and hft-limit-order-book share one API (the second is the first's predecessor). */
export class PeerAdapter implements EngineAdapter {
  private workload!: Workload;
  private book!: PeerBook;
  /** See KEEPER_NOTE. */
  private keeper!: PeerBook;
  private kinds!: Uint8Array;
  private args: unknown[] = [];
  private sizes: number[] = [];

  constructor(
    readonly name: string,
    private readonly Ctor: PeerCtor,
  ) {}

  prepare(workload: Workload): void {
    this.workload = workload;
    this.kinds = workload.kinds;
    this.args = workload.commands.map((c) => {
      if (c.type === 'place') {
        const side = c.side === 'BUY' ? 'buy' : 'sell';
        if (c.orderType === 'MARKET') return { side, size: c.quantity };
        return { id: c.orderId, side, size: c.quantity, price: c.price, timeInForce: c.timeInForce };
      }
      return c.type === 'cancel' || c.type === 'amend' ? c.orderId : '';
    });
    this.sizes = workload.commands.map((c) => (c.type === 'amend' ? c.quantity : 0));
    this.keeper = new this.Ctor();
    this.placeSetup(this.keeper, workload.setup.slice(0, 2));
  }

  private placeSetup(target: PeerBook, setup: Workload['setup']): void {
    const book = target as NodejsOrderBook;
    for (const c of setup) {
      book.limit({
        id: c.orderId,
        side: (c.side === 'BUY' ? 'buy' : 'sell') as never,
        size: c.quantity!,
        price: c.price!,
      });
    }
  }

  reset(): void {
    this.book = new this.Ctor();
    this.placeSetup(this.book, this.workload.setup);
  }

  release(): void {
    this.book = undefined as unknown as PeerBook;
  }

  runAll(): void {
    const n = this.kinds.length;
    for (let i = 0; i < n; i++) this.exec(i);
  }

  runTimed(out: Float64Array): void {
    const n = this.kinds.length;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      this.exec(i);
      out[i] = performance.now() - t;
    }
  }

  private exec(i: number): void {
    const book = this.book as NodejsOrderBook;
    switch (this.kinds[i]) {
      case K_GTC:
      case K_IOC:
        book.limit(this.args[i] as never);
        return;
      case K_MARKET:
        book.market(this.args[i] as never);
        return;
      case K_CANCEL:
        book.cancel(this.args[i] as string);
        return;
      case K_REDUCE:
        book.modify(this.args[i] as string, { size: this.sizes[i] });
        return;
    }
  }

  depth() {
    const [asks, bids] = (this.book as NodejsOrderBook).depth();
    return {
      bids: [...bids].sort((a, b) => b[0] - a[0]),
      asks: [...asks].sort((a, b) => a[0] - b[0]),
    };
  }

  extra(): string {
    return '';
  }
}

export function allEngines(): EngineAdapter[] {
  return [
    new ThisEngineAdapter(),
    new PeerAdapter('nodejs-order-book 10.1.1', NodejsOrderBook as unknown as PeerCtor),
    new PeerAdapter('hft-limit-order-book 7.0.2', HftOrderBook as unknown as PeerCtor),
  ];
}
