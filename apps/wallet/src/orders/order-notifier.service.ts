import { Injectable } from '@nestjs/common';

import { type OrderExecutionUpdate, type WalletExecutionType } from '@exchange/shared-contracts';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type MarketRecord } from '../reference/reference-data.repository';
import { type FillRow } from './fill.repository';
import { OrderEventsRepository } from './order-events.repository';
import { type OrderRow } from './order.repository';
import { toFillView, toOrderView } from './order-view.mapper';

/** One execution of one order: the order right after it and, for a trade, the order's side of it. */
export interface OrderExecution {
  readonly type: WalletExecutionType;
  /** The order's user (`order.userId`, which an implementation may build only when `order` is read). */
  readonly userId: string;
  readonly order: OrderRow;
  readonly fill?: FillRow;
  readonly rejectReason?: string;
  readonly ts: number;
}

/**
 * After a commit, tells each user what happened to their orders (`user.<id>.order`): ONE message per user with that
 * user's executions in execution order (`orderUpdateBatchSchema`, version 2; split only at the payload limit), each
 * execution what a version 1 `OrderUpdate` said alone, so every reader still makes one report of each.
 */
@Injectable()
export class OrderNotifierService {
  constructor(
    private readonly events: OrderEventsRepository,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** Fire and forget: a failure is logged and never fails the work that caused it. */
  notify(executions: readonly OrderExecution[], markets: ReadonlyMap<string, MarketRecord>): void {
    const byUser = new Map<string, OrderExecution[]>();
    for (const execution of executions) {
      const mine = byUser.get(execution.userId);
      if (mine) mine.push(execution);
      else byUser.set(execution.userId, [execution]);
    }
    for (const [userId, mine] of byUser) {
      try {
        this.events.publishBatch(userId, this.updates(mine, markets));
      } catch (error) {
        this.logger.warn({ err: error, userId, executions: mine.length }, 'order updates not published');
      }
    }
  }

  /**
   * Each execution as clients see it, mapped only when the publisher takes it: a settlement's views are not all held
   * at once (they would outlive V8's young generation and cost more in garbage collection than the messages save).
   */
  private *updates(
    executions: readonly OrderExecution[],
    markets: ReadonlyMap<string, MarketRecord>,
  ): Generator<OrderExecutionUpdate> {
    for (const execution of executions) {
      const { order } = execution;
      let update: OrderExecutionUpdate;
      try {
        const record = markets.get(order.market)!;
        update = {
          executionType: execution.type,
          order: toOrderView(order, record),
          fill: execution.fill ? toFillView(execution.fill, record) : null,
          ...(execution.rejectReason === undefined ? {} : { rejectReason: execution.rejectReason }),
          ts: execution.ts,
        };
      } catch (error) {
        this.logger.warn({ err: error, orderId: order.orderId }, 'order update not published');
        continue;
      }
      yield update;
    }
  }
}
