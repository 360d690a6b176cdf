import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  EXCHANGE_SERVICES,
  ExchangeHarness,
  type ExchangeService,
  localServers,
} from '@exchange/shared-util-testing';

import { PrivatePostgres, type PrivateServer, privateNats, privateRedis } from './private-server';

export const SERVER_URL = localServers().postgres;

export const SERVICES = EXCHANGE_SERVICES;
export type ServiceName = ExchangeService;

/**
 * The whole exchange as real processes for fault injection: the shared harness of `@exchange/shared-util-testing`
 * (`kill`, `restart` on the same port, `process`, `errorLogs`) on a private redis-server and nats-server (started
 * here, on ports of their own, so restarting or pausing them touches no other test) and the shared PostgreSQL with
 * databases of this run only, or a private PostgreSQL when asked for.
 */
export class ReliabilityExchange extends ExchangeHarness {
  readonly databases = {
    users: this.databaseName('users'),
    wallet: this.databaseName('wallet'),
    matching: this.databaseName('matching'),
    marketData: this.databaseName('md'),
    rebuilt: this.databaseName('mdr'),
  };
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'reliability-'));
  private extraGateways = 0;
  redis!: PrivateServer;
  /** Our own PostgreSQL when asked for (`start({ privatePostgres: true })`), else the shared one. */
  postgres?: PrivatePostgres;
  nats!: PrivateServer;

  /** `commonEnv`: settings for every service process (a bench's profiling preload, say). */
  constructor(
    readonly markets = 'BTC-USDT,ETH-USDT',
    commonEnv: Record<string, string> = {},
  ) {
    // The harness's own connection outlives NATS restarts of the fault scenarios.
    super({ tag: 'rel', markets, extraDatabases: ['mdr'], natsMaxReconnectAttempts: -1, commonEnv });
  }

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
    return this.databaseUrl(database);
  }

  override async start(
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
    this.servers = { postgres: this.serverUrl, redis: this.redisUrl, nats: this.natsUrl };
    await super.start({ users: env.users, gateway: env.gateway });
  }

  /** Another gateway process on the same services with its own settings and Redis keys; its base URL. */
  startExtraGateway(env: Record<string, string>): Promise<string> {
    this.extraGateways += 1;
    return this.startGateway({ REDIS_KEY_PREFIX: `${this.run}:gw${this.extraGateways + 1}:`, ...env });
  }

  /** Ends every process, then the private servers (and their data) with them; the shared PostgreSQL's databases go. */
  override async stop(): Promise<void> {
    await this.stopServices();
    await this.nc?.close().catch(() => undefined);
    if (this.postgres) await this.postgres.stop();
    else await this.dropDatabases();
    await this.nats?.stop();
    await this.redis?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
