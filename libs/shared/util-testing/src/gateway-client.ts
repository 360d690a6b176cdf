import { createHmac, type KeyObject, sign as signBytes } from 'node:crypto';

import { authenticator } from 'otplib';

/** The password of every trader the tests sign up. */
export const PASSWORD = 'tangerine-Orbit-4-lamps';

/** One HTTP answer: status, headers, and the body parsed as JSON (kept as text when it is not JSON). */
export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** An API key as `/api/v1/api-keys` creates it (`secret` is empty for an Ed25519 key). */
export interface ApiKey {
  apiKey: string;
  secret: string;
}

/** The key a signed call uses: an HMAC secret, or the private half of an Ed25519 key. */
export interface SigningKey {
  secret?: string;
  privateKey?: KeyObject;
}

/** A signed-up user with MFA on, a session and an API key. */
export interface Trader {
  email: string;
  userId: string;
  accessToken: string;
  totpSecret: string;
  /** The last TOTP step used, so that the next code is a fresh one (`freshCode`). */
  lastStep: number;
  key: ApiKey;
}

/** What the trader's API key is: READ and TRADE, HMAC, no allow-list unless asked otherwise. */
export interface TraderKeyOptions {
  permissions?: string[];
  ipAllowList?: string[];
  kind?: 'HMAC' | 'ED25519';
  publicKeyPem?: string;
  label?: string;
}

export interface SignOptions {
  timestamp?: number;
  recvWindow?: number;
}

/** A TOTP code from a step after `lastStep`, within the users service's window (now ± 1 step): never waits. */
export function freshCode(secret: string, lastStep: number | null): { code: string; step: number } {
  const current = Math.floor(Date.now() / 30_000);
  const step = Math.max(current, (lastStep ?? -Infinity) + 1);
  if (step > current + 1) throw new Error('no fresh TOTP step left in the window; wait for the next one');
  return { code: authenticator.clone({ epoch: step * 30_000 }).generate(secret), step };
}

/**
 * Polls `read` until `done` holds or `timeoutMs` passes, and returns the last value either way; a read that throws
 * is tried again until the time is up, then its error is thrown.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T;
    try {
      value = await read();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      continue;
    }
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * The signed parameter string as ccxt builds it: `timestamp` first, the params, `recvWindow`, then `signature`
 * (HMAC-SHA256 in hex, or Ed25519 in base64).
 */
export function signedPayload(
  params: Record<string, string | number>,
  key: SigningKey,
  options: SignOptions = {},
): string {
  const query = new URLSearchParams({
    timestamp: String(options.timestamp ?? Date.now()),
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    ...(options.recvWindow !== undefined && { recvWindow: String(options.recvWindow) }),
  }).toString();
  const signature = key.privateKey
    ? signBytes(null, Buffer.from(query), key.privateKey).toString('base64')
    : createHmac('sha256', key.secret ?? '')
        .update(query)
        .digest('hex');
  return `${query}&signature=${encodeURIComponent(signature)}`;
}

/**
 * The gateway's public API as clients speak it: bearer `/api/v1`, signed `/api/v3` (GET and DELETE in the query
 * string, POST in a form body, as ccxt sends them), and the usual trader set-up (sign up, log in, MFA, API key,
 * faucet).
 */
export class GatewayClient {
  constructor(public base = '') {}

  async http<T = unknown>(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
    base = this.base,
  ): Promise<HttpAnswer<T>> {
    const res = await fetch(`${base}${path}`, { method, headers: init.headers, body: init.body });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }

