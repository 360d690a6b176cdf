import { createHmac, randomBytes, sign as signBytes, type KeyObject } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';
import { authenticator } from 'otplib';

import { STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export const PASSWORD = 'tangerine-Orbit-4-lamps';

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A signed-up user with MFA on and, when asked for, an API key. */
export interface Trader {
  email: string;
  userId: string;
  accessToken: string;
  totpSecret: string;
  lastStep: number;
  key: { apiKey: string; secret: string };
}

/**
 * The whole exchange as real processes on a fresh run prefix (databases, NATS subjects and streams, Redis keys):
 * users, wallet, matching (BTC-USDT, ETH-USDT), market-data and the gateway, with HTTP helpers that speak the
 * gateway's API the way clients do (signed `/api/v3`, bearer `/api/v1`).
 */
export class ExchangeHarness {
  readonly run = `t_gw_${process.pid}_${randomBytes(3).toString('hex')}`;
  private readonly names = new NatsNames(this.run);
  private readonly services: ServiceProcess[] = [];
  private readonly databases = ['users', 'wallet', 'matching', 'md'].map((d) => `${this.run}_${d}`);
  private nc!: NatsConnection;
  base = '';
  /** The first gateway's gRPC address (`127.0.0.1:<port>`). */
  grpc = '';

  constructor(
    private readonly gatewayEnv: Record<string, string> = {},
    /** Set on every service (e.g. where they export traces). */
    private readonly serviceEnv: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    for (const db of this.databases) await createDatabase(SERVER_URL, db);
    this.nc = await connect({ servers: NATS_URL });
    await new JetStreamAdmin(await this.nc.jetstreamManager(), this.names).ensureStream(STREAMS.CMD);
    const [users, wallet, matching, md] = this.databases.map((db) => databaseUrl(SERVER_URL, db));
    await Promise.all([
      this.startService('apps/matching/src/main.ts', {
        DATABASE_URL: matching!,
        MATCHING_MARKETS: 'BTC-USDT,ETH-USDT',
      }),
      this.startService('apps/users/src/main.ts', {
        DATABASE_URL: users!,
        REDIS_URL,
        REDIS_KEY_PREFIX: `${this.run}:users:`,
        NODE_ENV: 'test',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_TIME_COST: '1',
        ARGON2_PARALLELISM: '1',
      }),
    ]);
    await this.startService('apps/wallet/src/main.ts', { DATABASE_URL: wallet! });
    await this.startService('apps/market-data/src/main.ts', {
      DATABASE_URL: md!,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:md:`,
    });
    this.base = await this.startGateway();
    const grpc = await this.services.at(-1)!.waitForLog((line) => line.msg === 'grpc listening');
    this.grpc = `127.0.0.1:${String(grpc.port)}`;
  }

  /** Another gateway pod on the same services and Redis keys; its base URL. */
  async startGateway(env: Record<string, string> = {}): Promise<string> {
    const port = await this.startService('apps/gateway/src/main.ts', {
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:gw:`,
      // Each gateway pod of a test takes a free gRPC port rather than 9090.
      GRPC_PORT: '0',
      ...this.gatewayEnv,
      ...env,
    });
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
    if (this.nc) {
      await new JetStreamAdmin(await this.nc.jetstreamManager(), this.names).deleteAllWithPrefix();
      await this.nc.close();
    }
    for (const db of this.databases) await dropDatabase(SERVER_URL, db);
    const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${this.run}:` });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  }

  /** Every service started, by app (`gateway`, `wallet`, ...), with its HTTP port (`/metrics`, `/health`). */
  readonly listening: { app: string; port: number }[] = [];

  private async startService(entry: string, env: Record<string, string>): Promise<number> {
    const service = startServiceProcess(entry, {
      NATS_URL,
      NATS_STREAM_PREFIX: this.run,
      HTTP_PORT: '0',
      ...this.serviceEnv,
      ...env,
    });
    this.services.push(service);
    try {
      const port = (await service.waitForLog((line) => line.msg === 'listening')).port as number;
      this.listening.push({ app: entry.split('/')[1]!, port });
      return port;
    } catch (error) {
      const last = JSON.stringify(service.logs.slice(-3));
      throw new Error(`${entry} did not start: ${String(error)}; last log lines: ${last}`);
    }
  }

  async http<T = unknown>(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
    base = this.base,
  ): Promise<HttpAnswer<T>> {
    const res = await fetch(`${base}${path}`, { method, headers: init.headers, body: init.body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
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

  /** The signed parameter string as ccxt builds it: `timestamp` first, the params, `recvWindow`, `signature`. */
  static signedPayload(
    params: Record<string, string | number>,
    key: { secret?: string; privateKey?: KeyObject },
    options: { timestamp?: number; recvWindow?: number } = {},
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

  /** A signed `/api/v3` call as ccxt sends it: GET/DELETE in the query string, POST in a form body. */
  signed<T = unknown>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Record<string, string | number>,
    key: { apiKey: string; secret?: string; privateKey?: KeyObject },
    options: { timestamp?: number; recvWindow?: number } = {},
  ): Promise<HttpAnswer<T>> {
    return this.sendSigned<T>(method, path, ExchangeHarness.signedPayload(params, key, options), key.apiKey);
  }

  /** Sends an already signed parameter string (to the given gateway, this one by default). */
  sendSigned<T = unknown>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    payload: string,
    apiKey: string,
    base = this.base,
    extraHeaders: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const headers = { 'X-MBX-APIKEY': apiKey, ...extraHeaders };
    return method === 'POST'
      ? this.http<T>(
          method,
          `/api/v3/${path}`,
          { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: payload },
          base,
        )
      : this.http<T>(method, `/api/v3/${path}?${payload}`, { headers }, base);
  }

  /**
   * Signs up through `/api/v1`, logs in, turns MFA on and creates an API key with `permissions` (two TOTP codes
   * of consecutive steps: no waiting).
   */
  async trader(
    email: string,
    keyOptions: {
      permissions?: string[];
      ipAllowList?: string[];
      kind?: 'HMAC' | 'ED25519';
      publicKeyPem?: string;
    } = {},
  ): Promise<Trader> {
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
    if (confirmed.status !== 200) throw new Error(`confirm: ${JSON.stringify(confirmed.body)}`);
    const second = freshCode(totpSecret, first.step);
    const created = await this.v1<{ apiKey: string; secret?: string }>('POST', '/api-keys', accessToken, {
      mfaCode: second.code,
      kind: keyOptions.kind ?? 'HMAC',
      label: 'test',
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

  async faucet(trader: Trader, asset: string, amount: string): Promise<void> {
    const res = await this.v1('POST', '/deposits/faucet', trader.accessToken, { asset, amount });
    if (res.status !== 201) throw new Error(`faucet: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A TOTP code from a step after `lastStep`, within the service's window (current step ± 1): never waits. */
export function freshCode(secret: string, lastStep: number | null): { code: string; step: number } {
  const current = Math.floor(Date.now() / 30_000);
  const step = Math.max(current, (lastStep ?? -Infinity) + 1);
  if (step > current + 1) throw new Error('no fresh TOTP step left in the window; wait for the next one');
  return { code: authenticator.clone({ epoch: step * 30_000 }).generate(secret), step };
}

/** Polls `read` until `done` holds (at most ~30 s) and returns the last value. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (done(value) || attempt === 300) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
