import { randomBytes } from 'node:crypto';

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
const PASSWORD = 'tangerine-Orbit-4-lamps';

/**
 * The five services as real processes on a run prefix of their own, the gateway serving gRPC on a free port, and
 * traders signed up through `/api/v1` the way a partner gets a key (MFA on, then an HMAC key). `stop()` removes
 * everything the run created.
 */
export class ExchangeHarness {
  readonly run = `t_pc_${process.pid}_${randomBytes(3).toString('hex')}`;
  private readonly names = new NatsNames(this.run);
  private readonly services: ServiceProcess[] = [];
  private readonly databases = ['users', 'wallet', 'matching', 'md'].map((d) => `${this.run}_${d}`);
  private nc?: NatsConnection;
  base = '';
  grpc = '';

  async start(): Promise<void> {
    for (const db of this.databases) await createDatabase(SERVER_URL, db);
    this.nc = await connect({ servers: NATS_URL });
    await new JetStreamAdmin(await this.nc.jetstreamManager(), this.names).ensureStream(STREAMS.CMD);
    const [users, wallet, matching, md] = this.databases.map((db) => databaseUrl(SERVER_URL, db));
    await this.startService('apps/matching/src/main.ts', {
      DATABASE_URL: matching!,
      MATCHING_MARKETS: 'BTC-USDT',
    });
    await this.startService('apps/users/src/main.ts', {
      DATABASE_URL: users!,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:users:`,
      NODE_ENV: 'test',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      ARGON2_PARALLELISM: '1',
    });
    await this.startService('apps/wallet/src/main.ts', { DATABASE_URL: wallet! });
    await this.startService('apps/market-data/src/main.ts', {
      DATABASE_URL: md!,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:md:`,
    });
    const port = await this.startService('apps/gateway/src/main.ts', {
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:gw:`,
      GRPC_PORT: '0',
    });
    this.base = `http://127.0.0.1:${port}`;
    const grpc = await this.services.at(-1)!.waitForLog((line) => line.msg === 'grpc listening');
    this.grpc = `127.0.0.1:${String(grpc.port)}`;
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

  /** Signs up, turns MFA on, creates an HMAC key with READ and TRADE and credits `funds` from the faucet. */
  async partner(email: string, funds: Record<string, string>): Promise<{ apiKey: string; secret: string }> {
    const signUp = await this.v1('POST', '/auth/sign-up', undefined, { email, password: PASSWORD });
    if (signUp.status !== 201) throw new Error(`sign-up: ${JSON.stringify(signUp.body)}`);
    const login = await this.v1<{ accessToken: string }>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    const token = login.body.accessToken;
    const { secret: totp } = (await this.v1<{ secret: string }>('POST', '/mfa/enrol', token)).body;
    // Two codes of consecutive TOTP steps: the current one confirms MFA, the next one creates the key.
    const step = Math.floor(Date.now() / 30_000);
    const code = (s: number) => authenticator.clone({ epoch: s * 30_000 }).generate(totp);
    const confirmed = await this.v1('POST', '/mfa/confirm', token, { code: code(step) });
    if (confirmed.status !== 200) throw new Error(`mfa: ${JSON.stringify(confirmed.body)}`);
    const created = await this.v1<{ apiKey: string; secret: string }>('POST', '/api-keys', token, {
      mfaCode: code(step + 1),
      kind: 'HMAC',
      label: 'partner',
      permissions: ['READ', 'TRADE'],
    });
    if (created.status !== 201) throw new Error(`api key: ${JSON.stringify(created.body)}`);
    for (const [asset, amount] of Object.entries(funds)) {
      const res = await this.v1('POST', '/deposits/faucet', token, { asset, amount });
      if (res.status !== 201) throw new Error(`faucet: ${JSON.stringify(res.body)}`);
    }
    return { apiKey: created.body.apiKey, secret: created.body.secret };
  }

  private async v1<T = unknown>(method: string, path: string, token?: string, body?: unknown) {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  private async startService(entry: string, env: Record<string, string>): Promise<number> {
    const service = startServiceProcess(entry, {
      NATS_URL,
      NATS_STREAM_PREFIX: this.run,
      HTTP_PORT: '0',
      ...env,
    });
    this.services.push(service);
    return (await service.waitForLog((line) => line.msg === 'listening')).port as number;
  }
}
