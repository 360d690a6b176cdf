import { Controller, Get, UseGuards } from '@nestjs/common';

import { Params, type RequestParams } from '../auth/request-params';
import { Signed } from '../auth/signed.guard';
import { RateLimitGuard, Weight } from '../rate-limit/rate-limit.guard';
import { TradingService } from './trading.service';

/**
 * The venue's fee rates as Binance's signed endpoints give them: `/api/v3/account/commission` (one market) and
 * `/sapi/v1/asset/tradeFee` (what ccxt's `fetchTradingFee(s)` reads). Every account pays the market's rates here.
 */
@Controller()
@UseGuards(RateLimitGuard)
export class FeeRatesController {
  constructor(private readonly trading: TradingService) {}

  @Get('api/v3/account/commission')
  @Weight(20)
  @Signed('READ')
  commission(@Params() params: RequestParams) {
    return this.trading.commission(params);
  }

  @Get('sapi/v1/asset/tradeFee')
  @Weight(1)
  @Signed('READ')
  tradeFees(@Params() params: RequestParams) {
    return this.trading.tradeFees(params);
  }
}
