import { Injectable } from '@nestjs/common';

import { type ApiKeyKind, type ApiKeyLookupReply, type ApiKeyPermission } from '@exchange/shared-contracts';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ClockRepository } from '../general/clock.repository';
import { ApiKeyRepository } from './api-key.repository';
import { isIpAllowed } from './ip-allow-list';
import { type Principal } from './principal';
import { SignatureReplayRepository } from './signature-replay.repository';
import { assertFreshTimestamp, isValidEd25519Signature, isValidHmacSignature } from './request-signature';

/** One signed call as a transport presents it (REST query and form, gRPC metadata and request bytes). */
export interface SignedCall {
  /** The API key the caller named (`X-MBX-APIKEY`, gRPC `x-api-key`). */
  apiKey: unknown;
  clientIp: string;
  /** What the key must allow; null: any of its permissions will do (a WebSocket API `session.logon`). */
  permission: ApiKeyPermission | null;
  /** The only kind of key the call takes (`session.logon`: Ed25519, as on Binance); any kind when absent. */
  keyKind?: ApiKeyKind;
  /** `timestamp` and `recvWindow` as the caller sent them. */
  params: { get(name: string): string | null | undefined };
  /** The transport's own checks of the request's form, run once the key and the caller's address have passed. */
  precheck?: () => void;
  /** The signed bytes and the signature, read once the timestamp has passed. */
  payload: () => { signed: string | Buffer; signature: string };
  /** Whether the signature may be used once only (orders and cancels; reads stay replayable). */
  once: boolean;
}

const KEY_KIND_NAMES: Record<ApiKeyKind, string> = { HMAC: 'HMAC-SHA256', ED25519: 'Ed25519' };

export type ApiKeyPrincipal = Extract<Principal, { via: 'API_KEY' }>;

const rejected = () =>
  new BinanceApiError(
    BinanceErrorCode.REJECTED_MBX_KEY,
    'Invalid API-key, IP, or permissions for action.',
    401,
  );

/**
 * The API-key rules every signed transport shares (REST `@Signed`, gRPC metadata): a live key, the caller's IP on
 * its allow-list, a fresh timestamp, a valid HMAC-SHA256 or Ed25519 signature, the permission, and no replay of a
 * one-time signature within its window.
 */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: ClockRepository,
    private readonly replays: SignatureReplayRepository,
  ) {}

  /**
   * The owner of a key named without a signature (Binance's `USER_STREAM` security): the key well formed and live,
   * the caller's IP on its allow-list; any permission will do.
   */
  async identify(apiKey: unknown, clientIp: string): Promise<ApiKeyPrincipal> {
    return principalOf(await this.liveKey(apiKey, clientIp));
  }

  async authenticate(call: SignedCall): Promise<ApiKeyPrincipal> {
    const key = await this.liveKey(call.apiKey, call.clientIp);
    if (call.keyKind !== undefined && key.kind !== call.keyKind) {
      throw new BinanceApiError(
        BinanceErrorCode.UNAUTHORIZED,
        `This request takes ${KEY_KIND_NAMES[call.keyKind]} API keys only.`,
        401,
      );
    }
    call.precheck?.();
    assertFreshTimestamp(call.params, this.clock.nowMs());
    const { signed, signature } = call.payload();
    if (!isValidSignature(key, signed, signature)) {
      throw new BinanceApiError(
        BinanceErrorCode.INVALID_SIGNATURE,
        'Signature for this request is not valid.',
        400,
      );
    }
    if (call.permission !== null && !key.permissions.includes(call.permission)) throw rejected();
    // Binance accepts a replay within recvWindow; for orders and cancels we do not.
    if (call.once) {
      const recvWindow = Number(call.params.get('recvWindow') ?? 5_000);
      const liveForMs = Number(call.params.get('timestamp')) + recvWindow + 1_000 - this.clock.nowMs();
      if (!(await this.replays.claim(signature, Math.max(1, liveForMs) + 1_000))) {
        throw new BinanceApiError(
          BinanceErrorCode.INVALID_SIGNATURE,
          'This signed request was already received; sign each request anew.',
        );
      }
    }
    return principalOf(key);
  }

  /**
   * A call on a WebSocket API connection logged on with `apiKey` (`session.logon` proved the key once, so the call
   * carries no signature): the key still live and the caller's IP on its allow-list, a fresh timestamp, the
   * permission. A revoked key stops working within `API_KEY_CACHE_MS`, as for signed calls.
   */
  async authorizeLoggedOn(call: Omit<SignedCall, 'payload' | 'once' | 'keyKind'>): Promise<ApiKeyPrincipal> {
    const key = await this.liveKey(call.apiKey, call.clientIp);
    assertFreshTimestamp(call.params, this.clock.nowMs());
    if (call.permission !== null && !key.permissions.includes(call.permission)) throw rejected();
    return principalOf(key);
  }

  private async liveKey(apiKey: unknown, clientIp: string): Promise<ApiKeyLookupReply> {
    if (typeof apiKey !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(apiKey)) {
      throw new BinanceApiError(BinanceErrorCode.BAD_API_KEY_FMT, 'API-key format invalid.', 401);
    }
    const key = await this.keys.find(apiKey);
    if (!key) throw rejected();
    if (key.expiresAt !== null && Date.parse(key.expiresAt) <= this.clock.nowMs()) throw rejected();
    if (!isIpAllowed(clientIp, key.ipAllowList)) throw rejected();
    return key;
  }
}

function principalOf(key: ApiKeyLookupReply): ApiKeyPrincipal {
  return {
    via: 'API_KEY',
    userId: key.userId,
    apiKeyId: key.id,
    permissions: key.permissions,
    ipRestricted: key.ipAllowList.length > 0,
  };
}

function isValidSignature(key: ApiKeyLookupReply, signed: string | Buffer, signature: string): boolean {
  return key.kind === 'HMAC'
    ? key.secret !== undefined && isValidHmacSignature(signed, signature, key.secret)
    : key.publicKeyPem !== undefined && isValidEd25519Signature(signed, signature, key.publicKeyPem);
}
