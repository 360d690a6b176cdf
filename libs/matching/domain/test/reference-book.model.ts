import {
  RejectionCode,
  type CancelReason,
  type ExpireReason,
  type MarketStatus,
  type MatchingCommand,
  type MatchingEvent,
  type PlaceOrderCommand,
  type RejectionReason,
  type Side,
  type StpMode,
} from '../src';

/**
 * A small, obviously correct order book for property tests: plain arrays, sorted again on every
 * look-up, no pools, no indexes. It handles well-formed commands (the engine's field validation has
 * its own unit tests) and must give exactly the engine's events.
 */
interface ModelOrder {
  id: string;
  user: string;
  side: Side;
  type: PlaceOrderCommand['orderType'];
  tif: string;
  price: number;
  stopPrice: number;
  rem: number;
  stp: StpMode;
  arrival: number;
  /** Time priority: set when the order joins the back of its level. */
  time: number;
}

export class ReferenceBook {
  events: MatchingEvent[] = [];
  private seq = 0;
  private ts = 0;
  private status: MarketStatus = 'TRADING';
  private last = 0;
  private clock = 0;
  private resting: ModelOrder[] = [];
  private stops: ModelOrder[] = [];
  private taken = new Set<string>();
  private queue: ModelOrder[] = [];

  apply(cmd: MatchingCommand): MatchingEvent[] {
    this.events = [];
    this.ts = cmd.ts;
    switch (cmd.type) {
      case 'place':
        this.place(cmd);
        break;
      case 'cancel': {
        if (this.status === 'HALTED') {
          this.reject('cancel', cmd.orderId, cmd.userId, 'MARKET_HALTED');
          break;
        }
        const o = this.find('cancel', cmd.orderId, cmd.userId);
        if (o) this.cancelOrder(o, 'USER_CANCEL');
        break;
      }
      case 'amend':
        this.amend(cmd.orderId, cmd.userId, cmd.quantity);
        break;
      case 'cancelAll': {
        if (this.status === 'HALTED') {
          this.reject('cancelAll', undefined, cmd.userId, 'MARKET_HALTED');
          break;
        }
        const mine = [...this.resting, ...this.stops].filter((o) => o.user === cmd.userId).sort((a, b) => a.arrival - b.arrival);
        for (const o of mine) this.cancelOrder(o, 'CANCEL_ALL');
        break;
      }
      case 'status':
        this.emit({ type: 'status', seq: 0, ts: 0, status: cmd.status, previousStatus: this.status });
        this.status = cmd.status;
        break;
    }
    return this.events;
  }

  /** `[price, remaining, orderId]` per side, best first, time priority within a level. */
  l3(): { bids: [number, number, string][]; asks: [number, number, string][] } {
    const view = (side: Side) => this.sorted(side).map((o): [number, number, string] => [o.price, o.rem, o.id]);
    return { bids: view('BUY'), asks: view('SELL') };
  }

