import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  type AmendOrderReply,
  type AmendOrderRequest,
  cmdSubject,
  type MatchingCommandMessage,
  WALLET_RPC_ERRORS,
} from '@exchange/shared-contracts';
import { traceparentOf } from '@exchange/shared-data-access-nats';
import { fillQuoteUnits, formatDecimal, MoneyErrorCode, quantityToLots } from '@exchange/shared-domain-money';
import {
  availableAccount,
  heldAccount,
  holdAsset,
  JournalTransactionBuilder,
  type OpenOrder,
  remainingNeed,
  WalletErrorCode,
} from '@exchange/wallet-domain';

import { ClockRepository } from '../common/clock.repository';
import { UnitOfWork } from '../common/unit-of-work.repository';
import { WalletError } from '../errors/wallet.error';
import { BalanceNotifierService } from '../funds/balance-notifier.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { inBatchesByMarket } from '../outbox/command-batches';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { type MarketRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import { GROUP_MAX, type GroupOutcome, GroupCommitQueue, GROUPS_IN_FLIGHT } from './group-commit.queue';
import { type AmendRow, OrderAmendRepository } from './order-amend.repository';
import { MAX_AMOUNT_UNITS } from './order-request.mapper';
import { toOpenOrder } from './order-row.mapper';
import { toOrderView } from './order-view.mapper';
import { OPEN_STATUSES, type OrderRow, OrderRepository, referenceOf } from './order.repository';

/** An amend checked against its market, waiting for its group, with the request's trace context. */
interface AmendItem {
  request: AmendOrderRequest;
  record: MarketRecord;
  newLots: number;
  traceparent?: string;
}

/** Amends naming one order the same way run one after the other, never in one group. */
function amendKey({ request: r }: AmendItem): string {
  return `${r.userId} ${r.symbol} ${r.orderNo ?? ''} ${r.orderId ?? ''} ${r.clientOrderId ?? ''}`;
}

/** What one amend of a group comes to: its reply, and the amend it takes (none for a repeated amendId). */
interface AmendDecision {
  reply: AmendOrderReply;
  taken?: { row: Omit<AmendRow, 'status'>; order: OrderRow; asset: string; command: MatchingCommandMessage };
}

/**
 * Order amends: in one transaction, the order row locked, the new total quantity checked against what has
 * executed, a raise's extra hold moved from available to held (refused with 2101 and nothing written when the
 * balance does not cover it), the amend row (idempotent per user and `amendId`) and the engine's amend command
 * in the outbox. Amends arriving together share that transaction (`GroupCommitQueue`, as submissions and cancels
 * do), each with its own outcome, in two round trips for the whole group (`UnitOfWork.runBatched`: BEGIN with the
 * locks and reads, the writes with COMMIT; raises' ledger moves between them); each market's commands of a group
 * go to the engine as one batch. The engine's amend sets the order's remaining quantity: new total − executed as the
 * wallet knows it. A cut releases its excess when settlement applies the engine's `amended` event; a refused amend
 * gives a raise's top-up back.
 */
