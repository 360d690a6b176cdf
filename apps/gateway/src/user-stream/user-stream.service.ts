import { Injectable } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';

import { type Principal } from '../auth/principal';
import { type RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type GatewayConfig } from '../config/gateway.config';
import { ListenKeyEventsRepository } from './listen-key-events.repository';
import { LISTEN_KEY_PATTERN, ListenKeyRepository } from './listen-key.repository';

const unknownKey = () =>
  new BinanceApiError(BinanceErrorCode.INVALID_LISTEN_KEY, 'This listenKey does not exist.');

/**
 * Binance's listen keys (`/api/v3/userDataStream`, and `/api/v1/userDataStream` for browser sessions): one live key
 * per API key or session, returned again (and extended) when asked for again; only its user can extend or delete it.
 */
@Injectable()
export class UserStreamService {
  constructor(
    private readonly keys: ListenKeyRepository,
    private readonly events: ListenKeyEventsRepository,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {}

  async open(caller: Principal, params: RequestParams): Promise<{ listenKey: string }> {
    params.allowOnly([]);
    const owner = caller.via === 'API_KEY' ? `api-key:${caller.apiKeyId}` : `session:${caller.sessionId}`;
    return { listenKey: await this.keys.open(caller.userId, owner, this.config.LISTEN_KEY_TTL_MS) };
  }

  async keepAlive(caller: Principal, params: RequestParams): Promise<Record<string, never>> {
    const listenKey = this.listenKeyOf(params);
    if (!(await this.keys.keepAlive(caller.userId, listenKey, this.config.LISTEN_KEY_TTL_MS)))
      throw unknownKey();
    return {};
  }

  async close(caller: Principal, params: RequestParams): Promise<Record<string, never>> {
    const listenKey = this.listenKeyOf(params);
    if (!(await this.keys.close(caller.userId, listenKey))) throw unknownKey();
    this.events.closed(listenKey);
    return {};
  }

  private listenKeyOf(params: RequestParams): string {
    params.allowOnly(['listenKey']);
    const listenKey = params.get('listenKey');
    if (listenKey === undefined) {
      throw new BinanceApiError(
        BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        "Mandatory parameter 'listenKey' was not sent, was empty/null, or malformed.",
      );
    }
    // Anything not shaped like a key cannot be one: no Redis round trip.
    if (!LISTEN_KEY_PATTERN.test(listenKey)) throw unknownKey();
    return listenKey;
  }
}