  private place(cmd: PlaceOrderCommand): void {
    if (this.status !== 'TRADING') {
      this.reject('place', cmd.orderId, cmd.userId, this.status === 'HALTED' ? 'MARKET_HALTED' : 'MARKET_CANCEL_ONLY');
      return;
    }
    if (this.taken.has(cmd.orderId)) {
      this.reject('place', cmd.orderId, cmd.userId, 'DUPLICATE_ORDER_ID', 'orderId');
      return;
    }
    const opposite = this.sorted(cmd.side === 'BUY' ? 'SELL' : 'BUY')[0];
    if (cmd.orderType === 'LIMIT_MAKER' && opposite && (cmd.side === 'BUY' ? opposite.price <= cmd.price! : opposite.price >= cmd.price!)) {
      this.reject('place', cmd.orderId, cmd.userId, 'LIMIT_MAKER_WOULD_TAKE');
      return;
    }
    const isStop = cmd.orderType.startsWith('STOP') || cmd.orderType.startsWith('TAKE');
    const order: ModelOrder = {
      id: cmd.orderId,
      user: cmd.userId,
      side: cmd.side,
      type: cmd.orderType,
      tif: cmd.timeInForce ?? 'GTC',
      price: cmd.price ?? 0,
      stopPrice: cmd.stopPrice ?? 0,
      rem: cmd.quantity ?? cmd.quoteQuantity!,
      stp: cmd.stp ?? 'NONE',
      arrival: this.clock++,
      time: 0,
    };
    if (isStop && this.last !== 0 && this.holds(order, this.last)) {
      this.reject('place', cmd.orderId, cmd.userId, 'STOP_WOULD_TRIGGER_IMMEDIATELY', 'stopPrice');
      return;
    }
    const accepted: Record<string, unknown> = { type: 'accepted', seq: 0, ts: 0, orderId: cmd.orderId, userId: cmd.userId, side: cmd.side, orderType: cmd.orderType };
    for (const k of ['timeInForce', 'price', 'stopPrice', 'quantity', 'quoteQuantity'] as const) if (cmd[k] !== undefined) accepted[k] = cmd[k];
    accepted.stp = order.stp;
    this.emit(accepted as unknown as MatchingEvent);
    this.taken.add(cmd.orderId);
    if (isStop) {
      this.stops.push(order);
      return;
    }
    this.execute(order, cmd.orderType === 'MARKET', cmd.quoteQuantity !== undefined);
    while (this.queue.length > 0) {
      const o = this.queue.shift()!;
      this.execute(o, o.type === 'STOP_LOSS' || o.type === 'TAKE_PROFIT', false);
    }
  }

  private holds(o: ModelOrder, last: number): boolean {
    const stopLoss = o.type.startsWith('STOP');
    const whenBelow = stopLoss ? o.side === 'SELL' : o.side === 'BUY';
    return whenBelow ? last <= o.stopPrice : last >= o.stopPrice;
  }

  private execute(o: ModelOrder, isMarket: boolean, byQuote: boolean): void {
    const crosses = (p: number) => isMarket || (o.side === 'BUY' ? p <= o.price : p >= o.price);
    const makersSide: Side = o.side === 'BUY' ? 'SELL' : 'BUY';
    if (o.tif === 'FOK' && !isMarket) {
      let available = 0;
      for (const m of this.sorted(makersSide)) {
        if (!crosses(m.price)) break;
        if (m.user === o.user && o.stp !== 'NONE') {
          if (o.stp === 'EXPIRE_MAKER') continue;
          break;
        }
        available += m.rem;
      }
      if (available < o.rem) {
        this.expire(o, 'FOK_NOT_FILLABLE', o.rem);
        return;
      }
    }
    let stpExpired: ModelOrder | undefined;
    while (o.rem > 0) {
      const m = this.sorted(makersSide)[0];
      if (!m || !crosses(m.price)) break;
      const cap = byQuote ? Math.floor(o.rem / m.price) : o.rem;
      if (cap === 0) break;
      if (m.user === o.user && o.stp !== 'NONE') {
        if (o.stp === 'EXPIRE_TAKER') {
          stpExpired = m;
          break;
        }
        this.resting.splice(this.resting.indexOf(m), 1);
        this.expire(m, 'STP_MAKER', m.rem, o, m.price);
        if (o.stp === 'EXPIRE_BOTH') {
          stpExpired = m;
          break;
        }
        continue;
      }
      const qty = Math.min(cap, m.rem);
      m.rem -= qty;
      o.rem -= byQuote ? qty * m.price : qty;
      this.emit({
        type: 'trade',
        seq: 0,
        ts: 0,
        price: m.price,
        quantity: qty,
        makerOrderId: m.id,
        takerOrderId: o.id,
        makerUserId: m.user,
        takerUserId: o.user,
        takerSide: o.side,
        makerRemaining: m.rem,
        takerRemaining: o.rem,
      });
      if (m.rem === 0) this.resting.splice(this.resting.indexOf(m), 1);
      this.last = m.price;
      const triggered = this.stops.filter((s) => this.holds(s, m.price));
      this.stops = this.stops.filter((s) => !triggered.includes(s));
      for (const s of triggered) {
        this.emit({ type: 'triggered', seq: 0, ts: 0, orderId: s.id, userId: s.user, stopPrice: s.stopPrice, lastPrice: m.price });
        this.queue.push(s);
      }
    }
    if (stpExpired) this.expire(o, 'STP_TAKER', o.rem, stpExpired, stpExpired.price);
    else if (o.rem > 0) {
      if (isMarket) this.expire(o, 'MARKET_REMAINDER', o.rem);
      else if (o.tif === 'IOC') this.expire(o, 'IOC_REMAINDER', o.rem);
      else {
        o.time = this.clock++;
        this.resting.push(o);
      }
    }
  }

