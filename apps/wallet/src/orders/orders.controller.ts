import { Controller, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  allOrdersRequestSchema,
  amendOrderRequestSchema,
  cancelOpenOrdersRequestSchema,
  cancelOrderRequestSchema,
  myTradesRequestSchema,
  orderAmendmentsRequestSchema,
  preventedMatchesRequestSchema,
  openOrdersRequestSchema,
  orderQueryRequestSchema,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { parsePayload } from '../common/parse-payload';
import { WalletSubject } from '../common/wallet-subject.decorator';
import { WalletRpcExceptionFilter } from '../errors/wallet-rpc-exception.filter';
import { OrderAmendService } from './order-amend.service';
import { OrderIntakeService } from './order-intake.service';
import { OrderQueryService } from './order-query.service';

/**
 * Cancels, amends and the user's order and trade queries over NATS request/reply. Submissions have their own
 * subscription (`SubmitOrderSubscription`).
 */
@Controller()
@UseFilters(WalletRpcExceptionFilter)
export class OrdersController {
  constructor(
    private readonly intake: OrderIntakeService,
    private readonly queries: OrderQueryService,
    private readonly amends: OrderAmendService,
  ) {}

  @WalletSubject(WALLET_SUBJECTS.cmd.cancelOrder)
  cancel(@Payload() payload: unknown) {
    return this.intake.cancel(parsePayload(cancelOrderRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.cancelOpenOrders)
  cancelOpen(@Payload() payload: unknown) {
    return this.intake.cancelOpen(parsePayload(cancelOpenOrdersRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.cmd.amendOrder)
  amend(@Payload() payload: unknown) {
    return this.amends.amend(parsePayload(amendOrderRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.order)
  order(@Payload() payload: unknown) {
    return this.queries.order(parsePayload(orderQueryRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.openOrders)
  openOrders(@Payload() payload: unknown) {
    return this.queries.openOrders(parsePayload(openOrdersRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.allOrders)
  allOrders(@Payload() payload: unknown) {
    return this.queries.allOrders(parsePayload(allOrdersRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.myTrades)
  myTrades(@Payload() payload: unknown) {
    return this.queries.myTrades(parsePayload(myTradesRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.orderAmendments)
  orderAmendments(@Payload() payload: unknown) {
    return this.queries.amendments(parsePayload(orderAmendmentsRequestSchema, payload));
  }

  @WalletSubject(WALLET_SUBJECTS.query.preventedMatches)
  preventedMatches(@Payload() payload: unknown) {
    return this.queries.preventedMatches(parsePayload(preventedMatchesRequestSchema, payload));
  }
}
