import { Injectable } from '@nestjs/common';

import {
  apiKeyLookupReplySchema,
  type ApiKeyLookupReply,
  USERS_SUBJECTS,
  UsersErrorCode,
} from '@exchange/shared-contracts';
import { InjectConfig } from '@exchange/shared-util-config';

import { type GatewayConfig } from '../config/gateway.config';
import { ClockRepository } from '../general/clock.repository';
import { ServiceClientRepository, ServiceRequestError } from '../services/service-client.repository';

const MAX_CACHED_KEYS = 10_000;

/**
 * Looks API keys up with the users service (`users.query.api-key.v1`) and keeps each answer, found or not, for
 * `API_KEY_CACHE_MS` in this process: a signed request costs no round trip while the key stays in use, and a
 * revoked key stops working within that time.
 */
@Injectable()
export class ApiKeyRepository {
  private readonly cache = new Map<string, { key: ApiKeyLookupReply | null; until: number }>();

  constructor(
    private readonly services: ServiceClientRepository,
    private readonly clock: ClockRepository,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {}

  /** The key's record, or null when the users service knows no live key by that name. */
  async find(apiKey: string): Promise<ApiKeyLookupReply | null> {
    const now = this.clock.nowMs();
    const hit = this.cache.get(apiKey);
    if (hit && hit.until > now) return hit.key;
    let key: ApiKeyLookupReply | null;
    try {
      key = await this.services.request(USERS_SUBJECTS.apiKey, { apiKey }, apiKeyLookupReplySchema);
    } catch (error) {
      if (!(error instanceof ServiceRequestError) || !isDeadKey(error.serviceError.code)) throw error;
      key = null;
    }
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
    this.cache.set(apiKey, { key, until: now + this.config.API_KEY_CACHE_MS });
    return key;
  }
}

function isDeadKey(code: number | string): boolean {
  return (
    code === UsersErrorCode.API_KEY_NOT_FOUND ||
    code === UsersErrorCode.API_KEY_REVOKED ||
    code === UsersErrorCode.API_KEY_EXPIRED ||
    code === UsersErrorCode.VALIDATION_FAILED
  );
}
