import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { type ApiKeyPermission } from '@exchange/shared-contracts';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ClockRepository } from '../general/clock.repository';
import { ApiKeyRepository } from './api-key.repository';
import { isIpAllowed } from './ip-allow-list';
import { type AuthRequest, clientIp } from './principal';
import { SignatureReplayRepository } from './signature-replay.repository';
import { RequestParams } from './request-params';
import {
  assertFreshTimestamp,
  isValidEd25519Signature,
  isValidHmacSignature,
  signedPayloadOf,
} from './request-signature';

const PERMISSION = Symbol('API_KEY_PERMISSION');

/**
 * A signed Binance endpoint (`SIGNED` in Binance's docs): `X-MBX-APIKEY` and a `signature` over the exact query
 * string and form body, a fresh `timestamp`, the caller's IP on the key's allow-list and the key holding
 * `permission`. The handler reads the key's owner with `@Caller()`.
 */
export const Signed = (permission: ApiKeyPermission) =>
  applyDecorators(SetMetadata(PERMISSION, permission), UseGuards(SignedGuard));

const rejected = () =>
  new BinanceApiError(
    BinanceErrorCode.REJECTED_MBX_KEY,
    'Invalid API-key, IP, or permissions for action.',
    401,
  );

@Injectable()
export class SignedGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRepository,
    private readonly clock: ClockRepository,
    private readonly replays: SignatureReplayRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.get<ApiKeyPermission | undefined>(PERMISSION, context.getHandler());
    if (!permission) throw new Error('SignedGuard without @Signed(permission)');
    const request = context.switchToHttp().getRequest<AuthRequest>();

    const header = request.headers['x-mbx-apikey'];
    if (typeof header !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(header)) {
      throw new BinanceApiError(BinanceErrorCode.BAD_API_KEY_FMT, 'API-key format invalid.', 401);
    }
    const key = await this.keys.find(header);
    if (!key) throw rejected();
    if (key.expiresAt !== null && Date.parse(key.expiresAt) <= this.clock.nowMs()) throw rejected();
    if (!isIpAllowed(clientIp(request), key.ipAllowList)) throw rejected();

    const params = RequestParams.of(request);
    if (params.fromJson) {
      // A signature covers the query string and a form body only: JSON parameters would go unsigned.
      throw new BinanceApiError(
        BinanceErrorCode.ILLEGAL_CHARS,
        'Signed requests take their parameters in the query string or an application/x-www-form-urlencoded body.',
      );
    }
    assertFreshTimestamp(params, this.clock.nowMs());
    const { signed, signature } = signedPayloadOf(params.rawQuery, params.rawForm);
    const valid =
      key.kind === 'HMAC'
        ? key.secret !== undefined && isValidHmacSignature(signed, signature, key.secret)
        : key.publicKeyPem !== undefined && isValidEd25519Signature(signed, signature, key.publicKeyPem);
    if (!valid) {
      throw new BinanceApiError(
        BinanceErrorCode.INVALID_SIGNATURE,
        'Signature for this request is not valid.',
        400,
      );
    }
    if (!key.permissions.includes(permission)) throw rejected();
    // Binance accepts a replay within recvWindow; for orders and cancels we do not. Reads stay replayable: a client
    // may well send the same query twice in one millisecond.
    if (request.method !== 'GET') {
      const recvWindow = Number(params.get('recvWindow') ?? 5_000);
      const liveForMs = Number(params.get('timestamp')) + recvWindow + 1_000 - this.clock.nowMs();
      if (!(await this.replays.claim(signature, Math.max(1, liveForMs) + 1_000))) {
        throw new BinanceApiError(
          BinanceErrorCode.INVALID_SIGNATURE,
          'This signed request was already received; sign each request anew.',
        );
      }
    }

    request.principal = {
      via: 'API_KEY',
      userId: key.userId,
      apiKeyId: key.id,
      permissions: key.permissions,
    };
    return true;
  }
}
