import {
  eventually as pollUntil,
  GatewayClient as SharedGatewayClient,
  type HttpAnswer,
  signedPayload,
  type Trader,
  type TraderKeyOptions,
} from '@exchange/shared-util-testing';

export { type ApiKey, freshCode, PASSWORD, type Trader } from '@exchange/shared-util-testing';

export type Answer<T = unknown> = HttpAnswer<T>;

/** Polls `read` until `done` holds or `timeoutMs` passes (a minute by default); the last value either way. */
export function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  return pollUntil(read, done, timeoutMs, everyMs);
}

/**
 * The gateway's public API as clients speak it: the shared `GatewayClient` of `@exchange/shared-util-testing`,
 * with the reliability scenarios' own shorthands (an HMAC `payload`, traders by their permissions).
 */
export class GatewayClient extends SharedGatewayClient {
  /** The signed parameter string for an HMAC key's `secret`. */
  static payload(
    params: Record<string, string | number>,
    secret: string,
    options: { timestamp?: number; recvWindow?: number } = {},
  ): string {
    return signedPayload(params, { secret }, options);
  }

  /** Signs up, logs in, turns MFA on and creates an HMAC key with `permissions` (READ and TRADE by default). */
  override trader(
    email: string,
    permissions: string[] | TraderKeyOptions = ['READ', 'TRADE'],
  ): Promise<Trader> {
    const options = Array.isArray(permissions) ? { permissions } : permissions;
    return super.trader(email, { label: 'reliability', ...options });
  }
}
