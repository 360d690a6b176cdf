import { Controller, Delete, Get, HttpCode, Post, Put, Res, UseGuards } from '@nestjs/common';

import { Caller, type Principal } from '../auth/principal';
import { Params, type RequestParams } from '../auth/request-params';
import { Signed } from '../auth/signed.guard';
import { RateLimitGuard, Weight } from '../rate-limit/rate-limit.guard';
import { type HeaderSink } from './order-rate-limit.service';
import { TradingService } from './trading.service';

const openOrdersWeight = (query: Record<string, unknown>) => (query['symbol'] ? 6 : 80);

/** Binance's: 1, or 20 with `computeCommissionRates=true` (read from the query string or the form body). */
const testOrderWeight = (params: Record<string, unknown>) =>
  String(params['computeCommissionRates']).toLowerCase() === 'true' ? 20 : 1;

/** Binance's signed spot trading endpoints (`/api/v3`, `X-MBX-APIKEY` + `signature`). */
@Controller('api/v3')
@UseGuards(RateLimitGuard)
export class TradingController {
  constructor(private readonly trading: TradingService) {}

  @Post('order')
  @HttpCode(200)
  @Weight(1)
  @Signed('TRADE')
  placeOrder(
    @Caller() caller: Principal,
    @Params() params: RequestParams,
    @Res({ passthrough: true }) response: HeaderSink,
  ) {
    return this.trading.placeOrder(caller.userId, params, response);
  }

  /** Binance's cancel-and-place in one call (counted as one order). */
  @Post('order/cancelReplace')
  @HttpCode(200)
  @Weight(1)
  @Signed('TRADE')
  cancelReplace(
    @Caller() caller: Principal,
    @Params() params: RequestParams,
    @Res({ passthrough: true }) response: HeaderSink,
  ) {
    return this.trading.cancelReplace(caller.userId, params, response);
  }

  @Post('order/test')
  @HttpCode(200)
  @Weight(testOrderWeight)
  @Signed('TRADE')
  testOrder(@Params() params: RequestParams) {
    return this.trading.testOrder(params);
  }

  @Get('order')
  @Weight(4)
  @Signed('READ')
  queryOrder(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.queryOrder(caller.userId, params);
  }

  @Delete('order')
  @Weight(1)
  @Signed('TRADE')
  cancelOrder(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.cancelOrder(caller.userId, params);
  }

  /** The amends the engine applied to one order. */
  @Get('order/amendments')
  @Weight(4)
  @Signed('READ')
  orderAmendments(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.orderAmendments(caller.userId, params);
  }

  /** Binance's keep-priority amend: the quantity may only go down. */
  @Put('order/amend/keepPriority')
  @Weight(4)
  @Signed('TRADE')
  amendOrder(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.amendOrder(caller.userId, params, true);
  }

  @Get('openOrders')
  @Weight(openOrdersWeight)
  @Signed('READ')
  openOrders(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.openOrders(caller.userId, params);
  }

  @Delete('openOrders')
  @Weight(1)
  @Signed('TRADE')
  cancelOpenOrders(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.cancelOpenOrders(caller.userId, params);
  }

  @Get('allOrders')
  @Weight(20)
  @Signed('READ')
  allOrders(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.allOrders(caller.userId, params);
  }

  @Get('myTrades')
  @Weight(20)
  @Signed('READ')
  myTrades(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.myTrades(caller.userId, params);
  }

  /** Binance weighs a query by order 20 and one by id 2; this gateway charges every query the heavier. */
  @Get('myPreventedMatches')
  @Weight(20)
  @Signed('READ')
  myPreventedMatches(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.myPreventedMatches(caller.userId, params);
  }

  /** Binance's unfilled order count: the account's orders in the current 10-second and day windows. */
  @Get('rateLimit/order')
  @Weight(40)
  @Signed('READ')
  orderCountUsage(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.orderCountUsage(caller.userId, params);
  }

  @Get('account')
  @Weight(20)
  @Signed('READ')
  account(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.account(caller, params);
  }
}
