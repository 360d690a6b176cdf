import { Controller, Delete, HttpCode, Post, Put, UseGuards } from '@nestjs/common';

import { Caller, type Principal } from '../auth/principal';
import { Params, type RequestParams } from '../auth/request-params';
import { Session } from '../auth/session.guard';
import { RateLimitGuard, Weight } from '../rate-limit/rate-limit.guard';
import { ApiKeyOnly } from './api-key.guard';
import { UserStreamService } from './user-stream.service';

/** Binance's listen-key endpoints (`USER_STREAM`: `X-MBX-APIKEY`, no signature), weight 2 each. */
@Controller('api/v3/userDataStream')
@UseGuards(RateLimitGuard)
export class UserStreamController {
  constructor(private readonly streams: UserStreamService) {}

  @Post()
  @HttpCode(200)
  @Weight(2)
  @ApiKeyOnly()
  open(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.streams.open(caller, params);
  }

  @Put()
  @Weight(2)
  @ApiKeyOnly()
  keepAlive(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.streams.keepAlive(caller, params);
  }

  @Delete()
  @Weight(2)
  @ApiKeyOnly()
  close(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.streams.close(caller, params);
  }
}

/** The same for the web frontend's session (docs/api-v1.md): one listen key per session. */
@Controller('api/v1/userDataStream')
@UseGuards(RateLimitGuard)
export class UserStreamSessionController {
  constructor(private readonly streams: UserStreamService) {}

  @Post()
  @HttpCode(200)
  @Weight(2)
  @Session()
  open(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.streams.open(caller, params);
  }

  @Put()
  @Weight(2)
  @Session()
  keepAlive(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.streams.keepAlive(caller, params);
  }

  @Delete()
  @Weight(2)
  @Session()
  close(@Caller() caller: Principal, @Params() params: RequestParams) {
    return this.streams.close(caller, params);
  }
}
