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
 * real subjects, and a direct PostgreSQL connection for checking what was (not) written. A harness made with
 * `shareStorageWith` runs a second pod: its own subject prefix (so requests reach exactly that process), the
 * other's database and Redis key prefix.
 */
export class UsersHarness {
  readonly run = `t_users_${process.pid}_${randomBytes(3).toString('hex')}`;
  /** The database's name and the Redis key prefix's stem: this run's, or the harness it shares storage with. */
  private readonly storage: string;
  private readonly ownsStorage: boolean;
  private service!: ServiceProcess;
  private client!: ClientProxy;
  private env: Record<string, string> = {};
  db!: Client;
  redis!: Redis;
  private readonly names = new NatsNames(this.run);

  constructor(options: { shareStorageWith?: UsersHarness } = {}) {
    this.storage = options.shareStorageWith?.storage ?? this.run;
    this.ownsStorage = !options.shareStorageWith;
  }

  get databaseUrl(): string {
    return databaseUrl(SERVER_URL, this.storage);
  }

  get redisKeyPrefix(): string {
    return `${this.storage}:`;
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    if (this.ownsStorage) await createDatabase(SERVER_URL, this.storage);
    this.env = env;
    await this.startService();
    this.client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await this.client.connect();
    this.db = new Client({ connectionString: this.databaseUrl });
    await this.db.connect();
    this.redis = createRedisClient({ url: REDIS_URL, keyPrefix: this.redisKeyPrefix });
  }

  /** Starts the service process (again), with `env` over what `start` was given. */
  async startService(env: Record<string, string> = {}): Promise<void> {
    this.service = startServiceProcess('apps/users/src/main.ts', {
      DATABASE_URL: this.databaseUrl,
      NATS_URL,
      NATS_STREAM_PREFIX: this.run,
      REDIS_URL,
      REDIS_KEY_PREFIX: this.redisKeyPrefix,
      HTTP_PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      ARGON2_PARALLELISM: '1',
      LOGIN_FREE_ATTEMPTS: '3',
      LOGIN_LOCK_BASE_SECONDS: '2',
      LOGIN_LOCK_MAX_SECONDS: '4',
      ...this.env,
      ...env,
    });
    await this.service.waitForLog((line) => line.msg === 'listening');
  }

  /** Stops the service process (SIGTERM); fails when it does not exit cleanly. */
  async stopService(): Promise<void> {
    const exit = await this.service.stop();
    if (exit.code !== 0) throw new Error(`users exited ${exit.code}: ${this.service.stderr()}`);
  }

  /** Stops everything; the harness owning the storage also drops the database and deletes the Redis keys. */
  async stop(): Promise<void> {
    await this.client?.close();
    await this.db?.end();
    if (this.redis) {
      if (this.ownsStorage) await deleteKeysWithPrefix(this.redis);
      await this.redis.quit();
    }
    const exit = await this.service?.stop();
    if (this.ownsStorage) await dropDatabase(SERVER_URL, this.storage);
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
    const tables = ['users', 'sessions', 'refresh_tokens', 'recovery_codes', 'api_keys', 'audit_log'];
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
