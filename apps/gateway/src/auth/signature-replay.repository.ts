import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { InjectRedis, type Redis } from '@exchange/shared-data-access-redis';

/**
 * Signatures of state-changing requests already received, in Redis (shared by every gateway pod) for as long as
 * their timestamp could still pass: a captured request replayed within its recvWindow is refused.
 */
@Injectable()
export class SignatureReplayRepository {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  /** True the first time a signature is seen; false when it was seen within `ttlMs` before. */
  async claim(signature: string, ttlMs: number): Promise<boolean> {
    const digest = createHash('sha256').update(signature).digest('base64url');
    return (await this.redis.set(`sig:${digest}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
}
