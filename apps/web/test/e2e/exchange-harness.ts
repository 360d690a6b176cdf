import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess, WORKSPACE_ROOT } from '@exchange/shared-util-testing';

const SERVER_URL = process.env['DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

/**
 * The whole exchange for one spec file, the way the gateway's integration specs start it: every service a real
 * process on real PostgreSQL, Redis and NATS, under this run's own databases, key prefix and stream prefix, and
 * the gateway serving the web build. `stop` removes everything the run created.
 */
export class ExchangeHarness {
  readonly run = `t_web_e2e_${process.pid}_${randomBytes(3).toString('hex')}`;
  private readonly names = new NatsNames(this.run);
  private readonly services: ServiceProcess[] = [];
  private readonly databases = ['matching', 'md', 'wallet', 'users'].map((name) => `${this.run}_${name}`);
  private readonly logsRead: number[] = [];
  private nc: NatsConnection | undefined;
  baseUrl = '';

  async start(): Promise<void> {
    execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'error'], {
      cwd: WORKSPACE_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    for (const db of this.databases) await createDatabase(SERVER_URL, db);
    this.nc = await connect({ servers: NATS_URL });
    await new JetStreamAdmin(await this.nc.jetstreamManager(), this.names).ensureStream(STREAMS.CMD);
    const db = (name: string) => databaseUrl(SERVER_URL, `${this.run}_${name}`);
    await this.startService('apps/matching/src/main.ts', {
      DATABASE_URL: db('matching'),
      MATCHING_MARKETS: 'BTC-USDT',
    });
    await this.startService('apps/market-data/src/main.ts', {
      DATABASE_URL: db('md'),
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:md:`,
    });
    await this.startService('apps/wallet/src/main.ts', { DATABASE_URL: db('wallet') });
    await this.startService('apps/users/src/main.ts', {
      DATABASE_URL: db('users'),
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:users:`,
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      ARGON2_PARALLELISM: '1',
    });
    const port = await this.startService('apps/gateway/src/main.ts', {
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:gw:`,
      RATE_LIMIT_WEIGHT_PER_MINUTE: '60000',
      // Any free port for gRPC, so that this gateway never collides with another suite's.
      GRPC_PORT: '0',
    });
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  /** Error lines the services logged since the last call: shown with a failed journey to say why. */
  takeServiceErrors(): string[] {
    const errors: string[] = [];
    this.services.forEach((service, index) => {
      const fresh = service.logs.slice(this.logsRead[index] ?? 0);
      this.logsRead[index] = service.logs.length;
      for (const line of fresh)
        if (Number(line['level']) >= 50) errors.push(JSON.stringify(line).slice(0, 2000));
    });
    return errors;
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

  private async startService(entry: string, env: Record<string, string>): Promise<number> {
    const service = startServiceProcess(entry, {
      NATS_URL,
      NATS_STREAM_PREFIX: this.run,
      HTTP_PORT: '0',
      NODE_ENV: 'test',
      ...env,
    });
    this.services.push(service);
    try {
      return (await service.waitForLog((line) => line.msg === 'listening')).port as number;
    } catch (error) {
      const lastLines = service.logs.slice(-5).map((line) => JSON.stringify(line).slice(0, 1000));
      throw new Error(`${entry} did not start: ${(error as Error).message}\n${lastLines.join('\n')}`);
    }
  }
}
