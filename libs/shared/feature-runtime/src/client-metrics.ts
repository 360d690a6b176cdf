import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type NatsConnection } from 'nats';
import { Counter, Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';

import { NATS_CONNECTION } from '@exchange/shared-data-access-nats';
import { REDIS, type Redis } from '@exchange/shared-data-access-redis';

import { METRICS_REGISTRY } from './metrics-token';

/** What the pg driver's pool exposes (TypeORM's postgres driver keeps it as `driver.master`). */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  on(event: 'error', listener: (error: Error) => void): void;
}

/**
 * Pool and error metrics of the service's clients, for whichever of PostgreSQL, Redis and NATS the app has:
 * `pg_pool_connections{state}` and `pg_pool_errors_total`, `redis_client_connected` and
 * `redis_client_errors_total`, `nats_client_connected` and `nats_client_events_total{type}` (disconnects,
 * reconnects, errors, ... as the NATS client reports them).
 */
@Injectable()
export class ClientMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  onApplicationBootstrap(): void {
    const postgres = this.find<DataSource>(DataSource);
    if (postgres) this.postgres(postgres);
    const redis = this.find<Redis>(REDIS);
    if (redis) this.redis(redis);
    const nats = this.find<NatsConnection>(NATS_CONNECTION);
    if (nats) this.nats(nats);
  }

  private find<T>(token: symbol | (abstract new (...args: never[]) => unknown)): T | undefined {
    try {
      return this.moduleRef.get<T>(token as symbol, { strict: false });
    } catch {
      return undefined;
    }
  }

  private postgres(dataSource: DataSource): void {
    const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    const errors = new Counter({
      name: 'pg_pool_errors_total',
      help: 'Errors the PostgreSQL pool reported on idle connections (lost connections, server restarts).',
      registers: [this.registry],
    });
    pool.on('error', () => errors.inc());
    new Gauge({
      name: 'pg_pool_connections',
      help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  private redis(redis: Redis): void {
    const errors = new Counter({
      name: 'redis_client_errors_total',
      help: 'Errors the Redis client reported (connection lost, refused, timeouts).',
      registers: [this.registry],
    });
    redis.on('error', () => errors.inc());
    new Gauge({
      name: 'redis_client_connected',
      help: '1 while the Redis client is connected and ready, 0 otherwise.',
      registers: [this.registry],
      collect() {
        this.set(redis.status === 'ready' ? 1 : 0);
      },
    });
  }

  private nats(connection: NatsConnection): void {
    const events = new Counter({
      name: 'nats_client_events_total',
      help: 'Status events of the NATS connection by type (disconnect, reconnect, error, staleConnection, ...).',
      labelNames: ['type'],
      registers: [this.registry],
    });
    let connected = true;
    new Gauge({
      name: 'nats_client_connected',
      help: '1 while the NATS connection is up, 0 while it is disconnected or closed.',
      registers: [this.registry],
      collect() {
        this.set(connected && !connection.isClosed() ? 1 : 0);
      },
    });
    void (async () => {
      for await (const status of connection.status()) {
        events.inc({ type: status.type });
        if (status.type === 'disconnect') connected = false;
        if (status.type === 'reconnect') connected = true;
      }
    })().catch(() => undefined);
  }
}
