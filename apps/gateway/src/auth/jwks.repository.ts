import { Injectable } from '@nestjs/common';
import { importJWK, type JWK, type JWTVerifyGetKey, jwtVerify, errors as joseErrors } from 'jose';

import { jwksReplySchema, USERS_SUBJECTS } from '@exchange/shared-contracts';
import { InjectConfig } from '@exchange/shared-util-config';

import { type GatewayConfig } from '../config/gateway.config';
import { ClockRepository } from '../general/clock.repository';
import { ServiceClientRepository } from '../services/service-client.repository';

/** An unknown `kid` refetches the key set at most this often, so junk tokens cannot flood the users service. */
const REFETCH_INTERVAL_MS = 10_000;

type VerifyKey = Awaited<ReturnType<typeof importJWK>>;

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

/**
 * Verifies access tokens locally with the users service's public keys (`users.query.jwks.v1`), fetched once and
 * refetched when a token names a key id not seen yet (the users service rotated its signing key).
 */
@Injectable()
export class JwksRepository {
  private keys = new Map<string, VerifyKey>();
  private lastFetchMs = -Infinity;
  private fetching: Promise<void> | undefined;

  constructor(
    private readonly services: ServiceClientRepository,
    private readonly clock: ClockRepository,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {}

  /** The token's user and session, or null when it is not a valid, current access token of ours. */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    const getKey: JWTVerifyGetKey = async (header) => {
      const kid = header.kid;
      if (kid === undefined) throw new joseErrors.JWKSNoMatchingKey();
      let key = this.keys.get(kid);
      if (!key && this.clock.nowMs() - this.lastFetchMs >= REFETCH_INTERVAL_MS) {
        await this.refresh();
        key = this.keys.get(kid);
      }
      if (!key) throw new joseErrors.JWKSNoMatchingKey();
      return key;
    };
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms: ['EdDSA'],
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        currentDate: new Date(this.clock.nowMs()),
      });
      const sid = payload['sid'];
      if (typeof payload.sub !== 'string' || typeof sid !== 'string') return null;
      return { userId: payload.sub, sessionId: sid };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }

  private refresh(): Promise<void> {
    this.fetching ??= this.fetch().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private async fetch(): Promise<void> {
    const { keys } = await this.services.request(USERS_SUBJECTS.jwks, {}, jwksReplySchema);
    this.lastFetchMs = this.clock.nowMs();
    const imported = new Map<string, VerifyKey>();
    for (const jwk of keys) imported.set(jwk.kid, await importJWK(jwk as JWK, jwk.alg));
    this.keys = imported;
  }
}