  /** `/api/v1` with a JSON body and, when given, a bearer token. */
  v1<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<HttpAnswer<T>> {
    return this.http<T>(method, `/api/v1${path}`, {
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A signed `/api/v3` call. */
  signed<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    params: Record<string, string | number>,
    key: { apiKey: string } & SigningKey,
    options: SignOptions = {},
  ): Promise<HttpAnswer<T>> {
    return this.sendSigned<T>(method, path, signedPayload(params, key, options), key.apiKey);
  }

  /**
   * Sends an already signed parameter string (to the given gateway, this one by default): in a form body for POST
   * and PUT, as ccxt sends them, else in the query string.
   */
  sendSigned<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    payload: string,
    apiKey: string,
    base = this.base,
    extraHeaders: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const headers = { 'X-MBX-APIKEY': apiKey, ...extraHeaders };
    return method === 'POST' || method === 'PUT'
      ? this.http<T>(
          method,
          `/api/v3/${path}`,
          { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: payload },
          base,
        )
      : this.http<T>(method, `/api/v3/${path}?${payload}`, { headers }, base);
  }

  /**
   * Signs up through `/api/v1`, logs in, turns MFA on and creates an API key (two TOTP codes of consecutive
   * steps: no waiting).
   */
  async trader(email: string, keyOptions: TraderKeyOptions = {}): Promise<Trader> {
    const signUp = await this.v1<{ userId: string }>('POST', '/auth/sign-up', undefined, {
      email,
      password: PASSWORD,
    });
    if (signUp.status !== 201) throw new Error(`sign-up: ${signUp.status} ${JSON.stringify(signUp.body)}`);
    const login = await this.v1<{ accessToken: string }>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    const accessToken = login.body.accessToken;
    const enrol = await this.v1<{ secret: string }>('POST', '/mfa/enrol', accessToken);
    const totpSecret = enrol.body.secret;
    const first = freshCode(totpSecret, null);
    const confirmed = await this.v1('POST', '/mfa/confirm', accessToken, { code: first.code });
    if (confirmed.status !== 200) throw new Error(`mfa confirm: ${JSON.stringify(confirmed.body)}`);
    const second = freshCode(totpSecret, first.step);
    const created = await this.v1<{ apiKey: string; secret?: string }>('POST', '/api-keys', accessToken, {
      mfaCode: second.code,
      kind: keyOptions.kind ?? 'HMAC',
      label: keyOptions.label ?? 'test',
      permissions: keyOptions.permissions ?? ['READ', 'TRADE'],
      ...(keyOptions.ipAllowList && { ipAllowList: keyOptions.ipAllowList }),
      ...(keyOptions.publicKeyPem && { publicKeyPem: keyOptions.publicKeyPem }),
    });
    if (created.status !== 201) throw new Error(`api key: ${JSON.stringify(created.body)}`);
    return {
      email,
      userId: signUp.body.userId,
      accessToken,
      totpSecret,
      lastStep: second.step,
      key: { apiKey: created.body.apiKey, secret: created.body.secret ?? '' },
    };
  }

  /** Credits demo funds through `/api/v1/deposits/faucet`. */
  async faucet(trader: Pick<Trader, 'accessToken'>, asset: string, amount: string): Promise<void> {
    const res = await this.v1('POST', '/deposits/faucet', trader.accessToken, { asset, amount });
    if (res.status !== 201) throw new Error(`faucet: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** A trader with READ and TRADE and the given funds (`{ USDT: '100000' }`). */
  async fundedTrader(
    email: string,
    funds: Record<string, string>,
    keyOptions?: TraderKeyOptions,
  ): Promise<Trader> {
    const trader = await this.trader(email, keyOptions);
    for (const [asset, amount] of Object.entries(funds)) await this.faucet(trader, asset, amount);
    return trader;
  }

  /** A trader's balances as `/api/v1/balances` gives them, by asset. */
  async balances(
    trader: Pick<Trader, 'accessToken'>,
  ): Promise<Record<string, { free: string; locked: string }>> {
    const res = await this.v1<{ balances: { asset: string; free: string; locked: string }[] }>(
      'GET',
      '/balances',
      trader.accessToken,
    );
    if (res.status !== 200) throw new Error(`balances: ${res.status} ${JSON.stringify(res.body)}`);
    return Object.fromEntries(res.body.balances.map((b) => [b.asset, { free: b.free, locked: b.locked }]));
  }
}
