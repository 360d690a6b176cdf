import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { type NatsConnection, type Subscription } from 'nats';

import {
  type OrderUpdate,
  orderUpdatesOf,
  userOrderMessageSchema,
  userOrderSubject,
} from '@exchange/shared-contracts';
import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

/** How long a user's subscription outlives the last request waiting on it (injectable for tests). */
export const ORDER_FEED_LINGER_MS = Symbol('ORDER_FEED_LINGER_MS');
const DEFAULT_LINGER_MS = 10_000;
const UTF8 = new TextDecoder();

/** The executions of one of the user's orders that the feed keeps, each with its place in the feed. */
interface OrderTrail {
  /** The feed's sequence number of each execution, ascending. */
  seqs: number[];
  updates: OrderUpdate[];
  /** Whether the last execution came in the last message of its settlement (see `OrderWatch.seen`). */
  settled: boolean;
}

/**
 * What one request sees of the user's executions: those the feed received from the moment the request started
 * watching (before it submits, so that the engine's first answer cannot be missed) until it closed.
 */
export class OrderWatch {
  /** The feed's sequence number after the watch closed: executions from then on are not its own. */
  private end = Infinity;

  constructor(
    private readonly feed: UserOrderFeed,
    /** The feed's sequence number when the watch started. */
    readonly start: number,
  ) {}

  /** The first event of the order that `wanted` accepts, or undefined when none came by `deadlineMs`. */
  async until(
    orderNo: string,
    deadlineMs: number,
    wanted: (update: OrderUpdate) => boolean = () => true,
  ): Promise<OrderUpdate | undefined> {
    for (;;) {
      const trail = this.feed.trail(orderNo);
      if (trail) {
        for (let i = this.firstIndex(trail); i < trail.seqs.length && trail.seqs[i] < this.end; i++) {
          if (wanted(trail.updates[i])) return trail.updates[i];
        }
      }
      const left = deadlineMs - Date.now();
      if (left <= 0 || this.end !== Infinity) return undefined;
      await this.feed.next(orderNo, left);
    }
  }

  /**
   * Every execution of the order seen so far, in the order the wallet settled them, once the last of them came in the
   * last message of its settlement: then nothing that settlement did to the order is still on its way. Undefined
   * before that (or when the wallet sent version 1 messages, one per execution).
   */
  seen(orderNo: string): readonly OrderUpdate[] | undefined {
    const trail = this.feed.trail(orderNo);
    if (!trail?.settled || trail.seqs[trail.seqs.length - 1] >= this.end) return undefined;
    const from = this.firstIndex(trail);
    return from < trail.seqs.length ? trail.updates.slice(from) : undefined;
  }

  close(): void {
    if (this.end !== Infinity) return;
    this.end = this.feed.seq;
    this.feed.detach(this);
  }

  /** The index of the trail's first execution that came after the watch started. */
  private firstIndex(trail: OrderTrail): number {
    let i = 0;
    while (i < trail.seqs.length && trail.seqs[i] < this.start) i++;
    return i;
  }
}

/** Least number of orders the feed keeps before it drops those no open watch can see. */
const PRUNE_FLOOR = 256;

/**
 * One user's `user.<id>.order` subscription (published by the wallet after each commit), shared by every request of
 * that user that waits on its orders. Each message is parsed once and each execution stored once, under its order
 * number, whatever the number of requests in flight: a request finds its order's executions by number and is woken
 * only by executions of the order it waits on (a bot with 64 RESULT orders in flight used to have every execution
 * copied into 64 requests' own lists and all 64 woken to look). Executions are numbered in arrival order, so each
 * request sees those from its start only. A user placing orders one after another subscribes once rather than once
 * per order (a subscribe, a flush round trip and an unsubscribe): the subscription lingers for a while after its last
 * request. A message carries one execution (version 1) or several in order (version 2); each is its own update.
 */
