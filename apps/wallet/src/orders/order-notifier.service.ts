import { Injectable } from '@nestjs/common';

import { type OrderUpdate, type WalletExecutionType } from '@exchange/shared-contracts';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type MarketRecord } from '../reference/reference-data.repository';
import { type FillRow } from './fill.repository';
import { OrderEventsRepository } from './order-events.repository';
import { type OrderRow } from './order.repository';
import { toFillView, toOrderView } from './order-view.mapper';

/** One execution of one order: the order right after it and, for a trade, the order's side of it. */
export interface OrderExecution {
  type: WalletExecutionType;
  order: OrderRow;
  fill?: FillRow;
  rejectReason?: string;
  ts: number;
}

/** After a commit, tells each user what happened to their orders (`user.<id>.order`), in execution order. */
@Injectable()
export class OrderNotifierService {
  constructor(
    private readonly events: OrderEventsRepository,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** Fire and forget: a failure is logged and never fails the work that caused it. */
  notify(executions: readonly OrderExecution[], markets: ReadonlyMap<string, MarketRecord>): void {
    for (const execution of executions) {
      const { order } = execution;
      try {
        const record = markets.get(order.market)!;
        const update: OrderUpdate = {
          v: 1,
          userId: order.userId,
          executionType: execution.type,
          order: toOrderView(order, record),
          fill: execution.fill ? toFillView(execution.fill, record) : null,
          ...(execution.rejectReason === undefined ? {} : { rejectReason: execution.rejectReason }),
          ts: execution.ts,
        };
        this.events.publish(update);
      } catch (error) {
        this.logger.warn({ err: error, orderId: order.orderId }, 'order update not published');
      }
    }
  }
}
