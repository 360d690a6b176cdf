import { Controller, Delete, Get, HttpCode, Post, Put, Res, UseGuards } from '@nestjs/common';

import { Caller, type Principal } from '../auth/principal';
import { Params, type RequestParams } from '../auth/request-params';
import { Session } from '../auth/session.guard';
import { RateLimitGuard, Weight } from '../rate-limit/rate-limit.guard';
import { type HeaderSink } from '../trading/order-rate-limit.service';
import { TradingService } from '../trading/trading.service';

/**
 * The `/api/v3` order and account endpoints for the web frontend, under `/api/v1` with a session token instead of
 * a signature; the same service, the same parameters and answers (docs/api-v1.md).
 */
@Controller('api/v1')
@UseGuards(RateLimitGuard)
export class TradingSessionController {
  constructor(private readonly trading: TradingService) {}

  @Post('order')
  @HttpCode(200)
  @Session()
  placeOrder(
    @Caller() caller: Principal,
    @Params() params: RequestParams,
    @Res({ passthrough: true }) response: HeaderSink,
  ) {
    return this.trading.placeOrder(caller.userId, params, response);
  }

  /** The web's edit of an order's price or quantity: Binance's cancelReplace (one order against the limits). */
  @Post('order/cancelReplace')
  @HttpCode(200)
  @Session()
  cancelReplace(
    @Caller() caller: Principal,
    @Params() params: RequestParams,
    @Res({ passthrough: true }) response: HeaderSink,
  ) {
    return this.trading.cancelReplace(caller.userId, params, response);
  }

  @Post('order/test')
  @HttpCode(200)
  @Session()
  testOrder(@Params() params: RequestParams) {
    return this.trading.testOrder(params);
  }

  @Get('order')
  @Weight(4)
  @Session()
  queryOrder(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.queryOrder(caller.userId, params);
  }

  @Delete('order')
  @Session()
  cancelOrder(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.cancelOrder(caller.userId, params);
  }

  /** The web's amend: the quantity up (the wallet holds more first) or down; Binance's answer shape. */
  @Put('order/amend')
  @Weight(4)
  @Session()
  amendOrder(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.amendOrder(caller.userId, params, false);
  }

  @Get('openOrders')
  @Weight(6)
  @Session()
  openOrders(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.openOrders(caller.userId, params);
  }

  @Delete('openOrders')
  @Session()
  cancelOpenOrders(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.cancelOpenOrders(caller.userId, params);
  }

  @Get('allOrders')
  @Weight(20)
  @Session()
  allOrders(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.allOrders(caller.userId, params);
  }

  @Get('myTrades')
  @Weight(20)
  @Session()
  myTrades(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.myTrades(caller.userId, params);
  }

  @Get('account')
  @Weight(20)
  @Session()
  account(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.trading.account(caller, params);
  }
}
