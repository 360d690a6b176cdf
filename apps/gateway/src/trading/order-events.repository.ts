import { Injectable } from '@nestjs/common';
import { type NatsConnection, type Subscription } from 'nats';

import {
  type OrderUpdate,
  orderUpdatesOf,
  userOrderMessageSchema,
  userOrderSubject,
} from '@exchange/shared-contracts';
import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

/**
 * A user's order executions (`user.<id>.order`, published by the wallet after each commit) for one request that
 * waits on its own order: listening starts before the order is submitted, so the first answer cannot be missed.
 * A message carries one execution (version 1) or several in order (version 2); each is kept as its own update.
 */
export class OrderWatch {
  private readonly updates: OrderUpdate[] = [];
  private readonly subscription: Subscription;
  private wake: (() => void) | undefined;

  constructor(nc: NatsConnection, subject: string) {
    this.subscription = nc.subscribe(subject, { callback: (error, msg) => error || this.receive(msg.data) });
  }

  private receive(data: Uint8Array): void {
    let parsed;
    try {
      parsed = userOrderMessageSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    } catch {
      return;
    }
    if (!parsed.success) return;
    for (const update of orderUpdatesOf(parsed.data)) this.updates.push(update);
    this.wake?.();
  }

  /** The first event of the order that `wanted` accepts, or undefined when none came by `deadlineMs`. */
  async until(
    orderNo: string,
    deadlineMs: number,
    wanted: (update: OrderUpdate) => boolean = () => true,
  ): Promise<OrderUpdate | undefined> {
    for (;;) {
      const found = this.updates.find((u) => u.order.orderNo === orderNo && wanted(u));
      if (found) return found;
      const left = deadlineMs - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

@Injectable()
export class OrderEventsRepository {
  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  /** Subscribes to the user's order events and waits until the server has the subscription. */
  async watch(userId: string): Promise<OrderWatch> {
    const watch = new OrderWatch(this.nc, this.names.subject(userOrderSubject(userId)));
    await this.nc.flush();
    return watch;
  }
}
