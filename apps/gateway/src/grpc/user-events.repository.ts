import { Injectable } from '@nestjs/common';
import { type NatsConnection } from 'nats';

import {
  balanceUpdateSchema,
  type BalanceUpdate,
  isReportedExecution,
  type OrderUpdate,
  orderUpdatesOf,
  userBalanceSubject,
  userOrderMessageSchema,
  type UserOrderMessage,
  userOrderSubject,
} from '@exchange/shared-contracts';
import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

export type UserEvent = { kind: 'order'; update: OrderUpdate } | { kind: 'balance'; update: BalanceUpdate };

const decoder = new TextDecoder();

function parse<T>(data: Uint8Array, schema: { safeParse(v: unknown): { success: boolean; data?: T } }) {
  try {
    const parsed = schema.safeParse(JSON.parse(decoder.decode(data)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A user's private facts from the wallet (`user.<id>.order`, `user.<id>.balance`), for one account stream. An order
 * message carries one execution (version 1) or several in order (version 2): the listener hears each on its own.
 */
@Injectable()
export class UserEventsRepository {
  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  /** Listens until the returned function is called; resolves once the NATS server has both subscriptions. */
  async listen(userId: string, listener: (event: UserEvent) => void): Promise<() => void> {
    const orders = this.nc.subscribe(this.names.subject(userOrderSubject(userId)), {
      callback: (error, msg) => {
        const message = error ? undefined : parse<UserOrderMessage>(msg.data, userOrderMessageSchema);
        if (!message) return;
        for (const update of orderUpdatesOf(message)) {
          if (isReportedExecution(update)) listener({ kind: 'order', update });
        }
      },
    });
    const balances = this.nc.subscribe(this.names.subject(userBalanceSubject(userId)), {
      callback: (error, msg) => {
        const update = error ? undefined : parse<BalanceUpdate>(msg.data, balanceUpdateSchema);
        if (update) listener({ kind: 'balance', update });
      },
    });
    const stop = () => {
      orders.unsubscribe();
      balances.unsubscribe();
    };
    try {
      await this.nc.flush();
    } catch (error) {
      stop();
      throw error;
    }
    return stop;
  }
}