  private amend(orderId: string, userId: string, quantity: number): void {
    if (this.status !== 'TRADING') {
      this.reject('amend', orderId, userId, this.status === 'HALTED' ? 'MARKET_HALTED' : 'MARKET_CANCEL_ONLY');
      return;
    }
    const o = this.find('amend', orderId, userId);
    if (!o) return;
    if (!this.resting.includes(o)) {
      this.reject('amend', orderId, userId, 'STOP_NOT_AMENDABLE');
      return;
    }
    if (quantity === o.rem) {
      this.reject('amend', orderId, userId, 'AMEND_QUANTITY_UNCHANGED', 'quantity');
      return;
    }
    const previous = o.rem;
    o.rem = quantity;
    if (quantity > previous) o.time = this.clock++;
    this.emit({ type: 'amended', seq: 0, ts: 0, orderId, userId, quantity, previousQuantity: previous, priority: quantity < previous ? 'KEPT' : 'REQUEUED' });
  }

  private find(command: string, orderId: string, userId: string): ModelOrder | undefined {
    const o = [...this.resting, ...this.stops].find((x) => x.id === orderId);
    if (!o) {
      this.reject(command, orderId, userId, this.taken.has(orderId) ? 'ORDER_NOT_OPEN' : 'UNKNOWN_ORDER', 'orderId');
      return undefined;
    }
    if (o.user !== userId) {
      this.reject(command, orderId, userId, 'NOT_ORDER_OWNER', 'userId');
      return undefined;
    }
    return o;
  }

  private cancelOrder(o: ModelOrder, reason: CancelReason): void {
    this.resting = this.resting.filter((x) => x !== o);
    this.stops = this.stops.filter((x) => x !== o);
    this.emit({ type: 'cancelled', seq: 0, ts: 0, orderId: o.id, userId: o.user, reason, remaining: o.rem });
  }

  private sorted(side: Side): ModelOrder[] {
    return this.resting
      .filter((o) => o.side === side)
      .sort((a, b) => (a.price !== b.price ? (side === 'BUY' ? b.price - a.price : a.price - b.price) : a.time - b.time));
  }

  private expire(o: ModelOrder, reason: ExpireReason, remaining: number, counter?: ModelOrder, price?: number): void {
    const e: MatchingEvent = { type: 'expired', seq: 0, ts: 0, orderId: o.id, userId: o.user, reason, remaining };
    if (counter) Object.assign(e, { counterOrderId: counter.id, price });
    this.emit(e);
  }

  private reject(command: string, orderId: string | undefined, userId: string, reason: RejectionReason, field?: string): void {
    const e: Record<string, unknown> = { type: 'rejected', seq: 0, ts: 0, command };
    if (orderId !== undefined) e.orderId = orderId;
    e.userId = userId;
    e.reason = reason;
    e.code = RejectionCode[reason];
    if (field !== undefined) e.field = field;
    this.emit(e as unknown as MatchingEvent);
  }

  private emit(e: MatchingEvent): void {
    e.seq = ++this.seq;
    e.ts = this.ts;
    this.events.push(e);
  }
}
