import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * The five services as real processes on a run prefix of their own (databases, streams, subjects, Redis keys),
 * started as the gateway's integration specs start them; `stop()` removes everything the run created.
 */
export class ServicesHarness {
  readonly run = `t_lg_${process.pid}_${randomBytes(3).toString('hex')}`;
  private readonly names = new NatsNames(this.run);
  private readonly services: ServiceProcess[] = [];
  private readonly databases = ['users', 'wallet', 'matching', 'md'].map((d) => `${this.run}_${d}`);
  private nc?: NatsConnection;
  baseUrl = '';

  constructor(private readonly markets: string) {}

  async start(): Promise<void> {
    for (const db of this.databases) await createDatabase(SERVER_URL, db);
    this.nc = await connect({ servers: NATS_URL });
    await new JetStreamAdmin(await this.nc.jetstreamManager(), this.names).ensureStream(STREAMS.CMD);
    const [users, wallet, matching, md] = this.databases.map((db) => databaseUrl(SERVER_URL, db));
    await this.startService('apps/matching/src/main.ts', {
      DATABASE_URL: matching!,
      MATCHING_MARKETS: this.markets,
    });
    await this.startService('apps/users/src/main.ts', {
      DATABASE_URL: users!,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${this.run}:users:`,
      NODE_ENV: 'test',
      // Cheap password hashing: the spec is about the bots, not argon2's cost.
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
      // Any free port for gRPC, so that this gateway never collides with another suite's.
      GRPC_PORT: '0',
    });
    this.baseUrl = `http://127.0.0.1:${port}`;
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
      ...env,
    });
    this.services.push(service);
    return (await service.waitForLog((line) => line.msg === 'listening')).port as number;
  }
}
