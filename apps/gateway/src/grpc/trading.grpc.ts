import { status } from '@grpc/grpc-js';
import { Injectable } from '@nestjs/common';

import {
  type AmendOrderRequest__Output,
  type AmendOrderResponse,
  type CancelAllRequest__Output,
  type CancelAllResponse,
  type CancelOrderRequest__Output,
  type CancelOrderResponse,
  type GetOrderRequest__Output,
  type GetOrderResponse,
  type ListOpenOrdersRequest__Output,
  type ListOpenOrdersResponse,
  type ListOrdersRequest__Output,
  type ListOrdersResponse,
  type ListOrderAmendmentsRequest__Output,
  type ListOrderAmendmentsResponse,
  type ListPreventedMatchesRequest__Output,
  type ListPreventedMatchesResponse,
  type ListTradesRequest__Output,
  type ListTradesResponse,
  type PlaceOrderRequest__Output,
  type PlaceOrderResponse,
  type PlaceOrdersRequest__Output,
  type PlaceOrdersResponse,
  type ReplaceOrderRequest__Output,
  type ReplaceOrderResponse,
  type ReplaceOrderStep,
  type TradingServiceHandlers,
} from '@exchange/shared-contracts-grpc';

import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { RequestParams } from '../auth/request-params';
import { type HeaderSink } from '../trading/order-rate-limit.service';
import { type StepOutcome, TradingService } from '../trading/trading.service';
import { type CallContext, GrpcCalls, READ, TRADE } from './grpc-calls';
import { toStatusMessage } from './grpc-status';
import { GrpcMetrics } from './grpc.metrics';
import {
  type BinanceOrderJson,
  type BinanceTradeJson,
  refParams,
  toFills,
  toOrder,
  toOrderAmendment,
  toPreventedMatch,
  toTrade,
} from './order.mapper';
import { binanceName, given } from './proto-fields';

/** A placement's fields as its Binance parameters; `responseType` stands in for an unspecified response type. */
function placementParams(r: PlaceOrderRequest__Output, responseType?: string): RequestParams {
  return RequestParams.fromValues(placementValues(r, responseType));
}

function placementValues(
  r: PlaceOrderRequest__Output,
  responseType?: string,
): Record<string, string | undefined> {
  return {
    symbol: r.symbol || undefined,
    side: binanceName('SIDE', r.side),
    type: binanceName('ORDER_TYPE', r.type),
    timeInForce: binanceName('TIME_IN_FORCE', r.timeInForce),
    quantity: r.quantity || undefined,
    quoteOrderQty: r.quoteOrderQty || undefined,
    price: r.price || undefined,
    stopPrice: r.stopPrice || undefined,
    newClientOrderId: r.clientOrderId || undefined,
    newOrderRespType: binanceName('RESPONSE_TYPE', r.responseType) ?? responseType,
    selfTradePreventionMode: binanceName('SELF_TRADE_PREVENTION_MODE', r.selfTradePreventionMode),
  };
}

/** The order counts go back as trailers, as REST's X-MBX-ORDER-COUNT-* headers. */
function countsOf(c: CallContext): HeaderSink {
  return { setHeader: (name: string, value: string) => c.trailers.set(name.toLowerCase(), value) };
}

/**
 * `exchange.trading.v1.TradingService`: each call is the `/api/v3` endpoint's, through the same `TradingService`
 * with the request's fields as its Binance parameters (same checks, same order limits, same scoping to the caller's
 * own orders), at the same request weight. AmendOrder is the web's amend (`PUT /api/v1/order/amend`: quantity up or
 * down), answered with the order as amended. PlaceOrders is PlaceOrder with ACK for up to 50 orders at once: one
 * signature, one wallet request, each order's own outcome (`TradingService.placeOrders`).
 */
