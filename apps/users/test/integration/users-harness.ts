import { randomBytes } from 'node:crypto';

import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';

import { type UsersRpcError, USERS_SUBJECTS } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix, type Redis } from '@exchange/shared-data-access-redis';
import { startServiceProcess, type ServiceProcess } from '@exchange/shared-util-testing';

import { totpCode, totpStep } from '../../src/mfa/totp';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type SubjectKey = keyof typeof USERS_SUBJECTS;

/**
 * One users service as a real process on its own database and NATS prefix, a NATS client speaking the
 * real subjects, and a direct PostgreSQL connection for checking what was (not) written.
 */
export class UsersHarness {
  readonly run = `t_users_${process.pid}_${randomBytes(3).toString('hex')}`;
  private service!: ServiceProcess;
  private client!: ClientProxy;
  db!: Client;
  redis!: Redis;
  private readonly names = new NatsNames(this.run);

  async start(env: Record<string, string> = {}): Promise<void> {
    await createDatabase(SERVER_URL, this.run);
    this.service = startServiceProcess('apps/users/src/main.ts', {
      DATABASE_URL: databaseUrl(SERVER_URL, this.run),
      NATS_URL,
      NATS_STREAM_PREFIX: this.run,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:`,
      HTTP_PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      ARGON2_PARALLELISM: '1',
      LOGIN_FREE_ATTEMPTS: '3',
      LOGIN_LOCK_BASE_SECONDS: '2',
      LOGIN_LOCK_MAX_SECONDS: '4',
      ...env,
    });
    await this.service.waitForLog((line) => line.msg === 'listening');
    this.client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await this.client.connect();
    this.db = new Client({ connectionString: databaseUrl(SERVER_URL, this.run) });
    await this.db.connect();
    this.redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${this.run}:` });
  }

  async stop(): Promise<void> {
    await this.client?.close();
    await this.db?.end();
    if (this.redis) {
      await deleteKeysWithPrefix(this.redis);
      await this.redis.quit();
    }
    const exit = await this.service?.stop();
    await dropDatabase(SERVER_URL, this.run);
    if (exit && exit.code !== 0) throw new Error(`users exited ${exit.code}: ${this.service.stderr()}`);
  }

  /** Request/reply on the subject (with this run's prefix); rejects with the reply's error. */
  call<T = Record<string, unknown>>(key: SubjectKey, data: unknown): Promise<T> {
    return firstValueFrom(this.client.send<T>(this.names.subject(USERS_SUBJECTS[key]), data));
  }

  /** The error a request fails with; fails the test if it succeeds. */
  async error(key: SubjectKey, data: unknown): Promise<UsersRpcError> {
    try {
      const reply = await this.call(key, data);
      throw new Error(`expected ${key} to fail, got ${JSON.stringify(reply)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('expected ')) throw error;
      return error as UsersRpcError;
    }
  }

  /** Row counts of every table the service writes. */
  async counts(): Promise<Record<string, number>> {
    const tables = [
      'users',
      'sessions',
      'refresh_tokens',
      'recovery_codes',
      'api_keys',
      'audit_log',
      'login_throttle',
    ];
    const out: Record<string, number> = {};
    for (const table of tables) {
      const { rows } = await this.db.query(`select count(*)::int as n from ${table}`);
      out[table] = (rows[0] as { n: number }).n;
    }
    return out;
  }
}

/**
 * A TOTP code the service will accept next: from a step after `lastStep` and within a step of now, waiting
 * (at most one step, 30 s) when the next unused step is still in the future.
 */
export async function freshCode(
  secret: string,
  lastStep: number | null,
): Promise<{ code: string; step: number }> {
  for (;;) {
    const current = totpStep(Date.now());
    const step = Math.max(current, (lastStep ?? -Infinity) + 1);
    if (step <= current + 1) return { code: totpCode(secret, step), step };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
