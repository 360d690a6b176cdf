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
import { ApiKeyAuthenticator, type SignedCall } from './api-key-authenticator';
import { type AuthRequest, clientIp } from './principal';
import { RequestParams } from './request-params';
import { signedPayloadOf } from './request-signature';

const PERMISSION = Symbol('API_KEY_PERMISSION');

/**
 * A signed Binance endpoint (`SIGNED` in Binance's docs): `X-MBX-APIKEY` and a `signature` over the exact query
 * string and form body, a fresh `timestamp`, the caller's IP on the key's allow-list and the key holding
 * `permission`. The handler reads the key's owner with `@Caller()`.
 */
export const Signed = (permission: ApiKeyPermission) =>
  applyDecorators(SetMetadata(PERMISSION, permission), UseGuards(SignedGuard));

/** The permission a `@Signed` handler needs; undefined when it has none. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Reflector's own parameter type
export function permissionOf(reflector: Reflector, handler: Function): ApiKeyPermission | undefined {
  return reflector.get<ApiKeyPermission | undefined>(PERMISSION, handler);
}

/**
 * A REST request as the authenticator's signed call: what `SignedGuard` checks, shared with the lean order route
 * (`http/lean-orders.ts`) so that both check alike.
 */
export function signedCallOf(request: AuthRequest, permission: ApiKeyPermission): SignedCall {
  // Parsed once the key has passed, as before the parameters' own checks.
  const params = () => RequestParams.of(request);
  return {
    apiKey: request.headers['x-mbx-apikey'],
    clientIp: clientIp(request),
    permission,
    params: { get: (name) => params().get(name) },
    precheck: () => {
      if (params().fromJson) {
        // A signature covers the query string and a form body only: JSON parameters would go unsigned.
        throw new BinanceApiError(
          BinanceErrorCode.ILLEGAL_CHARS,
          'Signed requests take their parameters in the query string or an application/x-www-form-urlencoded body.',
        );
      }
    },
    payload: () => signedPayloadOf(params().rawQuery, params().rawForm),
    // Reads stay replayable: a client may well send the same query twice in one millisecond.
    once: request.method !== 'GET',
  };
}

@Injectable()
export class SignedGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = permissionOf(this.reflector, context.getHandler());
    if (!permission) throw new Error('SignedGuard without @Signed(permission)');
    const request = context.switchToHttp().getRequest<AuthRequest>();
    request.principal = await this.authenticator.authenticate(signedCallOf(request, permission));
    return true;
  }
}