@Injectable()
export class OrderAmendService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly ledger: LedgerRepository,
    private readonly orders: OrderRepository,
    private readonly amends: OrderAmendRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelayService,
    private readonly clock: ClockRepository,
    private readonly notifier: BalanceNotifierService,
  ) {}

  private readonly group = new GroupCommitQueue<AmendItem, AmendOrderReply>({
    maxGroup: GROUP_MAX,
    maxInFlight: GROUPS_IN_FLIGHT,
    keyOf: amendKey,
    run: (items) => this.runGroup(items),
  });

  async amend(request: AmendOrderRequest): Promise<AmendOrderReply> {
    const record = await this.reference.market(request.symbol);
    if (!record) throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_MARKET, `unknown market ${request.symbol}`);
    const quantity = quantityToLots(record.market.scale, request.quantity);
    if (!quantity.ok) throw new WalletError(quantity.code, `quantity: ${quantity.message}`);
    return this.group.submit({ request, record, newLots: quantity.value, traceparent: traceparentOf() });
  }

  /** One group of amends, in one transaction: each request's own outcome, in the group's order. */
  private async runGroup(group: readonly AmendItem[]): Promise<GroupOutcome<AmendOrderReply>[]> {
    const { outcomes, raisedFor } = await this.uow.runBatched(async (tx, { first, last }) => {
      // One round trip with BEGIN: the orders locked as they are read, in one order of references whatever the
      // group (two groups naming the same orders the same way never wait for each other in a circle; one named
      // another way may deadlock, 40P01, and the group is run again by runBatched), then, each statement seeing
      // what was committed once the locks were held, earlier amends under the requests' amendIds and the orders'
      // pending amends.
      const locked: Promise<OrderRow | undefined>[] = [];
      for (const i of lockOrder(group)) locked[i] = this.orders.lockReferenced(first, group[i]!.request);
      const earlier = group.map(({ request: r }) => this.amends.byAmendId(first, r.userId, r.amendId));
      const waiting = group.map(({ request }) => this.amends.pendingOfReferenced(first, request));
      await first.run(tx);
      const [orders, previous, pending] = await Promise.all([
        Promise.all(locked),
        Promise.all(earlier),
        Promise.all(waiting),
      ]);

      // In arrival order, each as if alone after the ones before it: an amendId this group took answers as a
      // repeat, an order this group amends as pending.
      const takenIds = new Map<string, AmendRow>();
      const amended = new Set<string>();
      const decisions = group.map((item, i): GroupOutcome<AmendDecision> => {
        const idKey = `${item.request.userId} ${item.request.amendId}`;
        const order = orders[i];
        try {
          const decision = this.decide(
            item,
            order,
            previous[i] ?? takenIds.get(idKey),
            pending[i] !== undefined || (order !== undefined && amended.has(order.orderId)),
          );
          if (decision.taken) {
            takenIds.set(idKey, { ...decision.taken.row, status: 'PENDING' });
            amended.add(decision.taken.order.orderId);
          }
          return { ok: true, value: decision };
        } catch (error) {
          return { ok: false, error };
        }
      });
      const taken = decisions.flatMap((d, i) =>
        d.ok && d.value.taken ? [{ ...d.value.taken, traceparent: group[i]!.traceparent }] : [],
      );

      // Raises (rare: keepPriority amends only cut) top up their holds before the writes; one that the balance
      // does not cover fails the group, which is then run again one amend at a time.
      const raises = taken.filter((t) => t.row.holdIncrease > 0n);
      if (raises.length > 0) {
        const holds = raises.map(({ row, order, asset }) => {
          const hold = new JournalTransactionBuilder(`order-amend-hold:${row.commandId}`, 'ORDER_HOLD')
            .transfer(
              availableAccount(order.userId, asset),
              heldAccount(order.userId, asset),
              row.holdIncrease,
            )
            .build();
          if (!hold.ok) throw WalletError.from(hold);
          return hold.value;
        });
        await this.ledger.apply(tx, holds);
        for (const { row } of raises)
          await this.amends.raiseOrder(tx, row.orderId, row.newLots, row.holdIncrease);
      }

      // The amends, their commands and COMMIT: one round trip.
      for (const { row } of taken) this.amends.insert(last, row);
      this.outbox.addAllWith(
        last,
        inBatchesByMarket(
          'amends',
          taken.map(({ row, order, command, traceparent }) => ({
            messageId: row.commandId,
            subject: cmdSubject(order.market),
            payload: command,
            ...(traceparent && { traceparent }),
          })),
        ),
      );
      await last.run(tx);
      return {
        outcomes: decisions.map((d) => (d.ok ? { ok: true as const, value: d.value.reply } : d)),
        raisedFor: raises.map(({ order }) => order.userId),
      };
    });
    if (outcomes.some((o) => o.ok && !o.value.duplicate)) this.relay.wake();
    if (raisedFor.length > 0) this.notifier.notify(raisedFor);
    return outcomes;
  }

  /** One amend's checks, its reply, and what it takes (nothing when it repeats an amend already taken). */
  private decide(
    { request, record, newLots }: AmendItem,
    order: OrderRow | undefined,
    previous: AmendRow | undefined,
    pending: boolean,
  ): AmendDecision {
    if (!order) {
      throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_FOUND, 'no such order');
    }
    if (previous) return { reply: this.duplicate(previous, order, newLots, record) };

    if (!OPEN_STATUSES.includes(order.status)) {
      throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_OPEN, `order is ${order.status}`);
    }
    if (record.status !== 'TRADING') {
      throw new WalletError(WALLET_RPC_ERRORS.MARKET_NOT_TRADING, `${record.symbol} is ${record.status}`);
    }
    if (
      order.orderType === 'MARKET' ||
      // Stop orders: the engine does not amend them either (STOP_NOT_AMENDABLE).
      order.stopTicks !== null ||
      order.lots === null ||
      (order.orderType === 'LIMIT' && order.timeInForce !== 'GTC')
    ) {
      throw new WalletError(
        WALLET_RPC_ERRORS.ORDER_NOT_AMENDABLE,
        'only working LIMIT GTC and LIMIT_MAKER orders can be amended',
      );
    }
    if (pending) {
      throw new WalletError(
        WALLET_RPC_ERRORS.AMEND_PENDING,
        'another amend of this order is not applied yet',
      );
    }
    if (newLots <= order.filledLots) {
      throw new WalletError(
        WALLET_RPC_ERRORS.AMEND_QUANTITY_INVALID,
        'the new quantity must be above the executed quantity',
      );
    }
    if (newLots === order.lots) {
      throw new WalletError(WALLET_RPC_ERRORS.AMEND_QUANTITY_INVALID, 'the quantity is unchanged');
    }
    if (newLots > order.lots && request.reduceOnly) {
      throw new WalletError(
        WALLET_RPC_ERRORS.AMEND_QUANTITY_INVALID,
        'the new quantity must be below the order quantity',
      );
    }
    if (
      order.limitTicks !== null &&
      fillQuoteUnits(record.market.scale, order.limitTicks, newLots) > MAX_AMOUNT_UNITS
    ) {
      throw new WalletError(
        MoneyErrorCode.AMOUNT_OUT_OF_RANGE,
        'price × quantity is beyond the ledger range',
      );
    }

    const current = toOpenOrder(order, record.market);
    const amended: OpenOrder = {
      ...current,
      spec: { ...current.spec, lots: newLots } as OpenOrder['spec'],
    };
    const asset = holdAsset(current);
    const increase = newLots > order.lots ? remainingNeed(amended) - remainingNeed(current) : 0n;
    // The command's own id (Nats-Msg-Id, at most 64 characters); the amend row ties it to amendId.
    const commandId = `amend:${randomUUID()}`;
    const command: MatchingCommandMessage = {
      v: 1,
      market: order.market,
      commandId,
      command: {
        type: 'amend',
        orderId: order.orderId,
        userId: order.userId,
        quantity: newLots - order.filledLots,
        ts: this.clock.now(),
      },
    };
    return {
      reply: this.replyOf(request.amendId, order, newLots, asset, increase, record, false),
      taken: {
        row: {
          amendId: request.amendId,
          userId: order.userId,
          orderId: order.orderId,
          commandId,
          previousLots: order.lots,
          newLots,
          filledLotsAtRequest: order.filledLots,
          holdIncrease: increase,
        },
        order,
        asset,
        command,
      },
    };
  }

  /** A second request with a used `amendId`: the same amend gets the first answer's terms, another is refused. */
  private duplicate(
    previous: AmendRow,
    order: OrderRow,
    newLots: number,
    record: MarketRecord,
  ): AmendOrderReply {
    if (previous.orderId !== order.orderId || previous.newLots !== newLots) {
      throw new WalletError(
        WalletErrorCode.IDEMPOTENCY_CONFLICT,
        'amendId was already used for another amend',
      );
    }
    const asset = holdAsset(toOpenOrder(order, record.market));
    return this.replyOf(previous.amendId, order, newLots, asset, previous.holdIncrease, record, true);
  }

  private replyOf(
    amendId: string,
    order: OrderRow,
    newLots: number,
    asset: string,
    increase: bigint,
    record: MarketRecord,
    duplicate: boolean,
  ): AmendOrderReply {
    const decimals = asset === record.base.code ? record.base.decimals : record.quote.decimals;
    return {
      amendId,
      orderId: order.orderId,
      orderNo: order.orderNo,
      clientOrderId: order.clientOrderId,
      symbol: order.market,
      status: 'AMEND_REQUESTED',
      holdIncrease: { asset, amount: formatDecimal(increase, decimals), units: increase.toString() },
      duplicate,
      order: toOrderView({ ...order, lots: newLots }, record),
    };
  }
}

/**
 * The positions of the group's amends in the order their orders are locked: by how each names its order, so that
 * every group locks the orders it shares with another in the same order.
 */
function lockOrder(group: readonly AmendItem[]): number[] {
  const keys = group.map(({ request }) => {
    const { kind, values } = referenceOf(request);
    return `${kind} ${values.map(String).join(' ')}`;
  });
  return keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
}
