import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { connect, type NatsConnection } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { freePort, PrivatePostgres, type PrivateServer, privateNats, privateRedis } from './private-server';

export const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const SERVICES = ['matching', 'users', 'wallet', 'market-data', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

interface Running {
  entry: string;
  env: Record<string, string>;
  process: ServiceProcess;
}

/**
 * The whole exchange as real processes for fault injection: a private redis-server and nats-server (started here,
 * on ports of their own, so restarting or pausing them touches no other test), the shared PostgreSQL with databases
 * of this run only, and the five services on fixed ports so that a killed one comes back at the same address.
 */
export class ReliabilityExchange {
  readonly run = `t_rel_${process.pid}_${randomBytes(3).toString('hex')}`;
  readonly names = new NatsNames(this.run);
  readonly databases = {
    users: `${this.run}_users`,
    wallet: `${this.run}_wallet`,
    matching: `${this.run}_matching`,
    marketData: `${this.run}_md`,
    rebuilt: `${this.run}_mdr`,
  };
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'reliability-'));
  private readonly services = new Map<ServiceName, Running>();
  /** Every process started, restarted ones too, for their logs. */
  private readonly extra: ServiceProcess[] = [];
  private readonly history: { service: ServiceName; process: ServiceProcess }[] = [];
  redis!: PrivateServer;
  /** Our own PostgreSQL when asked for (`start({ privatePostgres: true })`), else the shared one. */
  postgres?: PrivatePostgres;
  nats!: PrivateServer;
  nc!: NatsConnection;
  base = '';

  constructor(readonly markets = 'BTC-USDT,ETH-USDT') {}

  get natsUrl(): string {
    return `nats://127.0.0.1:${this.nats.port}`;
  }

  get redisUrl(): string {
    return `redis://127.0.0.1:${this.redis.port}`;
  }

  get serverUrl(): string {
    return this.postgres?.url ?? SERVER_URL;
  }

  dbUrl(database: string): string {
    return databaseUrl(this.serverUrl, database);
  }

  async start(
    env: { users?: Record<string, string>; gateway?: Record<string, string>; privatePostgres?: boolean } = {},
  ): Promise<void> {
    this.redis = await privateRedis(this.dir);
    this.nats = await privateNats(path.join(this.dir, 'nats'));
    if (env.privatePostgres) {
      // The postgres OS user must reach its data folder through ours.
      chmodSync(this.dir, 0o755);
      mkdirSync(path.join(this.dir, 'pg'), { mode: 0o700 });
      this.postgres = await PrivatePostgres.create(path.join(this.dir, 'pg'));
    }
    for (const db of Object.values(this.databases)) await createDatabase(this.serverUrl, db);
    this.nc = await connect({ servers: this.natsUrl, maxReconnectAttempts: -1 });
    await new JetStreamAdmin(await this.nc.jetstreamManager(), this.names).ensureStream(STREAMS.CMD);
    await Promise.all([
      this.startService('matching', {
        DATABASE_URL: this.dbUrl(this.databases.matching),
        MATCHING_MARKETS: this.markets,
      }),
      this.startService('users', {
        DATABASE_URL: this.dbUrl(this.databases.users),
        REDIS_KEY_PREFIX: `${this.run}:users:`,
        NODE_ENV: 'test',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_TIME_COST: '1',
        ARGON2_PARALLELISM: '1',
        ...env.users,
      }),
    ]);
    await this.startService('wallet', { DATABASE_URL: this.dbUrl(this.databases.wallet) });
    await this.startService('market-data', {
      DATABASE_URL: this.dbUrl(this.databases.marketData),
      REDIS_KEY_PREFIX: `${this.run}:md:`,
    });
    const port = await this.startService('gateway', {
      REDIS_KEY_PREFIX: `${this.run}:gw:`,
      GRPC_PORT: '0',
      ...env.gateway,
    });
    this.base = `http://127.0.0.1:${port}`;
  }

  /** Another gateway process on the same services with its own settings and Redis keys; its base URL. */
  async startExtraGateway(env: Record<string, string>): Promise<string> {
    const port = await freePort();
    const child = startServiceProcess('apps/gateway/src/main.ts', {
      NATS_URL: this.natsUrl,
      NATS_STREAM_PREFIX: this.run,
      REDIS_URL: this.redisUrl,
      HTTP_PORT: String(port),
      REDIS_KEY_PREFIX: `${this.run}:gw${this.extra.length + 2}:`,
      GRPC_PORT: '0',
      ...env,
    });
    this.extra.push(child);
    this.history.push({ service: 'gateway', process: child });
    await child.waitForLog((line) => line.msg === 'listening');
    return `http://127.0.0.1:${port}`;
  }

  process(service: ServiceName): ServiceProcess {
    return this.services.get(service)!.process;
  }

  /** Error and fatal log lines of every service (including earlier processes of a restarted one) since `since`. */
  errorLogs(since = 0): string[] {
    return this.history.flatMap(({ service, process: p }) =>
      p.logs
        .filter((l) => ['error', 'fatal'].includes(String(l.level)) && Date.parse(String(l.time)) >= since)
        .map((l) =>
          `${service}: ${String(l.msg)} ${l.err ? JSON.stringify(l.err).slice(0, 300) : ''}`.trim(),
        ),
    );
  }

  /** Kills the service with the signal and waits for its exit. */
  async kill(service: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.process(service).stop(signal);
  }

  /** Starts the service again with its environment and port; resolves when it listens. */
  async restart(service: ServiceName): Promise<void> {
    const running = this.services.get(service)!;
    await this.launch(service, running.entry, running.env);
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.extra, ...[...this.services.values()].map((s) => s.process)].map((p) => p.stop()),
    );
    await this.nc?.close().catch(() => undefined);
    if (this.postgres) await this.postgres.stop();
    else for (const db of Object.values(this.databases)) await dropDatabase(SERVER_URL, db);
    await this.nats?.stop();
    await this.redis?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async startService(service: ServiceName, env: Record<string, string>): Promise<number> {
    const port = await freePort();
    const entry = `apps/${service}/src/main.ts`;
    return this.launch(service, entry, {
      NATS_URL: this.natsUrl,
      NATS_STREAM_PREFIX: this.run,
      REDIS_URL: this.redisUrl,
      HTTP_PORT: String(port),
      ...env,
    });
  }

  private async launch(service: ServiceName, entry: string, env: Record<string, string>): Promise<number> {
    const child = startServiceProcess(entry, env);
    this.services.set(service, { entry, env, process: child });
    this.history.push({ service, process: child });
    try {
      return (await child.waitForLog((line) => line.msg === 'listening')).port as number;
    } catch (error) {
      throw new Error(
        `${service} did not start: ${String(error)}; last lines ${JSON.stringify(child.logs.slice(-3))}`,
      );
    }
  }
}
