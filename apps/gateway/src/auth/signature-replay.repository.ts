import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { InjectRedis, type Redis } from '@exchange/shared-data-access-redis';

interface Claim {
  key: string;
  ttlMs: number;
  resolve: (first: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Signatures of state-changing requests already received, in Redis (shared by every gateway pod) for as long as
 * their timestamp could still pass: a captured request replayed within its recvWindow is refused.
 *
 * The claims made in one turn of the event loop (the orders whose requests arrived together) go to Redis as one
 * pipeline, written once after the turn's I/O callbacks (`setImmediate`): one socket write and one reply read for
 * all of them instead of one each. Each is still its own `SET NX`, in the order made, so the answers are the same
 * (a signature claimed twice in one batch: the second is refused).
 */
@Injectable()
export class SignatureReplayRepository {
  private pending: Claim[] = [];

  constructor(@InjectRedis() private readonly redis: Redis) {}

  /** True the first time a signature is seen; false when it was seen within `ttlMs` before. */
  claim(signature: string, ttlMs: number): Promise<boolean> {
    const digest = createHash('sha256').update(signature).digest('base64url');
    return new Promise((resolve, reject) => {
      if (this.pending.push({ key: `sig:${digest}`, ttlMs, resolve, reject }) === 1)
        setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 1) {
      // Alone in its turn: a plain command, without a pipeline's bookkeeping.
      const [claim] = batch as [Claim];
      this.redis
        .set(claim.key, '1', 'PX', claim.ttlMs, 'NX')
        .then((reply) => claim.resolve(reply === 'OK'), claim.reject);
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const claim of batch) pipeline.set(claim.key, '1', 'PX', claim.ttlMs, 'NX');
    pipeline.exec().then(
      (results) =>
        batch.forEach((claim, i) => {
          const [error, reply] = results?.[i] ?? [new Error('no reply from Redis for a pipelined SET')];
          if (error) claim.reject(error);
          else claim.resolve(reply === 'OK');
        }),
      (error: unknown) => batch.forEach((claim) => claim.reject(error)),
    );
  }
}
