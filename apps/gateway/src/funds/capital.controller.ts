import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';

import { Caller, type Principal } from '../auth/principal';
import { Params, type RequestParams } from '../auth/request-params';
import { Session } from '../auth/session.guard';
import { Signed } from '../auth/signed.guard';
import { parseBody } from '../account/service-error.mapper';
import { RateLimitGuard, Weight } from '../rate-limit/rate-limit.guard';
import { simulateDepositBodySchema } from './capital-body.schema';
import { CapitalService } from './capital.service';

/**
 * Binance's signed capital routes: the coins' rules, deposit and withdrawal history and deposit addresses
 * (`USER_DATA`: any key that can read), and withdrawals (a key with WITHDRAW, restricted to IP addresses).
 */
@Controller('sapi/v1/capital')
@UseGuards(RateLimitGuard)
export class CapitalController {
  constructor(private readonly capital: CapitalService) {}

  @Get('config/getall')
  @Weight(10)
  @Signed('READ')
  coins(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.capital.coinConfigs(caller.userId, params);
  }

  /**
   * Binance weighs it 900 against a per-account budget of 180,000 a minute, which this gateway does not keep;
   * here it is 10 against the address's 6,000, like its other account routes.
   */
  @Post('withdraw/apply')
  @HttpCode(200)
  @Weight(10)
  @Signed('WITHDRAW')
  withdraw(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.capital.withdraw(caller, params);
  }

  @Get('deposit/hisrec')
  @Weight(1)
  @Signed('READ')
  deposits(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.capital.deposits(caller.userId, params);
  }

  @Get('deposit/address')
  @Weight(10)
  @Signed('READ')
  depositAddress(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.capital.depositAddress(caller.userId, params);
  }

  @Get('withdraw/history')
  @Weight(10)
  @Signed('READ')
  withdrawals(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.capital.withdrawals(caller.userId, params);
  }
}

/** The same history for the web, under `/api/v1` with a session (same parameters, same rows). */
@Controller('api/v1')
@UseGuards(RateLimitGuard)
export class CapitalSessionController {
  constructor(private readonly capital: CapitalService) {}

  @Get('deposits')
  @Weight(1)
  @Session()
  deposits(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.capital.deposits(caller.userId, params);
  }

  @Get('deposits/address')
  @Weight(10)
  @Session()
  depositAddress(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.capital.depositAddress(caller.userId, params);
  }

  /** Demo only (the wallet's simulated chain): an outside transfer to the caller's own deposit address. */
  @Post('deposits/simulate')
  @Weight(10)
  @Session()
  simulateDeposit(@Caller() caller: Principal, @Body() body: unknown) {
    return this.capital.simulateDeposit(caller.userId, parseBody(simulateDepositBodySchema, body));
  }

  @Get('withdrawals')
  @Weight(10)
  @Session()
  withdrawals(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.capital.withdrawals(caller.userId, params);
  }
}
