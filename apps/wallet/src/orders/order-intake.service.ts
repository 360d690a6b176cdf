import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import {
  type CancelOpenOrdersRequest,
  type CancelOrderReply,
  type CancelOrderRequest,
  cmdSubject,
  type MatchingCommandMessage,
  type OrdersReply,
  type SubmitOrderReply,
  type SubmitOrderRequest,
  WALLET_RPC_ERRORS,
} from '@exchange/shared-contracts';
import { formatDecimal } from '@exchange/shared-domain-money';
import {
  buildOrderHold,
  holdAsset,
  openOrder,
  remainingNeed,
  WalletErrorCode,
} from '@exchange/wallet-domain';

import { UnitOfWork } from '../common/unit-of-work.repository';
import { WalletError } from '../errors/wallet.error';
import { LedgerRepository } from '../ledger/ledger.repository';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { ClockRepository } from '../common/clock.repository';
import { planOrder } from './order-request.mapper';
import { type MarketRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import { type NewOrderRow, OPEN_STATUSES, type OrderRow, OrderRepository } from './order.repository';
import { toOpenOrder } from './order-row.mapper';
import { toOrderView } from './order-view.mapper';
import { BalanceNotifierService } from '../funds/balance-notifier.service';

/** What makes two submissions with one clientOrderId "the same order". */
function fingerprintOf(r: SubmitOrderRequest): string {
  const fields = [r.symbol, r.side, r.type, r.timeInForce, r.price, r.quantity, r.quoteOrderQty];
  // A stop price only when given, so the fingerprints of orders stored before stops existed stay the same.
  return JSON.stringify(r.stopPrice === undefined ? fields : [...fields, r.stopPrice]);
}

/**
 * Order intake: in one transaction, idempotency on (user, clientOrderId), the market's filters, a hold of
 * what the order can spend (account rows locked), the order row and an outbox row with the engine command.
 * The outbox relay publishes it after commit.
 */
@Injectable()
export class OrderIntakeService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly ledger: LedgerRepository,
    private readonly orders: OrderRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelayService,
    private readonly clock: ClockRepository,
    private readonly notifier: BalanceNotifierService,
  ) {}

  async submit(request: SubmitOrderRequest): Promise<SubmitOrderReply> {
    const record = await this.reference.market(request.symbol);
    if (!record) throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_MARKET, `unknown market ${request.symbol}`);
    if (record.status !== 'TRADING') {
      throw new WalletError(WALLET_RPC_ERRORS.MARKET_NOT_TRADING, `${request.symbol} is ${record.status}`);
    }
    const plan = planOrder(request, record);
    const orderId = randomUUID();
    const order = openOrder({ orderId, userId: request.userId, market: record.market, spec: plan.spec });
    if (!order.ok) throw WalletError.from(order);
    const hold = buildOrderHold(order.value);
    if (!hold.ok) throw WalletError.from(hold);
    const fingerprint = fingerprintOf(request);
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
      lots: 'lots' in plan.spec ? plan.spec.lots : null,
      quoteUnits: 'quoteUnits' in plan.spec ? plan.spec.quoteUnits : null,
      headroomPpm: order.value.headroomPpm,
      filledLots: 0,
      spentQuoteUnits: 0n,
      status: 'PENDING',
      fingerprint,
    };
    const command: MatchingCommandMessage = {
      v: 1,
      market: request.symbol,
      commandId: orderId,
      command: { type: 'place', orderId, userId: request.userId, ...plan.engine, ts: this.clock.now() },
    };
    const asset = holdAsset(order.value);
    const amount = remainingNeed(order.value);

    const reply = await this.uow.run(async (tx): Promise<SubmitOrderReply> => {
      const stored = await this.orders.insert(tx, row);
      if (stored === undefined) {
        const existing = (await this.orders.byClientOrderId(tx, request.userId, request.clientOrderId))!;
        if (existing.fingerprint !== fingerprint) {
          throw new WalletError(
            WalletErrorCode.IDEMPOTENCY_CONFLICT,
            `clientOrderId ${request.clientOrderId} was already used for another order`,
          );
        }
        // Same fingerprint, so the same market and order: the first reply's hold, from what is stored.
        const first = toOpenOrder({ ...existing, filledLots: 0, spentQuoteUnits: 0n }, record.market);
        const existingAsset = holdAsset(first);
        const decimals = existingAsset === record.base.code ? record.base.decimals : record.quote.decimals;
        const original = remainingNeed(first);
        return {
          orderId: existing.orderId,
          orderNo: existing.orderNo,
          order: toOrderView(existing, record),
          clientOrderId: existing.clientOrderId,
          symbol: existing.market,
          status: existing.status,
          hold: {
            asset: existingAsset,
            amount: formatDecimal(original, decimals),
            units: original.toString(),
          },
          duplicate: true,
        };
      }
      await this.ledger.apply(tx, [hold.value]);
      await this.orders.insertHold(tx, { orderId, userId: request.userId, asset, amount, status: 'ACTIVE' });
      await this.outbox.add(tx, {
        messageId: orderId,
        subject: cmdSubject(request.symbol),
        payload: command,
      });
      const decimals = asset === record.base.code ? record.base.decimals : record.quote.decimals;
      return {
        orderId,
        orderNo: stored.orderNo,
        order: toOrderView(stored, record),
        clientOrderId: request.clientOrderId,
        symbol: request.symbol,
        status: 'PENDING',
        hold: { asset, amount: formatDecimal(amount, decimals), units: amount.toString() },
        duplicate: false,
      };
    });
    if (!reply.duplicate) {
      this.relay.wake();
      this.notifier.notify([request.userId]);
    }
    return reply;
  }

  /** Queues a cancel for the engine; the hold is released when the engine reports the order ended. */
  async cancel(request: CancelOrderRequest): Promise<CancelOrderReply> {
    const markets = await this.reference.markets();
    const reply = await this.uow.run(async (tx): Promise<CancelOrderReply> => {
      const order = request.orderNo
        ? await this.orders.byOrderNo(tx, request.orderNo)
        : request.orderId
          ? await this.orders.byOrderId(tx, request.orderId)
          : await this.orders.byClientOrderId(tx, request.userId, request.clientOrderId!);
      // Another user's order is answered exactly like a missing one.
      if (!order || order.userId !== request.userId || order.market !== request.symbol) {
        throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_FOUND, 'no such order');
      }
      if (!OPEN_STATUSES.includes(order.status)) {
        throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_OPEN, `order is ${order.status}`);
      }
      const record = markets.get(order.market)!;
      checkCancellable(record);
      await this.queueCancel(tx, order);
      return {
        orderId: order.orderId,
        orderNo: order.orderNo,
        clientOrderId: order.clientOrderId,
        symbol: order.market,
        status: 'CANCEL_REQUESTED',
        order: toOrderView(order, record),
      };
    });
    this.relay.wake();
    return reply;
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
      for (const order of orders) await this.queueCancel(tx, order);
      return orders;
    });
    if (open.length > 0) this.relay.wake();
    return { orders: open.map((order) => toOrderView(order, record)) };
  }

  /** The engine's cancel command for the order, in the outbox (a second cancel of it is the same message). */
  private async queueCancel(tx: EntityManager, order: OrderRow): Promise<void> {
    const commandId = `cancel:${order.orderId}`;
    const command: MatchingCommandMessage = {
      v: 1,
      market: order.market,
      commandId,
      command: { type: 'cancel', orderId: order.orderId, userId: order.userId, ts: this.clock.now() },
    };
    await this.outbox.add(tx, { messageId: commandId, subject: cmdSubject(order.market), payload: command });
  }
}

/** A halted market takes no commands at all; cancels still go through while it is CANCEL_ONLY. */
function checkCancellable(market: MarketRecord | undefined): void {
  if (market?.status === 'HALTED') {
    throw new WalletError(WALLET_RPC_ERRORS.MARKET_NOT_TRADING, `${market.symbol} is HALTED`);
  }
}
