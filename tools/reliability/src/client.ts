import { createHmac } from 'node:crypto';

import { authenticator } from 'otplib';

export const PASSWORD = 'tangerine-Orbit-4-lamps';

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiKey {
  apiKey: string;
  secret: string;
}

/** A signed-up user with MFA on, a session and an HMAC key (READ, TRADE unless asked otherwise). */
export interface Trader {
  email: string;
  userId: string;
  accessToken: string;
  totpSecret: string;
  lastStep: number;
  key: ApiKey;
}

/** A TOTP code from a step after `lastStep`, within the users service's window (now ± 1 step): never waits. */
export function freshCode(secret: string, lastStep: number | null): { code: string; step: number } {
  const current = Math.floor(Date.now() / 30_000);
  const step = Math.max(current, (lastStep ?? -Infinity) + 1);
  if (step > current + 1) throw new Error('no fresh TOTP step left in the window');
  return { code: authenticator.clone({ epoch: step * 30_000 }).generate(secret), step };
}

/** Polls `read` until `done` holds or `timeoutMs` passes; the last value either way. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
  everyMs = 200,
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

/** The gateway's public API as clients speak it: signed `/api/v3` (ccxt's parameter order) and bearer `/api/v1`. */
export class GatewayClient {
  constructor(public base: string) {}

  async http<T = unknown>(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer<T>> {
    const res = await fetch(`${this.base}${path}`, { method, headers: init.headers, body: init.body });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }

  v1<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<Answer<T>> {
    return this.http<T>(method, `/api/v1${path}`, {
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  static payload(
    params: Record<string, string | number>,
    secret: string,
    options: { timestamp?: number; recvWindow?: number } = {},
  ): string {
    const query = new URLSearchParams({
      timestamp: String(options.timestamp ?? Date.now()),
      ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
      ...(options.recvWindow !== undefined && { recvWindow: String(options.recvWindow) }),
    }).toString();
    return `${query}&signature=${createHmac('sha256', secret).update(query).digest('hex')}`;
  }

  /** Sends an already signed parameter string: GET/DELETE in the query, POST in a form body. */
  sendSigned<T = unknown>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    payload: string,
    apiKey: string,
  ): Promise<Answer<T>> {
    const headers = { 'X-MBX-APIKEY': apiKey };
    return method === 'POST'
      ? this.http<T>(method, `/api/v3/${path}`, {
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: payload,
        })
      : this.http<T>(method, `/api/v3/${path}?${payload}`, { headers });
  }

  signed<T = unknown>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Record<string, string | number>,
    key: ApiKey,
    options: { timestamp?: number; recvWindow?: number } = {},
  ): Promise<Answer<T>> {
    return this.sendSigned<T>(method, path, GatewayClient.payload(params, key.secret, options), key.apiKey);
  }

  /** Signs up, logs in, turns MFA on and creates an HMAC key with `permissions`. */
  async trader(email: string, permissions = ['READ', 'TRADE']): Promise<Trader> {
    const signUp = await this.v1<{ userId: string }>('POST', '/auth/sign-up', undefined, {
      email,
      password: PASSWORD,
    });
    if (signUp.status !== 201) throw new Error(`sign-up: ${signUp.status} ${JSON.stringify(signUp.body)}`);
    const login = await this.v1<{ accessToken: string }>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    const accessToken = login.body.accessToken;
    const enrol = await this.v1<{ secret: string }>('POST', '/mfa/enrol', accessToken);
    const totpSecret = enrol.body.secret;
    const first = freshCode(totpSecret, null);
    const confirmed = await this.v1('POST', '/mfa/confirm', accessToken, { code: first.code });
    if (confirmed.status !== 200) throw new Error(`mfa confirm: ${JSON.stringify(confirmed.body)}`);
    const second = freshCode(totpSecret, first.step);
    const created = await this.v1<{ apiKey: string; secret: string }>('POST', '/api-keys', accessToken, {
      mfaCode: second.code,
      kind: 'HMAC',
      label: 'reliability',
      permissions,
    });
    if (created.status !== 201) throw new Error(`api key: ${JSON.stringify(created.body)}`);
    return {
      email,
      userId: signUp.body.userId,
      accessToken,
      totpSecret,
      lastStep: second.step,
      key: { apiKey: created.body.apiKey, secret: created.body.secret },
    };
  }

  async faucet(trader: Trader, asset: string, amount: string): Promise<void> {
    const res = await this.v1('POST', '/deposits/faucet', trader.accessToken, { asset, amount });
    if (res.status !== 201) throw new Error(`faucet: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** A trader's balances as `/api/v1/balances` gives them, by asset. */
  async balances(trader: Trader): Promise<Record<string, { free: string; locked: string }>> {
    const res = await this.v1<{ balances: { asset: string; free: string; locked: string }[] }>(
      'GET',
      '/balances',
      trader.accessToken,
    );
    if (res.status !== 200) throw new Error(`balances: ${res.status} ${JSON.stringify(res.body)}`);
    return Object.fromEntries(res.body.balances.map((b) => [b.asset, { free: b.free, locked: b.locked }]));
  }
}
