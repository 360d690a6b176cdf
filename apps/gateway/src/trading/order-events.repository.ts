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

/**
 * The executions of one user's orders seen by one request, from the moment it started watching (before it submits,
 * so that the engine's first answer cannot be missed), kept per order number until the request ends.
 */
export class OrderWatch {
  private readonly updates = new Map<string, OrderUpdate[]>();
  /** Orders whose last execution seen came in the last message of its settlement (see `seen`). */
  private readonly complete = new Set<string>();
  private waiting: { orderNo: string; wake: () => void } | undefined;

  constructor(private readonly feed: UserOrderFeed) {}

  /**
   * Called by the feed for each execution of the user's orders; `settled` when its message was the last its
   * settlement sent the user (a version 2 message without `continued`).
   */
  add(update: OrderUpdate, settled = false): void {
    const { orderNo } = update.order;
    const list = this.updates.get(orderNo);
    if (list) list.push(update);
    else this.updates.set(orderNo, [update]);
    if (settled) this.complete.add(orderNo);
    else this.complete.delete(orderNo);
    if (this.waiting?.orderNo === orderNo) this.waiting.wake();
  }

  /** The first event of the order that `wanted` accepts, or undefined when none came by `deadlineMs`. */
  async until(
    orderNo: string,
    deadlineMs: number,
    wanted: (update: OrderUpdate) => boolean = () => true,
  ): Promise<OrderUpdate | undefined> {
    for (;;) {
      const found = this.updates.get(orderNo)?.find(wanted);
      if (found) return found;
      const left = deadlineMs - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = {
          orderNo,
          wake: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
      this.waiting = undefined;
    }
  }

  /**
   * Every execution of the order seen so far, in the order the wallet settled them, once the last of them came in the
   * last message of its settlement: then nothing that settlement did to the order is still on its way. Undefined
   * before that (or when the wallet sent version 1 messages, one per execution).
   */
  seen(orderNo: string): readonly OrderUpdate[] | undefined {
    return this.complete.has(orderNo) ? this.updates.get(orderNo) : undefined;
  }

  close(): void {
    this.feed.detach(this);
  }
}

/**
 * One user's `user.<id>.order` subscription (published by the wallet after each commit), shared by every request of
 * that user that waits on its orders: each message is parsed once, whatever the number of requests in flight (a bot
 * with 64 orders in flight used to get every message 64 times and parse it 64 times), and a user placing orders one
 * after another subscribes once rather than once per order (a subscribe, a flush round trip and an unsubscribe).
 * The subscription lingers for a while after its last request so that the next one finds it ready. A message carries
 * one execution (version 1) or several in order (version 2); each reaches the watches as its own update.
 */
class UserOrderFeed {
  private readonly watches = new Set<OrderWatch>();
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
    const watch = new OrderWatch(this);
    this.watches.add(watch);
    return watch;
  }

  detach(watch: OrderWatch): void {
    if (!this.watches.delete(watch) || this.watches.size > 0) return;
    this.idle = setTimeout(() => this.close(), this.lingerMs);
    this.idle.unref();
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
      parsed = userOrderMessageSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const settled = parsed.data.v === 2 && !parsed.data.continued;
    for (const update of orderUpdatesOf(parsed.data))
      for (const watch of this.watches) watch.add(update, settled);
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

  /** Users with a live subscription (requests waiting, or lingering after the last one). */
  get subscribedUsers(): number {
    return this.feeds.size;
  }

  onModuleDestroy(): void {
    for (const feed of [...this.feeds.values()]) feed.close();
  }
}