class UserOrderFeed {
  /** Open watches, oldest first (a `Set` keeps insertion order, and watches start in sequence order). */
  private readonly watches = new Set<OrderWatch>();
  private readonly trails = new Map<string, OrderTrail>();
  /** Per order number, the requests waiting for its next execution. */
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Executions received so far: the sequence number of the next one. */
  seq = 0;
  private pruneAt = PRUNE_FLOOR;
  private readonly subscription: Subscription;
  /** Resolves once the server has the subscription. */
  readonly ready: Promise<void>;
  private idle: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    nc: NatsConnection,
    subject: string,
    private readonly lingerMs: number,
    private readonly onClosed: (feed: UserOrderFeed) => void,
  ) {
    this.subscription = nc.subscribe(subject, { callback: (error, msg) => error || this.receive(msg.data) });
    this.ready = nc.flush();
  }

  watch(): OrderWatch {
    clearTimeout(this.idle);
    this.idle = undefined;
    const watch = new OrderWatch(this, this.seq);
    this.watches.add(watch);
    return watch;
  }

  detach(watch: OrderWatch): void {
    if (!this.watches.delete(watch) || this.watches.size > 0) return;
    // Nobody can see what came so far: a later watch starts after it.
    this.trails.clear();
    this.pruneAt = PRUNE_FLOOR;
    this.idle = setTimeout(() => this.close(), this.lingerMs);
    this.idle.unref();
  }

  /** Executions kept. */
  get kept(): number {
    let kept = 0;
    for (const trail of this.trails.values()) kept += trail.seqs.length;
    return kept;
  }

  trail(orderNo: string): OrderTrail | undefined {
    return this.trails.get(orderNo);
  }

  /** Resolves at the order's next execution, or after `timeoutMs`. */
  next(orderNo: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let waiting = this.waiters.get(orderNo);
      if (!waiting) this.waiters.set(orderNo, (waiting = new Set()));
      const set = waiting;
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(orderNo) === set) this.waiters.delete(orderNo);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      set.add(wake);
    });
  }

  close(): void {
    clearTimeout(this.idle);
    if (this.closed) return;
    this.closed = true;
    this.subscription.unsubscribe();
    this.onClosed(this);
  }

  private receive(data: Uint8Array): void {
    if (this.watches.size === 0) return;
    let parsed;
    try {
      parsed = userOrderMessageSchema.safeParse(JSON.parse(UTF8.decode(data)));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const settled = parsed.data.v === 2 && !parsed.data.continued;
    for (const update of orderUpdatesOf(parsed.data)) this.add(update, settled);
  }

  private add(update: OrderUpdate, settled: boolean): void {
    const { orderNo } = update.order;
    const trail = this.trails.get(orderNo);
    if (trail) {
      trail.seqs.push(this.seq);
      trail.updates.push(update);
      trail.settled = settled;
    } else {
      this.trails.set(orderNo, { seqs: [this.seq], updates: [update], settled });
      if (this.trails.size > this.pruneAt) this.prune();
    }
    this.seq++;
    const waiting = this.waiters.get(orderNo);
    if (waiting) for (const wake of [...waiting]) wake();
  }

  /** Drops the orders whose executions all came before the oldest open watch started. */
  private prune(): void {
    const oldest = this.watches.values().next().value?.start ?? this.seq;
    for (const [orderNo, trail] of this.trails) {
      if (trail.seqs[trail.seqs.length - 1] < oldest) this.trails.delete(orderNo);
    }
    this.pruneAt = Math.max(PRUNE_FLOOR, 2 * this.trails.size);
  }
}

@Injectable()
export class OrderEventsRepository implements OnModuleDestroy {
  private readonly feeds = new Map<string, UserOrderFeed>();
  private readonly lingerMs: number;

  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    @Optional() @Inject(ORDER_FEED_LINGER_MS) lingerMs?: number,
  ) {
    this.lingerMs = lingerMs ?? DEFAULT_LINGER_MS;
  }

  /** Starts watching the user's order events; resolves once the server has the user's subscription. */
  async watch(userId: string): Promise<OrderWatch> {
    let feed = this.feeds.get(userId);
    if (!feed) {
      const created = new UserOrderFeed(
        this.nc,
        this.names.subject(userOrderSubject(userId)),
        this.lingerMs,
        (closed) => this.feeds.get(userId) === closed && this.feeds.delete(userId),
      );
      this.feeds.set(userId, created);
      feed = created;
    }
    const watch = feed.watch();
    try {
      await feed.ready;
    } catch (error) {
      // The server never confirmed the subscription: the next request starts a new one.
      feed.close();
      throw error;
    }
    return watch;
  }

  /** Executions kept for the requests waiting (each once, whatever the number of requests of its user). */
  get keptExecutions(): number {
    let kept = 0;
    for (const feed of this.feeds.values()) kept += feed.kept;
    return kept;
  }

  /** Users with a live subscription (requests waiting, or lingering after the last one). */
  get subscribedUsers(): number {
    return this.feeds.size;
  }

  onModuleDestroy(): void {
    for (const feed of [...this.feeds.values()]) feed.close();
  }
}
