import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

export { Redis };

/** Injection token of the service's Redis client; every key it writes carries the configured prefix. */
export const REDIS = Symbol('REDIS');

export const InjectRedis = (): ParameterDecorator => Inject(REDIS);

export interface RedisModuleOptions {
  url: string;
  /** Prepended to every key (`exchange:` in production, a per-run prefix in tests). */
  keyPrefix: string;
  connectionName?: string;
}

export function createRedisClient({ url, keyPrefix, connectionName }: RedisModuleOptions): Redis {
  return new Redis(url, { keyPrefix, connectionName, maxRetriesPerRequest: 3, enableReadyCheck: true });
}

/** Answers readiness with a PING that must come back PONG. */
@Injectable()
export class RedisHealthIndicator {
  readonly name = 'redis';

  constructor(@InjectRedis() private readonly redis: Redis) {}

  async check(): Promise<void> {
    const reply = await this.redis.ping();
    if (reply !== 'PONG') throw new Error(`unexpected PING reply ${reply}`);
  }
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Module({})
export class RedisModule {
  static forRoot(options: RedisModuleOptions): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        { provide: REDIS, useFactory: () => createRedisClient(options) },
        RedisHealthIndicator,
        RedisLifecycle,
      ],
      exports: [REDIS, RedisHealthIndicator],
    };
  }
}

/** Deletes every key under the client's prefix (test clean-up); returns how many went. */
export async function deleteKeysWithPrefix(redis: Redis): Promise<number> {
  const prefix = redis.options.keyPrefix ?? '';
  if (!prefix) throw new Error('refusing to delete keys without a key prefix');
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) {
      // SCAN returns full key names; the client would prefix them again, so strip the prefix.
      deleted += await redis.del(...keys.map((key) => key.slice(prefix.length)));
    }
  } while (cursor !== '0');
  return deleted;
}
