import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  type AmendOrderReply,
  type AmendOrderRequest,
  cmdSubject,
  type MatchingCommandMessage,
  WALLET_RPC_ERRORS,
} from '@exchange/shared-contracts';
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
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { type MarketRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import { type AmendRow, OrderAmendRepository } from './order-amend.repository';
import { MAX_AMOUNT_UNITS } from './order-request.mapper';
import { toOpenOrder } from './order-row.mapper';
import { toOrderView } from './order-view.mapper';
import { OPEN_STATUSES, type OrderRow, OrderRepository } from './order.repository';

/**
 * Order amends: in one transaction, the order row locked, the new total quantity checked against what has
 * executed, a raise's extra hold moved from available to held (refused with 2101 and nothing written when the
 * balance does not cover it), the amend row (idempotent per user and `amendId`) and the engine's amend command
 * in the outbox, in two round trips (`UnitOfWork.runBatched`: BEGIN with the reads, the writes with COMMIT; a raise's
 * ledger move between them). The engine's amend sets the order's remaining quantity: new total − executed as the wallet
 * knows it. A cut releases its excess when settlement applies the engine's `amended` event; a refused amend
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

  async amend(request: AmendOrderRequest): Promise<AmendOrderReply> {
    const record = await this.reference.market(request.symbol);
    if (!record) throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_MARKET, `unknown market ${request.symbol}`);
    const quantity = quantityToLots(record.market.scale, request.quantity);
    if (!quantity.ok) throw new WalletError(quantity.code, `quantity: ${quantity.message}`);
    const newLots = quantity.value;

    const reply = await this.uow.runBatched(async (tx, { first, last }): Promise<AmendOrderReply> => {
      // One round trip with BEGIN: the order locked as it is read, then (each statement seeing what was committed
      // once the lock was held) an earlier amend under this amendId and the order's pending amend.
      const locked = this.orders.lockReferenced(first, request);
      const earlier = this.amends.byAmendId(first, request.userId, request.amendId);
      const waiting = this.amends.pendingOfReferenced(first, request);
      await first.run(tx);
      const [order, previous, pending] = await Promise.all([locked, earlier, waiting]);
      if (!order) {
        throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_FOUND, 'no such order');
      }
      if (previous) {
        const again = this.duplicate(previous, order, newLots, record);
        await last.run(tx);
        return again;
      }

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
      if (increase > 0n) {
        const hold = new JournalTransactionBuilder(`order-amend-hold:${commandId}`, 'ORDER_HOLD')
          .transfer(availableAccount(order.userId, asset), heldAccount(order.userId, asset), increase)
          .build();
        if (!hold.ok) throw WalletError.from(hold);
        await this.ledger.apply(tx, [hold.value]);
        await this.amends.raiseOrder(tx, order.orderId, newLots, increase);
      }
      this.amends.insert(last, {
        amendId: request.amendId,
        userId: order.userId,
        orderId: order.orderId,
        commandId,
        previousLots: order.lots,
        newLots,
        filledLotsAtRequest: order.filledLots,
        holdIncrease: increase,
      });
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
      this.outbox.addWith(last, {
        messageId: commandId,
        subject: cmdSubject(order.market),
        payload: command,
      });
      // The amend, its command and COMMIT: one round trip.
      await last.run(tx);
      return this.replyOf(request.amendId, order, newLots, asset, increase, record, false);
    });
    if (!reply.duplicate) {
      this.relay.wake();
      if (reply.holdIncrease.units !== '0') this.notifier.notify([request.userId]);
    }
    return reply;
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
