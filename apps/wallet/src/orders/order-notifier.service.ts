import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';

import {
  type OrderExecutionUpdate,
  type WalletExecutionType,
  type WalletPreventionView,
} from '@exchange/shared-contracts';
import { fillQuoteUnits, formatDecimal, lotsToQuantity, ticksToPrice } from '@exchange/shared-domain-money';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type MarketRecord } from '../reference/reference-data.repository';
import { type FillRow } from './fill.repository';
import { OrderEventsRepository } from './order-events.repository';
import { type OrderRow } from './order.repository';
import { toFillView, toOrderView } from './order-view.mapper';
import { type PreventedMatchRow } from './prevented-match.repository';

/** One execution of one order: the order right after it and, for a trade, the order's side of it. */
export interface OrderExecution {
  readonly type: WalletExecutionType;
  /** The order's user (`order.userId`, which an implementation may build only when `order` is read). */
  readonly userId: string;
  readonly order: OrderRow;
  readonly fill?: FillRow;
  readonly rejectReason?: string;
  /**
   * TRADE_PREVENTION: the match it stopped (its id is final once the settlement has committed), the other order of the
   * match and the lots the match would have traded (a market buy sized by quote: what its unspent quote buys there).
   */
  readonly prevention?: {
    readonly match: PreventedMatchRow;
    readonly counterOrderNo: string;
    readonly lots: number;
  };
  readonly ts: number;
}

/**
 * Executions published in one turn of the event loop. A settlement of a large backlog gives hundreds of thousands;
 * serialising them all at once after its commit held the wallet's thread while PostgreSQL had nothing to do, where
 * in slices they go out while the next settlement's statements run. A slice is about a millisecond of the thread
 * (4–5 µs an execution), or one user's executions when they are more: the next settlement takes a step between two
 * slices, and with longer ones (2,000) it took one step in ten milliseconds and kept PostgreSQL waiting for its rows
 * (docs/benchmarks.md).
 */
export const EXECUTIONS_PER_TURN = 250;

/** One user's executions of one settlement, to be published together. */
interface UserExecutions {
  userId: string;
  executions: OrderExecution[];
  markets: ReadonlyMap<string, MarketRecord>;
}

/**
 * After a commit, tells each user what happened to their orders (`user.<id>.order`): ONE message per user with that
 * user's executions in execution order (`orderUpdateBatchSchema`, version 2; split only at the payload limit), each
 * execution what a version 1 `OrderUpdate` said alone, so every reader still makes one report of each.
 *
 * Settlements are published in the order they were handed over, up to `EXECUTIONS_PER_TURN` executions at once: a
 * settlement within that is published before `notify` returns; the rest of a larger one, and whatever is handed over
 * while some is waiting, goes in later turns of the event loop. Before shutdown everything waiting is published.
 */
@Injectable()
export class OrderNotifierService implements BeforeApplicationShutdown {
  /** Waiting to be published, oldest first, from `head` on. */
  private queue: (UserExecutions | undefined)[] = [];
  private head = 0;
  private waiting = 0;
  private scheduled = false;
  /** After shutdown began: every `notify` publishes all at once (nothing may wait for a turn that never comes). */
  private closing = false;
  private readonly queued: Gauge;

  constructor(
    private readonly events: OrderEventsRepository,
    @InjectLogger() private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.queued = new Gauge({
      name: 'wallet_order_updates_queued',
      help: 'Order executions committed and not yet published on user.<id>.order (waiting for a turn of the event loop)',
      registers: [registry],
      collect: () => this.queued.set(this.waiting),
    });
  }

  /** Fire and forget: a failure is logged and never fails the work that caused it. */
  notify(executions: readonly OrderExecution[], markets: ReadonlyMap<string, MarketRecord>): void {
    const byUser = new Map<string, OrderExecution[]>();
    for (const execution of executions) {
      const mine = byUser.get(execution.userId);
      if (mine) mine.push(execution);
      else byUser.set(execution.userId, [execution]);
    }
    for (const [userId, mine] of byUser) this.queue.push({ userId, executions: mine, markets });
    this.waiting += executions.length;
    // (A turn already scheduled publishes these in their order; once closing, no turn may be waited for.)
    if (!this.scheduled || this.closing) this.publishSome();
  }

  /** Executions handed over and not yet published. */
  get pending(): number {
    return this.waiting;
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    this.publishSome();
  }

  /** Publishes the oldest waiting users' executions, a turn's worth (all when closing), and schedules the rest. */
  private publishSome(): void {
    let budget = this.closing ? Infinity : EXECUTIONS_PER_TURN;
    while (this.head < this.queue.length && budget > 0) {
      const { userId, executions, markets } = this.queue[this.head]!;
      this.queue[this.head++] = undefined;
      budget -= executions.length;
      this.waiting -= executions.length;
      try {
        this.events.publishBatch(userId, this.updates(executions, markets));
      } catch (error) {
        this.logger.warn(
          { err: error, userId, executions: executions.length },
          'order updates not published',
        );
      }
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.publishSome();
    });
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
          order: toOrderView(order, record, execution.prevention?.match.preventedMatchId),
          fill: execution.fill ? toFillView(execution.fill, record) : null,
          rejectReason: execution.rejectReason,
          ...(execution.prevention && { prevention: toPreventionView(execution.prevention, record) }),
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

/** A TRADE_PREVENTION execution's match as clients see it: price in the tick's decimals, what would have traded. */
function toPreventionView(
  prevention: NonNullable<OrderExecution['prevention']>,
  record: MarketRecord,
): WalletPreventionView {
  const { scale } = record.market;
  const { match, counterOrderNo, lots } = prevention;
  return {
    preventedMatchId: match.preventedMatchId,
    counterOrderNo,
    price: ticksToPrice(scale, match.priceTicks),
    quantity: lotsToQuantity(scale, lots),
    quoteQuantity: formatDecimal(fillQuoteUnits(scale, match.priceTicks, lots), record.quote.decimals),
  };
}
