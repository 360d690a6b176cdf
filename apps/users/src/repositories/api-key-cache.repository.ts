import { Inject, Injectable } from '@nestjs/common';

import { InjectRedis, Redis } from '@exchange/shared-data-access-redis';
import { APP_CONFIG } from '@exchange/shared-util-config';

import { type UsersConfig } from '../config/users.config';
import { type ApiKeyEntity } from '../entities/api-key.entity';

/** What is cached of a key: the row as stored (the HMAC secret still sealed: no secret in clear in Redis). */
type CachedRow = Omit<ApiKeyEntity, 'expiresAt' | 'revokedAt' | 'createdAt'> & {
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};

/**
 * API-key rows cached in Redis under `<prefix>users:api-key:<apiKey>` for the gateway's per-request lookup.
 * A lookup fills the cache only if the key is absent (SET NX), and a revocation overwrites the entry with the
 * revoked row, so a lookup racing a revocation can never put the live row back.
 */
@Injectable()
export class ApiKeyCacheRepository {
  private readonly ttlSeconds: number;

  constructor(
    @InjectRedis() private readonly redis: Redis,
    @Inject(APP_CONFIG) config: UsersConfig,
  ) {
    this.ttlSeconds = config.API_KEY_CACHE_TTL_SECONDS;
  }

  private key(apiKey: string): string {
    return `users:api-key:${apiKey}`;
  }

  async get(apiKey: string): Promise<ApiKeyEntity | null> {
    const text = await this.redis.get(this.key(apiKey));
    if (!text) return null;
    const row = JSON.parse(text) as CachedRow;
    return {
      ...row,
      expiresAt: row.expiresAt ? new Date(row.expiresAt) : null,
      revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
      createdAt: new Date(row.createdAt),
    };
  }

  /** Caches a row read from the database, unless an entry (say, a revocation) is already there. */
  async fill(row: ApiKeyEntity): Promise<void> {
    await this.redis.set(this.key(row.apiKey), JSON.stringify(row), 'EX', this.ttlSeconds, 'NX');
  }

  /** Drops the entry, so the next lookup reads the row from the database (after a KEK rotation re-sealed it). */
  async forget(apiKey: string): Promise<void> {
    await this.redis.del(this.key(apiKey));
  }

  /** Replaces the entry with the row as it now stands (after a revocation). */
  async replace(row: ApiKeyEntity): Promise<void> {
    await this.redis.set(this.key(row.apiKey), JSON.stringify(row), 'EX', this.ttlSeconds);
  }
}
