import { Injectable } from '@nestjs/common';

import { ApiKeyEntity } from '../entities/api-key.entity';
import { TransactionsRepository } from './transactions.repository';

/** API keys: their permissions, allow-lists, sealed HMAC secrets or Ed25519 public keys. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly tx: TransactionsRepository) {}

  private get keys() {
    return this.tx.manager.getRepository(ApiKeyEntity);
  }

  async insert(key: ApiKeyEntity): Promise<ApiKeyEntity> {
    await this.keys.insert(key);
    return key;
  }

  listByUser(userId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  findByApiKey(apiKey: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ apiKey });
  }

  /** The user's key by id, or null when the user has no such key. */
  findOwned(id: string, userId: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id, userId });
  }

  /** Writes a key's label, permissions and allow-list (the caller has checked that it is the user's and live). */
  async updateRestrictions(
    key: Pick<ApiKeyEntity, 'id' | 'label' | 'permissions' | 'ipAllowList'>,
  ): Promise<void> {
    await this.keys.update(
      { id: key.id },
      { label: key.label, permissions: key.permissions, ipAllowList: key.ipAllowList },
    );
  }

  /** Revokes the user's key if it is live; the key as it now stands, or null when the user has no such key. */
  async revoke(id: string, userId: string, now: Date): Promise<ApiKeyEntity | null> {
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ revokedAt: now })
      .where('id = :id and user_id = :userId and revoked_at is null', { id, userId })
      .execute();
    return this.findOwned(id, userId);
  }
}
