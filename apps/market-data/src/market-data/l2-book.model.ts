import { type MatchingEventMessage } from '@exchange/shared-contracts';

type Side = 'BUY' | 'SELL';

/** What the model knows of an order the engine accepted and has not ended. */
interface TrackedOrder {
  side: Side;
  /** Price in ticks (0 for market orders). */
  price: number;
  /** Lots left (for a market order by quote amount, whatever the engine reports). */
  remaining: number;
  /** Rests on the book when its taking ends with lots left: a GTC limit, a stop-limit GTC, a LIMIT_MAKER. */
  rests: boolean;
  /** `stop` waits for its trigger off the book; `taking` is (or waits to be) the taker; `resting` is on the book. */
  phase: 'stop' | 'taking' | 'resting';
  /** Self-trade prevention `EXPIRE_BOTH`: after expiring a maker, the taker expires too. */
  expiresWithMaker: boolean;
}

/** Levels that changed: `[price ticks, total lots]`, 0 lots = removed, best first. */
export interface L2Changes {
  bids: [number, number][];
  asks: [number, number][];
}

export interface L2BookState {
  orders: [string, Side, number, number, boolean, TrackedOrder['phase'], boolean][];
  current: string | null;
  queue: string[];
}

const RESTING_TYPES = new Set(['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);

/**
 * The L2 book of one market rebuilt from the engine's events (libs/matching/domain/README.md, "Events and their
 * order"). The engine does not say when a taker's remainder rests: nothing is emitted when a GTC rests. So the
 * model follows the taking order: an accepted limit (or a triggered stop when its turn in the trigger queue
 * comes) is the taker until an event shows up that is not part of its taking (a trade of another taker, a
 * new command's event, its own `expired`); then, if it is a resting type with lots left, it rests. Its own
 * trades (`takerOrderId`), makers expired by self-trade prevention and triggers belong to its taking.
 * Triggered stops run in trigger order after the taker, as the engine runs them.
 */
export class L2Book {
  private readonly orders = new Map<string, TrackedOrder>();
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private current: string | null = null;
  private queue: string[] = [];
  private changedBids = new Set<number>();
  private changedAsks = new Set<number>();
  /** Orders added, changed or ended since the last `takeTouchedOrders`. */
  private touched = new Set<string>();

  apply(event: MatchingEventMessage): void {
    this.settleTaker(event);
    const taker = this.current;
    this.applyEvent(event);
    const expiresNext =
      event.type === 'expired' &&
      event.reason === 'STP_MAKER' &&
      taker !== null &&
      this.orders.get(taker)?.expiresWithMaker === true;
    this.restTakerThatCannotTrade(expiresNext ? taker : null);
  }

  private applyEvent(event: MatchingEventMessage): void {
    switch (event.type) {
      case 'accepted': {
        const rests =
          RESTING_TYPES.has(event.orderType) &&
          (event.orderType === 'LIMIT_MAKER' || event.timeInForce === 'GTC');
        const isStop = event.stopPrice !== undefined;
        const order: TrackedOrder = {
          side: event.side,
          price: event.price ?? 0,
          remaining: event.quantity ?? event.quoteQuantity ?? 0,
          rests,
          phase: isStop ? 'stop' : 'taking',
          expiresWithMaker: event.stp === 'EXPIRE_BOTH',
        };
        this.orders.set(event.orderId, order);
        this.touched.add(event.orderId);
        if (isStop) return;
        if (event.orderType === 'LIMIT_MAKER') this.rest(event.orderId, order);
        else this.current = event.orderId;
        return;
      }
      case 'trade': {
        const makerSide: Side = event.takerSide === 'BUY' ? 'SELL' : 'BUY';
        this.addToLevel(makerSide, event.price, -event.quantity);
        this.touched.add(event.makerOrderId).add(event.takerOrderId);
        const maker = this.orders.get(event.makerOrderId);
        if (maker) {
          maker.remaining = event.makerRemaining;
          if (event.makerRemaining === 0) this.orders.delete(event.makerOrderId);
        }
        const taker = this.orders.get(event.takerOrderId);
        if (taker) taker.remaining = event.takerRemaining;
        if (event.takerRemaining === 0) {
          this.orders.delete(event.takerOrderId);
          if (this.current === event.takerOrderId) this.nextTaker();
        }
        return;
      }
      case 'expired':
      case 'cancelled': {
        const order = this.orders.get(event.orderId);
        this.orders.delete(event.orderId);
        this.touched.add(event.orderId);
        if (this.current === event.orderId) this.nextTaker();
        else if (order?.phase === 'resting') this.addToLevel(order.side, order.price, -order.remaining);
        else this.queue = this.queue.filter((id) => id !== event.orderId);
        return;
      }
      case 'amended': {
        const order = this.orders.get(event.orderId);
        if (order?.phase !== 'resting') return;
        this.touched.add(event.orderId);
        this.addToLevel(order.side, order.price, event.quantity - order.remaining);
        order.remaining = event.quantity;
        return;
      }
      case 'triggered': {
        const order = this.orders.get(event.orderId);
        if (!order) return;
        this.touched.add(event.orderId);
        order.phase = 'taking';
        if (this.current === null) this.current = event.orderId;
        else this.queue.push(event.orderId);
        return;
      }
      default:
        return;
    }
  }

  /** Levels changed since the last call, with their quantities now; clears the record. */
  takeChanges(): L2Changes {
    const changes: L2Changes = {
      bids: [...this.changedBids].sort((a, b) => b - a).map((p) => [p, this.bids.get(p) ?? 0]),
      asks: [...this.changedAsks].sort((a, b) => a - b).map((p) => [p, this.asks.get(p) ?? 0]),
    };
    this.changedBids = new Set();
    this.changedAsks = new Set();
    return changes;
  }

  /** The top `depth` levels of each side, best first, `[price ticks, lots]`. */
  levels(depth = Number.MAX_SAFE_INTEGER): L2Changes {
    return {
      bids: [...this.bids.entries()].sort((a, b) => b[0] - a[0]).slice(0, depth),
      asks: [...this.asks.entries()].sort((a, b) => a[0] - b[0]).slice(0, depth),
    };
  }

  /** Best bid and ask `[price, lots]`, or undefined for an empty side. */
  best(): { bid?: [number, number]; ask?: [number, number] } {
    let bid = -Infinity;
    let ask = Infinity;
    for (const price of this.bids.keys()) if (price > bid) bid = price;
    for (const price of this.asks.keys()) if (price < ask) ask = price;
    return {
      bid: bid === -Infinity ? undefined : [bid, this.bids.get(bid)!],
      ask: ask === Infinity ? undefined : [ask, this.asks.get(ask)!],
    };
  }

  /** The state to store; without the tracked orders when `withOrders` is false (they are stored one by one). */
  snapshot(withOrders = true): L2BookState {
    return {
      orders: withOrders ? [...this.orders.keys()].map((id) => this.order(id)!) : [],
      current: this.current,
      queue: [...this.queue],
    };
  }

  /** One tracked order as the state lists it, or undefined when it is not tracked (never was, or ended). */
  order(id: string): L2BookState['orders'][number] | undefined {
    const o = this.orders.get(id);
    return o && [id, o.side, o.price, o.remaining, o.rests, o.phase, o.expiresWithMaker];
  }

  /** The ids of the orders added, changed or ended since the last call (whether or not they changed in the end). */
  takeTouchedOrders(): Set<string> {
    const touched = this.touched;
    this.touched = new Set();
    return touched;
  }

  static restore(state: L2BookState): L2Book {
    const book = new L2Book();
    for (const [id, side, price, remaining, rests, phase, expiresWithMaker] of state.orders) {
      book.orders.set(id, { side, price, remaining, rests, phase, expiresWithMaker });
      if (phase === 'resting') book.addToLevel(side, price, remaining);
    }
    book.current = state.current;
    book.queue = [...state.queue];
    book.takeChanges();
    return book;
  }

  /**
   * The engine matches a taker while the opposite best level crosses its price, so a resting-type taker with
   * lots left and nothing to cross has rested: now, before any later event says so (none may come for a while).
   * Except right after an `EXPIRE_BOTH` taker expired a maker: its own expiry comes next.
   */
  private restTakerThatCannotTrade(expiresNext: string | null): void {
    while (this.current !== null && this.current !== expiresNext) {
      const order = this.orders.get(this.current);
      if (order && (!order.rests || order.remaining === 0 || this.crosses(order))) return;
      if (order) this.rest(this.current, order);
      this.nextTaker();
    }
  }

  /** Without building `best()`'s pairs: this runs for most events. */
  private crosses(order: TrackedOrder): boolean {
    if (order.side === 'BUY') {
      for (const price of this.asks.keys()) if (price <= order.price) return true;
      return false;
    }
    for (const price of this.bids.keys()) if (price >= order.price) return true;
    return false;
  }

  /** Ends the current taker's turn (and queued ones') unless `event` belongs to it. */
  private settleTaker(event: MatchingEventMessage): void {
    while (this.current !== null && !this.belongsToTaker(event, this.current)) {
      const id = this.current;
      const order = this.orders.get(id);
      this.touched.add(id);
      if (order && order.rests && order.remaining > 0) this.rest(id, order);
      else this.orders.delete(id);
      this.nextTaker();
    }
  }

  private belongsToTaker(event: MatchingEventMessage, id: string): boolean {
    switch (event.type) {
      case 'trade':
        return event.takerOrderId === id;
      case 'expired':
        return event.orderId === id || event.reason === 'STP_MAKER';
      case 'triggered':
        return true;
      default:
        return false;
    }
  }

  private nextTaker(): void {
    this.current = this.queue.shift() ?? null;
  }

  private rest(id: string, order: TrackedOrder): void {
    this.touched.add(id);
    order.phase = 'resting';
    this.addToLevel(order.side, order.price, order.remaining);
    if (order.remaining === 0) this.orders.delete(id);
  }

  private addToLevel(side: Side, price: number, lots: number): void {
    if (lots === 0) return;
    const levels = side === 'BUY' ? this.bids : this.asks;
    const next = (levels.get(price) ?? 0) + lots;
    if (next > 0) levels.set(price, next);
    else levels.delete(price);
    (side === 'BUY' ? this.changedBids : this.changedAsks).add(price);
  }
}
