import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';

import { GatewayClient } from './gateway-client';
import { type ServiceProcess, startServiceProcess } from './service-process';

/** The exchange's services, in the order they start: matching and users together, then one by one. */
export const EXCHANGE_SERVICES = ['matching', 'users', 'wallet', 'market-data', 'gateway'] as const;
export type ExchangeService = (typeof EXCHANGE_SERVICES)[number];

/** Extra environment per service, laid over the harness's own. */
export type ExchangeServiceEnv = Partial<Record<ExchangeService, Record<string, string>>>;

/** Where PostgreSQL (a server URL: the run's databases are made beside it), Redis and NATS are. */
export interface ExchangeServers {
  postgres: string;
  redis: string;
  nats: string;
}

/** The local servers `tools/dev` makes ready, or those `DATABASE_SERVER_URL`, `REDIS_URL`, `NATS_URL` name. */
export function localServers(): ExchangeServers {
  return {
    postgres: process.env['DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redis: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    nats: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  };
}

export interface ExchangeHarnessOptions {
  /** Names the run `t_<tag>_<pid>_<6 hex>`: the prefix of its databases, streams, subjects and Redis keys. */
  tag: string;
  /** The services to start (always in the exchange's order); all five by default. */
  services?: readonly ExchangeService[];
  /** The markets matching runs (`MATCHING_MARKETS`); `BTC-USDT,ETH-USDT` by default. */
  markets?: string;
  /** Extra environment of one service (e.g. `{ gateway: { HTTP_PORT: '8080', ORDER_LIMIT_PER_10S: '25' } }`). */
  env?: ExchangeServiceEnv;
  /** Extra environment of every service (e.g. where they export traces). */
  commonEnv?: Record<string, string>;
  /** More scratch databases of the run (`<run>_<name>`), dropped with the services' own. */
  extraDatabases?: readonly string[];
  /** The servers; `localServers()` by default. May be replaced before `start()`. */
  servers?: ExchangeServers;
  /** How often the harness's own NATS connection reconnects (-1: for ever, for specs that restart NATS). */
  natsMaxReconnectAttempts?: number;
}

/** The database of each service that has one, by the suffix it gets after the run prefix. */
const DATABASE_SUFFIX: Partial<Record<ExchangeService, string>> = {
  users: 'users',
  wallet: 'wallet',
  matching: 'matching',
  'market-data': 'md',
};

/** The Redis key prefix of each service that uses Redis, after `<run>:`. */
const REDIS_PREFIX: Partial<Record<ExchangeService, string>> = {
  users: 'users',
  'market-data': 'md',
  gateway: 'gw',
};

interface Running {
  env: Record<string, string>;
  port: number;
  process: ServiceProcess;
}

/**
 * The whole exchange (or the services asked for) as real processes on real PostgreSQL, Redis and NATS, under a
 * run prefix of its own: a database per service, the NATS stream and subject prefix (`NATS_STREAM_PREFIX`, which
 * also names KV buckets), and Redis key prefixes. `stop()` ends every process it started and removes the
 * databases, streams, KV buckets and keys of the run. As a `GatewayClient` of its first gateway it signs up
 * traders and sends signed calls.
 */
export class ExchangeHarness extends GatewayClient {
  readonly run: string;
  readonly names: NatsNames;
  /** The gateway's gRPC address (`127.0.0.1:<port>`), once started. */
  grpc = '';
  servers: ExchangeServers;
  /** The harness's own NATS connection, once started. */
  nc!: NatsConnection;
  /** Every service listening, by app (`gateway`, `wallet`, ...), with its HTTP port (`/metrics`, `/health`). */
  readonly listening: { app: ExchangeService; port: number }[] = [];
  /** Every process started, extra gateways and restarted services too, in order. */
  readonly processes: { service: ExchangeService; process: ServiceProcess }[] = [];
  private readonly running = new Map<ExchangeService, Running>();
  private readonly selected: ReadonlySet<ExchangeService>;

  constructor(private readonly options: ExchangeHarnessOptions) {
    super();
    this.run = `t_${options.tag}_${process.pid}_${randomBytes(3).toString('hex')}`;
    this.names = new NatsNames(this.run);
    this.servers = options.servers ?? localServers();
    this.selected = new Set(options.services ?? EXCHANGE_SERVICES);
  }

  /** Every database of the run, the services' and the extra ones. */
  get databaseNames(): string[] {
    const own = EXCHANGE_SERVICES.filter((s) => this.selected.has(s) && DATABASE_SUFFIX[s]).map(
      (s) => DATABASE_SUFFIX[s]!,
    );
    return [...own, ...(this.options.extraDatabases ?? [])].map((suffix) => this.databaseName(suffix));
  }

  /** `<run>_<suffix>`: a database of this run. */
  databaseName(suffix: string): string {
    return `${this.run}_${suffix}`;
  }

  /** The URL of a database on this run's PostgreSQL server. */
  databaseUrl(database: string): string {
    return databaseUrl(this.servers.postgres, database);
  }

  /** Creates the databases and the CMD stream, then starts the services; `env` adds to the options' env. */
  async start(env: ExchangeServiceEnv = {}): Promise<void> {
    for (const db of this.databaseNames) await createDatabase(this.servers.postgres, db);
    this.nc = await connect({
      servers: this.servers.nats,
      maxReconnectAttempts: this.options.natsMaxReconnectAttempts ?? 10,
    });
    await new JetStreamAdmin(await this.nc.jetstreamManager(), this.names).ensureStream(STREAMS.CMD);
    const envOf = (service: ExchangeService) => ({ ...this.options.env?.[service], ...env[service] });
    const services = EXCHANGE_SERVICES.filter((s) => this.selected.has(s));
    // Matching makes the event stream that wallet and market-data consume; users depends on neither.
    const together: ExchangeService[] = services.filter((s) => s === 'matching' || s === 'users');
    await Promise.all(together.map((s) => this.startService(s, envOf(s))));
    for (const service of services) {
      if (!together.includes(service)) await this.startService(service, envOf(service));
    }
    const gateway = this.running.get('gateway');
    if (gateway) {
      this.base = `http://127.0.0.1:${gateway.port}`;
      const grpc = await gateway.process.waitForLog((line) => line.msg === 'grpc listening');
      this.grpc = `127.0.0.1:${String(grpc.port)}`;
    }
  }

  /**
   * Another gateway on the same services, with the options' gateway environment and `env` (the same Redis keys
   * unless `env` names others); its base URL.
   */
  async startGateway(env: Record<string, string> = {}): Promise<string> {
    return (await this.startGatewayProcess(env)).base;
  }

  /** `startGateway`, with the gateway's process (to stop or kill that one gateway). */
  async startGatewayProcess(
    env: Record<string, string> = {},
  ): Promise<{ base: string; port: number; process: ServiceProcess }> {
    const { port, process } = await this.launch(
      'gateway',
      this.serviceEnv('gateway', { ...this.options.env?.gateway, ...env }),
    );
    return { base: `http://127.0.0.1:${port}`, port, process };
  }

  /** The process of a service the harness started (the latest, after a restart). */
  process(service: ExchangeService): ServiceProcess {
    const running = this.running.get(service);
    if (!running) throw new Error(`${service} was not started`);
    return running.process;
  }

  /** Sends the service a signal (SIGKILL by default) and waits for its exit. */
  async kill(service: ExchangeService, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.process(service).stop(signal);
  }

  /** Starts the service again with its environment, on the HTTP port it had; resolves when it listens. */
  async restart(service: ExchangeService): Promise<void> {
    const running = this.running.get(service);
    if (!running) throw new Error(`${service} was not started`);
    const relaunched = await this.launch(service, { ...running.env, HTTP_PORT: String(running.port) });
    this.running.set(service, relaunched);
  }

  /** Error and fatal lines the services logged at or after `since` (epoch ms), restarted processes' too. */
  errorLogs(since = 0): string[] {
    return this.processes.flatMap(({ service, process: p }) =>
      p.logs
        .filter((l) => ['error', 'fatal'].includes(String(l.level)) && Date.parse(String(l.time)) >= since)
        .map((l) =>
          `${service}: ${String(l.msg)} ${l.err ? JSON.stringify(l.err).slice(0, 300) : ''}`.trim(),
        ),
    );
  }

  /** Ends every process and removes what the run created; every step is tried, the first failure thrown. */
  async stop(): Promise<void> {
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    };
    await attempt(() => this.stopServices());
    await attempt(() => this.removeStreams());
    await attempt(() => this.dropDatabases());
    await attempt(() => this.removeRedisKeys());
    if (failures.length) throw failures[0];
  }

  /** Sends SIGTERM to every process still running and waits for them all. */
  async stopServices(): Promise<void> {
    await Promise.all(this.processes.map(({ process: p }) => p.stop()));
  }

  /** Deletes the run's streams and KV buckets and closes the harness's NATS connection. */
  async removeStreams(): Promise<void> {
    if (!this.nc || this.nc.isClosed()) return;
    try {
      await new JetStreamAdmin(await this.nc.jetstreamManager(), this.names).deleteAllWithPrefix();
    } finally {
      await this.nc.close();
    }
  }

  async dropDatabases(): Promise<void> {
    for (const db of this.databaseNames) await dropDatabase(this.servers.postgres, db);
  }

  async removeRedisKeys(): Promise<void> {
    const redis = createRedisClient({ url: this.servers.redis, keyPrefix: `${this.run}:` });
    try {
      await deleteKeysWithPrefix(redis);
    } finally {
      await redis.quit();
    }
  }

  /** The service's environment: NATS, its database and Redis keys, then the options' and the caller's. */
  private serviceEnv(service: ExchangeService, env: Record<string, string>): Record<string, string> {
    const database = DATABASE_SUFFIX[service];
    const redisPrefix = REDIS_PREFIX[service];
    return {
      NATS_URL: this.servers.nats,
      NATS_STREAM_PREFIX: this.run,
      HTTP_PORT: '0',
      NODE_ENV: 'test',
      ...(database && { DATABASE_URL: this.databaseUrl(this.databaseName(database)) }),
      ...(redisPrefix && { REDIS_URL: this.servers.redis, REDIS_KEY_PREFIX: `${this.run}:${redisPrefix}:` }),
      ...(service === 'matching' && { MATCHING_MARKETS: this.options.markets ?? 'BTC-USDT,ETH-USDT' }),
      ...(service === 'users' && {
        // Cheap password hashing: the specs are about the exchange, not argon2's cost.
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_TIME_COST: '1',
        ARGON2_PARALLELISM: '1',
      }),
      // A free gRPC port rather than 9090, so that gateways of parallel runs never collide.
      ...(service === 'gateway' && { GRPC_PORT: '0' }),
      ...this.options.commonEnv,
      ...env,
    };
  }

  private async startService(service: ExchangeService, env: Record<string, string>): Promise<void> {
    this.running.set(service, await this.launch(service, this.serviceEnv(service, env)));
  }

  private async launch(service: ExchangeService, env: Record<string, string>): Promise<Running> {
    const entry = `apps/${service}/src/main.ts`;
    const child = startServiceProcess(entry, env);
    this.processes.push({ service, process: child });
    try {
      const port = (await child.waitForLog((line) => line.msg === 'listening')).port as number;
      this.listening.push({ app: service, port });
      return { env, port, process: child };
    } catch (error) {
      const lastLines = child.logs.slice(-5).map((line) => JSON.stringify(line).slice(0, 1000));
      throw new Error(`${service} did not start: ${(error as Error).message}\n${lastLines.join('\n')}`);
    }
  }
}
