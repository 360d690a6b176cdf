import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { type UsersClientInfo, type SessionView, type TokenPair } from '@exchange/shared-contracts';
import { APP_CONFIG } from '@exchange/shared-util-config';

import { type UsersConfig } from '../config/users.config';
import { UsersError, UsersErrorCode } from '../errors/users.error';
import { AuditLogRepository } from '../repositories/audit-log.repository';
import { ClockRepository } from '../repositories/clock.repository';
import { SessionsRepository } from '../repositories/sessions.repository';
import { TransactionsRepository } from '../repositories/transactions.repository';
import { hashToken, newRefreshToken } from './refresh-family';
import { TokenSigner } from './token-signer';

export interface Caller {
  userId: string;
  sessionId: string;
}

/** Sessions: issuing, rotating and revoking tokens, and telling who calls from an access token. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditLogRepository,
    private readonly tx: TransactionsRepository,
    private readonly clock: ClockRepository,
    private readonly signer: TokenSigner,
    @Inject(APP_CONFIG) private readonly config: UsersConfig,
  ) {}

  /** A new session (refresh-token family) for the user, with its first token pair. */
  async open(userId: string, client: UsersClientInfo | undefined): Promise<TokenPair> {
    const now = this.clock.now();
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    const refreshExpiresAt = this.refreshExpiry(now);
    await this.sessions.create(
      { id: sessionId, userId, ip: client?.ip ?? null, device: client?.device ?? null },
      hashToken(refreshToken),
      refreshExpiresAt,
      now,
    );
    return this.pair(userId, sessionId, refreshToken, refreshExpiresAt, now);
  }

  async refresh(refreshToken: string, client: UsersClientInfo | undefined): Promise<TokenPair> {
    const now = this.clock.now();
    const next = newRefreshToken();
    const nextExpiresAt = this.refreshExpiry(now);
    // A reuse revokes the family; its audit row commits with that revocation.
    const result = await this.tx.run(async () => {
      const outcome = await this.sessions.rotate(
        hashToken(refreshToken),
        { tokenHash: hashToken(next), expiresAt: nextExpiresAt },
        { ip: client?.ip ?? null, device: client?.device ?? null },
        now,
      );
      if (outcome.outcome === 'reuse')
        await this.audit.append({
          userId: outcome.userId,
          event: 'REFRESH_TOKEN_REUSED',
          ip: client?.ip,
          details: { sessionId: outcome.sessionId },
          now,
        });
      return outcome;
    });
    if (result.outcome === 'reuse') {
      throw new UsersError(
        UsersErrorCode.REFRESH_TOKEN_REUSED,
        'refresh token already used: the session is revoked, log in again',
      );
    }
    if (result.outcome !== 'rotate')
      throw new UsersError(UsersErrorCode.REFRESH_TOKEN_INVALID, `refresh token ${result.outcome}`);
    return this.pair(result.userId, result.sessionId, next, nextExpiresAt, now);
  }

  async logout(refreshToken: string): Promise<number> {
    const now = this.clock.now();
    return this.tx.run(async () => {
      const result = await this.sessions.revokeByToken(hashToken(refreshToken), now);
      if (!result) throw new UsersError(UsersErrorCode.REFRESH_TOKEN_INVALID, 'unknown refresh token');
      if (result.revoked) await this.audit.append({ userId: result.userId, event: 'LOGOUT', now });
      return result.revoked ? 1 : 0;
    });
  }

  async logoutEverywhere(caller: Caller): Promise<number> {
    const now = this.clock.now();
    return this.tx.run(async () => {
      const count = await this.sessions.revokeAllForUser(caller.userId, 'logout-everywhere', now);
      await this.audit.append({
        userId: caller.userId,
        event: 'LOGOUT_EVERYWHERE',
        details: { sessions: count },
        now,
      });
      return count;
    });
  }

  async revokeOne(caller: Caller, sessionId: string): Promise<number> {
    const now = this.clock.now();
    return this.tx.run(async () => {
      if (!(await this.sessions.revokeOne(caller.userId, sessionId, 'revoked-by-user', now)))
        throw new UsersError(UsersErrorCode.SESSION_NOT_FOUND, 'no such live session');
      await this.audit.append({ userId: caller.userId, event: 'LOGOUT', details: { sessionId }, now });
      return 1;
    });
  }

  /** Ends every session of the user but the caller's (after a password change, in its transaction); how many. */
  revokeOthers(caller: Caller, reason: string): Promise<number> {
    return this.sessions.revokeAllForUser(caller.userId, reason, this.clock.now(), caller.sessionId);
  }

  /** The caller of a valid access token whose session is still live; ACCESS_TOKEN_INVALID / SESSION_REVOKED else. */
  async authenticate(accessToken: string): Promise<Caller> {
    const claims = await this.signer.verify(accessToken, this.clock.now());
    if (!claims) throw new UsersError(UsersErrorCode.ACCESS_TOKEN_INVALID, 'access token invalid or expired');
    const session = await this.sessions.findLive(claims.sessionId);
    if (!session || session.userId !== claims.userId)
      throw new UsersError(UsersErrorCode.SESSION_REVOKED, 'the session of this access token has ended');
    return claims;
  }

  async list(caller: Caller): Promise<SessionView[]> {
    const sessions = await this.sessions.listLive(caller.userId, this.clock.now());
    return sessions.map((session) => ({
      sessionId: session.id,
      device: session.device,
      ip: session.ip,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      current: session.id === caller.sessionId,
    }));
  }

  jwks() {
    return this.signer.jwks();
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  }

  private async pair(
    userId: string,
    sessionId: string,
    refreshToken: string,
    refreshExpiresAt: Date,
    now: Date,
  ): Promise<TokenPair> {
    const access = await this.signer.sign({ userId, sessionId }, now);
    return {
      userId,
      sessionId,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken,
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
    };
  }
}