@Injectable()
export class TradingGrpcService {
  constructor(
    private readonly calls: GrpcCalls,
    private readonly trading: TradingService,
    private readonly metrics: GrpcMetrics,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  handlers(): TradingServiceHandlers {
    return {
      PlaceOrder: this.calls.unary(
        TRADE,
        1,
        async (r: PlaceOrderRequest__Output, c): Promise<PlaceOrderResponse> => {
          const placed = (await this.trading.placeOrder(
            c.principal!.userId,
            placementParams(r),
            countsOf(c),
          )) as BinanceOrderJson;
          return { order: toOrder(placed), fills: toFills(placed) };
        },
      ),
      PlaceOrders: this.calls.unary(
        TRADE,
        (r: PlaceOrdersRequest__Output) => Math.max(1, r.orders.length),
        async (r: PlaceOrdersRequest__Output, c): Promise<PlaceOrdersResponse> => {
          const outcomes = await this.trading.placeOrders(
            c.principal!.userId,
            r.orders.map((order) => placementParams(order, 'ACK')),
            countsOf(c),
          );
          return {
            results: outcomes.map((outcome) => {
              if ('order' in outcome) {
                this.metrics.batchOrders.inc({ code: status[status.OK] });
                return { order: toOrder(outcome.order) };
              }
              const refused = toStatusMessage(outcome.error);
              if (refused.unexpected)
                this.logger.error({ err: outcome.error }, 'PlaceOrders: an order failed');
              this.metrics.batchOrders.inc({ code: status[refused.status.code!] });
              return { error: refused.status };
            }),
          };
        },
      ),
      CancelOrder: this.calls.unary(
        TRADE,
        1,
        async (r: CancelOrderRequest__Output, c): Promise<CancelOrderResponse> => {
          const params = RequestParams.fromValues({
            symbol: r.symbol || undefined,
            ...refParams(r.ref),
            cancelRestrictions: binanceName('CANCEL_RESTRICTION', r.restriction),
          });
          const cancelled = await this.trading.cancelOrder(c.principal!.userId, params);
          return { order: toOrder(cancelled as BinanceOrderJson) };
        },
      ),
      CancelAll: this.calls.unary(
        TRADE,
        1,
        async (r: CancelAllRequest__Output, c): Promise<CancelAllResponse> => {
          const params = RequestParams.fromValues({ symbol: r.symbol || undefined });
          const cancelled = await this.trading.cancelOpenOrders(c.principal!.userId, params);
          return { orders: (cancelled as BinanceOrderJson[]).map(toOrder) };
        },
      ),
      AmendOrder: this.calls.unary(
        TRADE,
        1,
        async (r: AmendOrderRequest__Output, c): Promise<AmendOrderResponse> => {
          const params = RequestParams.fromValues({
            symbol: r.symbol || undefined,
            ...refParams(r.ref),
            newQty: r.newQuantity || undefined,
            newClientOrderId: r.amendId || undefined,
          });
          // Either way, as the web's amend: down keeps priority, up loses it (the engine's cancel-replace).
          const { amendedOrder, transactTime } = await this.trading.amendOrder(
            c.principal!.userId,
            params,
            false,
          );
          return {
            order: toOrder({
              ...amendedOrder,
              origQty: amendedOrder.qty,
              cummulativeQuoteQty: amendedOrder.cumulativeQuoteQty,
              origQuoteOrderQty: amendedOrder.quoteOrderQty,
              time: amendedOrder.workingTime,
              updateTime: transactTime,
            }),
          };
        },
      ),
      ReplaceOrder: this.calls.unary(
        TRADE,
        1,
        async (r: ReplaceOrderRequest__Output, c): Promise<ReplaceOrderResponse> => {
          const ref = refParams(r.cancelRef);
          const params = RequestParams.fromValues({
            ...(r.newOrder ? placementValues(r.newOrder) : {}),
            cancelReplaceMode: r.allowCancelFailure ? 'ALLOW_FAILURE' : 'STOP_ON_FAILURE',
            cancelOrderId: ref['orderId'],
            cancelOrigClientOrderId: ref['origClientOrderId'],
            cancelRestrictions: binanceName('CANCEL_RESTRICTION', r.cancelRestriction),
            orderRateLimitExceededMode: r.cancelWhenOrderLimitExceeded ? 'CANCEL_ONLY' : undefined,
          });
          const { cancel, placed } = await this.trading.cancelReplaceSteps(
            c.principal!.userId,
            params,
            countsOf(c),
          );
          return {
            cancel: this.stepOf(cancel),
            newOrder: this.stepOf(placed),
            fills: placed.ok ? toFills(placed.value as BinanceOrderJson) : [],
          };
        },
      ),
      GetOrder: this.calls.unary(
        READ,
        4,
        async (r: GetOrderRequest__Output, c): Promise<GetOrderResponse> => {
          const params = RequestParams.fromValues({ symbol: r.symbol || undefined, ...refParams(r.ref) });
          const found = (await this.trading.queryOrderWithFills(
            c.principal!.userId,
            params,
          )) as BinanceOrderJson;
          return { order: toOrder(found), fills: toFills(found) };
        },
      ),
      ListOpenOrders: this.calls.unary(
        READ,
        (r: ListOpenOrdersRequest__Output) => (r.symbol ? 6 : 80),
        async (r: ListOpenOrdersRequest__Output, c): Promise<ListOpenOrdersResponse> => {
          const params = RequestParams.fromValues({ symbol: r.symbol || undefined });
          const open = await this.trading.openOrders(c.principal!.userId, params);
          return { orders: (open as BinanceOrderJson[]).map(toOrder) };
        },
      ),
      ListOrders: this.calls.unary(
        READ,
        20,
        async (r: ListOrdersRequest__Output, c): Promise<ListOrdersResponse> => {
          const params = RequestParams.fromValues({
            symbol: r.symbol || undefined,
            orderId: given(r.orderId),
            startTime: given(r.startTimeMs),
            endTime: given(r.endTimeMs),
            limit: given(r.limit),
          });
          const orders = await this.trading.allOrders(c.principal!.userId, params);
          return { orders: (orders as BinanceOrderJson[]).map(toOrder) };
        },
      ),
      ListTrades: this.calls.unary(
        READ,
        20,
        async (r: ListTradesRequest__Output, c): Promise<ListTradesResponse> => {
          const params = RequestParams.fromValues({
            symbol: r.symbol || undefined,
            orderId: given(r.orderId),
            fromId: given(r.fromId),
            startTime: given(r.startTimeMs),
            endTime: given(r.endTimeMs),
            limit: given(r.limit),
          });
          const trades = await this.trading.myTrades(c.principal!.userId, params);
          return { trades: (trades as BinanceTradeJson[]).map(toTrade) };
        },
      ),
      ListOrderAmendments: this.calls.unary(
        READ,
        4,
        async (r: ListOrderAmendmentsRequest__Output, c): Promise<ListOrderAmendmentsResponse> => {
          const params = RequestParams.fromValues({
            symbol: r.symbol || undefined,
            orderId: given(r.orderId),
            fromExecutionId: given(r.fromExecutionId),
            limit: given(r.limit),
          });
          const amendments = await this.trading.orderAmendments(c.principal!.userId, params);
          return { amendments: amendments.map(toOrderAmendment) };
        },
      ),
      ListPreventedMatches: this.calls.unary(
        READ,
        20,
        async (r: ListPreventedMatchesRequest__Output, c): Promise<ListPreventedMatchesResponse> => {
          const params = RequestParams.fromValues({
            symbol: r.symbol || undefined,
            preventedMatchId: given(r.preventedMatchId),
            orderId: given(r.orderId),
            fromPreventedMatchId: given(r.fromPreventedMatchId),
            limit: given(r.limit),
          });
          const matches = await this.trading.myPreventedMatches(c.principal!.userId, params);
          return { matches: matches.map(toPreventedMatch) };
        },
      ),
    };
  }

  /** A ReplaceOrder step as its answer: the order, the status it failed with, or nothing (not attempted). */
  private stepOf(outcome: StepOutcome<unknown>): ReplaceOrderStep {
    if (outcome.ok) return { order: toOrder(outcome.value as BinanceOrderJson) };
    if (!outcome.error) return {};
    return { error: toStatusMessage(outcome.error).status };
  }
}
