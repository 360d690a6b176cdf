import { randomBytes, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  type CancelOpenOrdersRequest,
  type CancelRestriction,
  type CancelOrderReply,
  type CancelOrderRequest,
  cmdSubject,
  MAX_COMMANDS_PER_BATCH,
  type MatchingCommandMessage,
  type OrdersReply,
  type SubmitOrderReply,
  type SubmitOrderRequest,
  WALLET_RPC_ERRORS,
} from '@exchange/shared-contracts';
import { formatDecimal } from '@exchange/shared-domain-money';
import { traceparentOf } from '@exchange/shared-data-access-nats';
import {
  buildOrderHold,
  holdAsset,
  type JournalTransaction,
  openOrder,
  remainingNeed,
  WalletErrorCode,
} from '@exchange/wallet-domain';

import { retryingTransientFailures, UnitOfWork } from '../common/unit-of-work.repository';
import { WalletError } from '../errors/wallet.error';
import { inBatchesByMarket } from '../outbox/command-batches';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { type OutboxMessage, OutboxRepository } from '../outbox/outbox.repository';
import { ClockRepository } from '../common/clock.repository';
import { planOrder } from './order-request.mapper';
import { type MarketRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import {
  type IntakeRow,
  type NewOrderRow,
  OPEN_STATUSES,
  type OrderRow,
  OrderRepository,
} from './order.repository';
import { toOpenOrder } from './order-row.mapper';
import { toOrderView } from './order-view.mapper';
import { PreventedMatchRepository } from './prevented-match.repository';
import { BalanceNotifierService } from '../funds/balance-notifier.service';
import { GROUP_MAX, type GroupOutcome, GroupCommitQueue, GROUPS_IN_FLIGHT } from './group-commit.queue';

/** A checked submission, ready to be stored. */
interface IntakeItem {
  record: MarketRecord;
  row: NewOrderRow;
  /** The journal transaction moving what the order may spend from available to held. */
  hold: JournalTransaction;
  asset: string;
  amount: bigint;
  command: MatchingCommandMessage;
  traceparent?: string;
}

function intakeKey(o: { userId: string; clientOrderId: string } | IntakeItem): string {
  const { userId, clientOrderId } = 'row' in o ? o.row : o;
  return `${userId} ${clientOrderId}`;
}

/** A cancel request waiting for its group, with the trace context of the request (the group runs outside it). */
interface CancelItem {
  request: CancelOrderRequest;
  traceparent?: string;
}

/** Cancels naming one order the same way run one after the other, never in one group. */
function cancelKey({ request: r }: CancelItem): string {
  return `${r.userId} ${r.orderNo ?? ''} ${r.orderId ?? ''} ${r.clientOrderId ?? ''}`;
}

function decimalsOf(record: MarketRecord, asset: string): number {
  return asset === record.base.code ? record.base.decimals : record.quote.decimals;
}

/** The reply to a submission stored by this group. */
function newOrderReply(item: IntakeItem, stored: { orderNo: string; createdAtMs: number }): SubmitOrderReply {
  const { row, record, asset, amount } = item;
  // Field by field: V8 copies `{ ...row, orderNo, ... }` (a spread followed by more fields) on a slow path that
  // took 3-11 us per reply, the largest part of building it.
  const order: OrderRow = {
    orderId: row.orderId,
    orderNo: stored.orderNo,
    userId: row.userId,
    clientOrderId: row.clientOrderId,
    market: row.market,
    side: row.side,
    orderType: row.orderType,
    timeInForce: row.timeInForce,
    limitTicks: row.limitTicks,
    stopTicks: row.stopTicks,
    triggeredAtMs: null,
    stpMode: row.stpMode,
    lots: row.lots,
    quoteUnits: row.quoteUnits,
    headroomPpm: row.headroomPpm,
    filledLots: row.filledLots,
    spentQuoteUnits: row.spentQuoteUnits,
    status: row.status,
    fingerprint: row.fingerprint,
    createdAtMs: stored.createdAtMs,
    updatedAtMs: stored.createdAtMs,
  };
  return {
    orderId: row.orderId,
    orderNo: stored.orderNo,
    order: toOrderView(order, record),
    clientOrderId: row.clientOrderId,
    symbol: row.market,
    status: 'PENDING',
    hold: { asset, amount: formatDecimal(amount, decimalsOf(record, asset)), units: amount.toString() },
    duplicate: false,
  };
}

/** The answer to a (user, clientOrderId) already stored: the first order again, or a conflict. */
function duplicateOutcome(
  item: IntakeItem,
  existing: OrderRow,
  preventedMatchId: number | undefined,
): GroupOutcome<SubmitOrderReply> {
  const { record, row } = item;
  if (existing.fingerprint !== row.fingerprint) {
    return {
      ok: false,
      error: new WalletError(
        WalletErrorCode.IDEMPOTENCY_CONFLICT,
        `clientOrderId ${row.clientOrderId} was already used for another order`,
      ),
    };
  }
  // Same fingerprint, so the same market and order: the first reply's hold, from what is stored.
  const first = toOpenOrder({ ...existing, filledLots: 0, spentQuoteUnits: 0n }, record.market);
  const asset = holdAsset(first);
  const original = remainingNeed(first);
  return {
    ok: true,
    value: {
      orderId: existing.orderId,
      orderNo: existing.orderNo,
      order: toOrderView(existing, record, preventedMatchId),
      clientOrderId: existing.clientOrderId,
      symbol: existing.market,
      status: existing.status,
      hold: {
        asset,
        amount: formatDecimal(original, decimalsOf(record, asset)),
        units: original.toString(),
      },
      duplicate: true,
    },
  };
}

/** What makes two submissions with one clientOrderId "the same order". */
function fingerprintOf(r: SubmitOrderRequest): string {
  const fields: unknown[] = [r.symbol, r.side, r.type, r.timeInForce, r.price, r.quantity, r.quoteOrderQty];
  // A stop price and a self-trade prevention mode only when given (and not the default), so the fingerprints of
  // orders stored before they existed stay the same.
  if (r.stopPrice !== undefined) fields.push(r.stopPrice);
  const stp = r.selfTradePreventionMode ?? 'NONE';
  if (stp !== 'NONE') fields.push({ stp });
  return JSON.stringify(fields);
}

/**
 * Order intake: the market's filters, then in one transaction idempotency on (user, clientOrderId), a hold of
 * what the order can spend (account rows locked), the order row and an outbox row with the engine command.
 * The outbox relay publishes it after commit. Submissions arriving together share that transaction (group
 * commit, `GroupCommitQueue`), each with its own outcome: see `store`.
 */
@Injectable()
export class OrderIntakeService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly orders: OrderRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelayService,
    private readonly clock: ClockRepository,
    private readonly notifier: BalanceNotifierService,
    private readonly prevented: PreventedMatchRepository,
  ) {}

  private readonly group = new GroupCommitQueue<IntakeItem, SubmitOrderReply>({
    maxGroup: GROUP_MAX,
    maxInFlight: GROUPS_IN_FLIGHT,
    keyOf: intakeKey,
    run: (items) => this.runGroup(items),
  });

  private readonly cancels = new GroupCommitQueue<CancelItem, CancelOrderReply>({
    maxGroup: GROUP_MAX,
    maxInFlight: GROUPS_IN_FLIGHT,
    keyOf: cancelKey,
    run: (items) => this.runCancels(items),
  });

  /** Submissions waiting for the next group (checked, not yet stored), and groups being stored. */
  get depth(): { waiting: number; inFlight: number } {
    return this.group.depth;
  }

  /**
   * Checks the request against the market (bad input is refused here, before any database work), then hands the
   * order to the group commit: it is stored together with the other submissions that arrived meanwhile, in one
   * transaction, with its own outcome.
   */
  async submit(request: SubmitOrderRequest): Promise<SubmitOrderReply> {
    const record = await this.reference.market(request.symbol);
    if (!record) throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_MARKET, `unknown market ${request.symbol}`);
    if (record.status !== 'TRADING') {
      throw new WalletError(WALLET_RPC_ERRORS.MARKET_NOT_TRADING, `${request.symbol} is ${record.status}`);
    }
    const plan = planOrder(request, record);
    const stpMode = request.selfTradePreventionMode ?? 'NONE';
    const orderId = randomUUID();
    const order = openOrder({ orderId, userId: request.userId, market: record.market, spec: plan.spec });
    if (!order.ok) throw WalletError.from(order);
    const hold = buildOrderHold(order.value);
    if (!hold.ok) throw WalletError.from(hold);
    const row: NewOrderRow = {
      orderId,
      userId: request.userId,
      clientOrderId: request.clientOrderId,
      market: request.symbol,
      side: request.side,
      orderType: request.type,
      timeInForce: plan.engine.timeInForce ?? null,
      limitTicks: plan.spec.type === 'LIMIT' ? plan.spec.limitTicks : null,
      stopTicks: plan.engine.stopPrice ?? null,
      stpMode,
      lots: 'lots' in plan.spec ? plan.spec.lots : null,
      quoteUnits: 'quoteUnits' in plan.spec ? plan.spec.quoteUnits : null,
      headroomPpm: order.value.headroomPpm,
      filledLots: 0,
      spentQuoteUnits: 0n,
      status: 'PENDING',
      fingerprint: fingerprintOf(request),
    };
    const command: MatchingCommandMessage = {
      v: 1,
      market: request.symbol,
      commandId: orderId,
      command: {
        type: 'place',
        orderId,
        userId: request.userId,
        ...plan.engine,
        // NONE is the engine's default: left out, the command is as it was before modes existed.
        ...(stpMode !== 'NONE' && { stp: stpMode }),
        ts: this.clock.now(),
      },
    };
    return this.group.submit({
      record,
      row,
      hold: hold.value,
      asset: holdAsset(order.value),
      amount: remainingNeed(order.value),
      command,
      // Taken here, inside the request's context: the group's transaction runs outside it.
      traceparent: traceparentOf(),
    });
  }

  /**
   * Stores a group with one statement (`OrderRepository.intake`: the stored (user, clientOrderId) pairs, then every
   * account the other holds touch locked in account-id order, each new order decided in arrival order against the
   * locked balances, what fits written, the rest refused with INSUFFICIENT_FUNDS leaving no trace), retried when
   * PostgreSQL reports a deadlock or a pair stored meanwhile by another process; then answers each submission,
   * wakes the relay and notifies the users whose funds were held.
   */
  private async runGroup(group: readonly IntakeItem[]): Promise<GroupOutcome<SubmitOrderReply>[]> {
    const rows: IntakeRow[] = group.map((item) => ({
      order: item.row,
      hold: item.hold,
      outbox: { subject: cmdSubject(item.row.market), payload: item.command, traceparent: item.traceparent },
    }));
    const stored = await retryingTransientFailures(() => this.orders.intake(this.uow.manager, rows));
    const repeated = group.filter((_, i) => stored[i]?.outcome === 'EXISTING');
    const existing = await this.orders.byClientOrderIds(
      this.uow.manager,
      repeated.map((item) => item.row),
    );
    // A repeated order that self-trade prevention expired names its match, as the order queries do.
    const prevented = await this.prevented.expiredIn(
      this.uow.manager,
      [...existing.values()].filter((row) => row.status === 'EXPIRED_IN_MATCH'),
    );
    const outcomes = group.map((item, i): GroupOutcome<SubmitOrderReply> => {
      const result = stored[i];
      if (result?.outcome === 'NEW') return { ok: true, value: newOrderReply(item, result) };
      if (result?.outcome === 'INSUFFICIENT') {
        return {
          ok: false,
          error: new WalletError(
            WalletErrorCode.INSUFFICIENT_FUNDS,
            `insufficient funds: ${item.asset} available is below ${item.amount} (the order's hold)`,
          ),
        };
      }
      const row = existing.get(intakeKey(item));
      return row
        ? duplicateOutcome(item, row, prevented.get(row.orderNo))
        : { ok: false, error: new Error(`intake: no outcome for order ${item.row.orderId}`) };
    });
    const held = group.filter((_, i) => stored[i]?.outcome === 'NEW');
    if (held.length > 0) {
      this.relay.wake();
      this.notifier.notifyLatest(held.map((item) => item.row.userId));
    }
    return outcomes;
  }

  /**
   * Queues a cancel for the engine; the hold is released when the engine reports the order ended. Cancels arriving
   * together are taken as one group (`GroupCommitQueue`, as submissions are) with two statements for the whole group,
   * each on its own (no transaction): the orders the requests name are read, then the cancel commands inserted
   * (`runCancels`). Nothing is locked either way, so an order may end between the two as it could before; the engine
   * answers a cancel of an order it no longer has, and a second cancel of one order is the same outbox message
   * (`cancel:<orderId>`), left alone.
   */
  cancel(request: CancelOrderRequest): Promise<CancelOrderReply> {
    return this.cancels.submit({ request, traceparent: traceparentOf() });
  }

  /** One group of cancels: each request's own outcome (not found, not open, halted market, or queued). */
  private async runCancels(group: readonly CancelItem[]): Promise<GroupOutcome<CancelOrderReply>[]> {
    const markets = await this.reference.markets();
    const db = this.uow.manager;
    const orders = await this.orders.referencedAll(
      db,
      group.map((item) => item.request),
    );
    const queued = new Map<string, Omit<OutboxMessage, 'id'>>();
    const outcomes = group.map((item, i): GroupOutcome<CancelOrderReply> => {
      const order = orders[i];
      try {
        if (!order) throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_FOUND, 'no such order');
        if (!OPEN_STATUSES.includes(order.status)) {
          throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_OPEN, `order is ${order.status}`);
        }
        const record = markets.get(order.market)!;
        checkCancellable(record);
        const { restriction } = item.request;
        // Fills are final: an order the wallet has seen trade has traded in the engine too. The other way round the
        // engine may be ahead of the wallet, so only it can refuse ONLY_PARTIALLY_FILLED (CANCEL_REJECTED).
        if (restriction === 'ONLY_NEW' && order.filledLots > 0) {
          throw new WalletError(WALLET_RPC_ERRORS.CANCEL_RESTRICTED, `order is ${order.status}`);
        }
        const message = { ...this.cancelMessage(order, restriction), traceparent: item.traceparent };
        if (!queued.has(message.messageId)) queued.set(message.messageId, message);
        return {
          ok: true,
          value: {
            orderId: order.orderId,
            orderNo: order.orderNo,
            clientOrderId: order.clientOrderId,
            symbol: order.market,
            status: 'CANCEL_REQUESTED',
            order: toOrderView(order, record),
          },
        };
      } catch (error) {
        return { ok: false, error };
      }
    });
    if (queued.size > 0) {
      await this.outbox.addAll(db, inBatchesByMarket('cancels', [...queued.values()]));
      this.relay.wake();
    }
    return outcomes;
  }

  /**
   * Queues a cancel of each of the user's open orders in the market, in one transaction. Replies with those
   * orders as they were (still working: the engine confirms each cancel later); none open gives an empty list.
   */
  async cancelOpen(request: CancelOpenOrdersRequest): Promise<OrdersReply> {
    const record = await this.reference.market(request.symbol);
    if (!record) throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_MARKET, `unknown market ${request.symbol}`);
    checkCancellable(record);
    const open = await this.uow.run(async (tx) => {
      const orders = await this.orders.openOf(tx, request.userId, request.symbol, true);
      // One statement for all the cancels, published as one command batch per MAX_COMMANDS_PER_BATCH (in order
      // number order, as the engine applies them); the batch id is new each time, so that JetStream's duplicate
      // window never drops a later cancel-all that repeats some of the same orders.
      for (let i = 0; i < orders.length; i += MAX_COMMANDS_PER_BATCH) {
        const part = orders.slice(i, i + MAX_COMMANDS_PER_BATCH);
        await this.outbox.addAll(
          tx,
          part.map((order) => this.cancelMessage(order)),
          part.length > 1 ? `cancels:${randomUUID()}` : undefined,
        );
      }
      return orders;
    });
    if (open.length > 0) this.relay.wake();
    return { orders: open.map((order) => toOrderView(order, record)) };
  }

  /**
   * The outbox message of the order's cancel command. A plain cancel's id is the order's (a second one is the same
   * message); a restricted one's is its own, since the engine may refuse it and a later one must still reach it.
   */
  private cancelMessage(order: OrderRow, restriction?: CancelRestriction): Omit<OutboxMessage, 'id'> {
    const commandId = restriction
      ? `cancel:${order.orderId}:${randomBytes(6).toString('base64url')}`
      : `cancel:${order.orderId}`;
    const command: MatchingCommandMessage = {
      v: 1,
      market: order.market,
      commandId,
      command: {
        type: 'cancel',
        orderId: order.orderId,
        userId: order.userId,
        ...(restriction && { restriction }),
        ts: this.clock.now(),
      },
    };
    return { messageId: commandId, subject: cmdSubject(order.market), payload: command };
  }
}

/** A halted market takes no commands at all; cancels still go through while it is CANCEL_ONLY. */
function checkCancellable(market: MarketRecord | undefined): void {
  if (market?.status === 'HALTED') {
    throw new WalletError(WALLET_RPC_ERRORS.MARKET_NOT_TRADING, `${market.symbol} is HALTED`);
  }
}
