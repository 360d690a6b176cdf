import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import {
  type AllOrdersRequest,
  type MyTradesReply,
  type MyTradesRequest,
  type OpenOrdersRequest,
  type OrderQueryReply,
  type OrderQueryRequest,
  type OrderAmendmentsReply,
  type OrderAmendmentsRequest,
  type OrdersReply,
  type PreventedMatchesReply,
  type PreventedMatchesRequest,
  WALLET_RPC_ERRORS,
} from '@exchange/shared-contracts';
import { lotsToQuantity } from '@exchange/shared-domain-money';

import { UnitOfWork } from '../common/unit-of-work.repository';
import { WalletError } from '../errors/wallet.error';
import { type MarketRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import { FillRepository } from './fill.repository';
import { OrderAmendRepository } from './order-amend.repository';
import { OrderRepository, type OrderRow } from './order.repository';
import { toFillView, toOrderView, toPreventedMatchView } from './order-view.mapper';
import { PreventedMatchRepository } from './prevented-match.repository';

/**
 * The user's orders and trades, read outside any transaction. Every query is scoped to the asking user:
 * another user's order is answered exactly like a missing one.
 */
@Injectable()
export class OrderQueryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly orders: OrderRepository,
    private readonly fills: FillRepository,
    private readonly prevented: PreventedMatchRepository,
    private readonly amends: OrderAmendRepository,
  ) {}

  async order(request: OrderQueryRequest): Promise<OrderQueryReply> {
    const record = await this.market(request.symbol);
    const tx = this.uow.manager;
    const order = await this.orders.referenced(tx, request);
    if (!order) {
      throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_FOUND, 'no such order');
    }
    const [fills, prevented] = await Promise.all([
      this.fills.ofOrder(tx, order.orderId),
      this.preventedMatchIds(tx, [order]),
    ]);
    return {
      order: toOrderView(order, record, prevented.get(order.orderNo)),
      fills: fills.map((f) => toFillView(f, record)),
    };
  }

  async openOrders(request: OpenOrdersRequest): Promise<OrdersReply> {
    if (request.symbol) await this.market(request.symbol);
    const markets = await this.reference.markets();
    const rows = await this.orders.openOf(this.uow.manager, request.userId, request.symbol);
    return { orders: rows.map((row) => toOrderView(row, markets.get(row.market)!)) };
  }

  async allOrders(request: AllOrdersRequest): Promise<OrdersReply> {
    const record = await this.market(request.symbol);
    const rows = await this.orders.page(this.uow.manager, {
      userId: request.userId,
      market: request.symbol,
      fromOrderNo: request.orderNo,
      startTime: request.startTime,
      endTime: request.endTime,
      limit: request.limit,
    });
    const prevented = await this.preventedMatchIds(this.uow.manager, rows);
    return { orders: rows.map((row) => toOrderView(row, record, prevented.get(row.orderNo))) };
  }

  async myTrades(request: MyTradesRequest): Promise<MyTradesReply> {
    const record = await this.market(request.symbol);
    const rows = await this.fills.page(this.uow.manager, {
      userId: request.userId,
      market: request.symbol,
      orderNo: request.orderNo,
      fromTradeId: request.fromId,
      startTime: request.startTime,
      endTime: request.endTime,
      limit: request.limit,
    });
    return { trades: rows.map((f) => toFillView(f, record)) };
  }

  async preventedMatches(request: PreventedMatchesRequest): Promise<PreventedMatchesReply> {
    const record = await this.market(request.symbol);
    const rows = await this.prevented.page(this.uow.manager, {
      userId: request.userId,
      market: request.symbol,
      preventedMatchId: request.preventedMatchId,
      orderNo: request.orderNo,
      fromPreventedMatchId: request.fromPreventedMatchId,
      limit: request.limit,
    });
    return { matches: rows.map((row) => toPreventedMatchView(row, record)) };
  }

  async amendments(request: OrderAmendmentsRequest): Promise<OrderAmendmentsReply> {
    const record = await this.market(request.symbol);
    const tx = this.uow.manager;
    const order = await this.orders.referenced(tx, {
      userId: request.userId,
      symbol: request.symbol,
      orderNo: request.orderNo,
    });
    if (!order) throw new WalletError(WALLET_RPC_ERRORS.ORDER_NOT_FOUND, 'no such order');
    const applied = await this.amends.appliedOf(tx, order.orderId, request.fromExecutionId, request.limit);
    const { scale } = record.market;
    return {
      amendments: applied.map((a) => ({
        symbol: order.market,
        orderNo: order.orderNo,
        executionId: a.seq,
        clientOrderId: order.clientOrderId,
        origQty: lotsToQuantity(scale, a.previousLots),
        newQty: lotsToQuantity(scale, a.newLots),
        time: a.appliedAtMs,
      })),
    };
  }

  /** The prevented match each EXPIRED_IN_MATCH order among `rows` expired in, by order number. */
  private preventedMatchIds(tx: EntityManager, rows: readonly OrderRow[]): Promise<Map<string, number>> {
    return this.prevented.expiredIn(
      tx,
      rows.filter((row) => row.status === 'EXPIRED_IN_MATCH'),
    );
  }

  private async market(symbol: string): Promise<MarketRecord> {
    const record = await this.reference.market(symbol);
    if (!record) throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_MARKET, `unknown market ${symbol}`);
    return record;
  }
}
