import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';

import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { SessionEntity } from '../entities/session.entity';
import { decideRefresh } from '../sessions/refresh-family';
import { TransactionsRepository } from './transactions.repository';

export interface NewSession {
  id: string;
  userId: string;
  device: string | null;
  ip: string | null;
}

export type RotateOutcome =
  | { outcome: 'rotate'; sessionId: string; userId: string }
  | { outcome: 'reuse'; sessionId: string; userId: string }
  | { outcome: 'invalid' | 'expired' };

/** Sessions (refresh-token families) and their refresh tokens, stored by hash. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly tx: TransactionsRepository) {}

  async create(session: NewSession, tokenHash: Buffer, expiresAt: Date, now: Date): Promise<void> {
    await this.tx.run(async () => {
      const manager = this.tx.manager;
      await manager.insert(SessionEntity, {
        ...session,
        createdAt: now,
        lastUsedAt: now,
        revokedAt: null,
        revokedReason: null,
      });
      await manager.insert(RefreshTokenEntity, {
        sessionId: session.id,
        tokenHash,
        status: 'active',
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
    });
  }

  /**
   * Presents a refresh token, under a row lock so that two presentations of one token are serialised: the
   * family's current token is spent for `next`; a token already spent revokes the whole family.
   */
  async rotate(
    tokenHash: Buffer,
    next: { tokenHash: Buffer; expiresAt: Date },
    client: { ip: string | null; device: string | null },
    now: Date,
  ): Promise<RotateOutcome> {
    return this.tx.run(async () => {
      const manager = this.tx.manager;
      const rows = (await manager.query(
        `select t.id, t.session_id, t.status, t.expires_at, s.user_id, s.revoked_at
           from refresh_tokens t join sessions s on s.id = t.session_id
          where t.token_hash = $1
          for update of t, s`,
        [tokenHash],
      )) as {
        id: string;
        session_id: string;
        status: 'active' | 'rotated' | 'revoked';
        expires_at: Date;
        user_id: string;
        revoked_at: Date | null;
      }[];
      const row = rows[0];
      const decision = decideRefresh(
        row ? { status: row.status, expiresAt: row.expires_at, sessionRevokedAt: row.revoked_at } : null,
        now,
      );
      if (!row || decision === 'invalid' || decision === 'expired')
        return { outcome: decision === 'expired' ? 'expired' : 'invalid' };
      if (decision === 'reuse') {
        await this.revokeFamily(manager.query.bind(manager), row.session_id, 'refresh-token-reuse', now);
        return { outcome: 'reuse', sessionId: row.session_id, userId: row.user_id };
      }
      await manager.update(RefreshTokenEntity, { id: row.id }, { status: 'rotated', usedAt: now });
      await manager.insert(RefreshTokenEntity, {
        sessionId: row.session_id,
        tokenHash: next.tokenHash,
        status: 'active',
        createdAt: now,
        expiresAt: next.expiresAt,
        usedAt: null,
      });
      await manager.update(
        SessionEntity,
        { id: row.session_id },
        {
          lastUsedAt: now,
          ...(client.ip ? { ip: client.ip } : {}),
          ...(client.device ? { device: client.device } : {}),
        },
      );
      return { outcome: 'rotate', sessionId: row.session_id, userId: row.user_id };
    });
  }

  private async revokeFamily(
    query: (sql: string, params: unknown[]) => Promise<unknown>,
    sessionId: string,
    reason: string,
    now: Date,
  ): Promise<void> {
    await query(
      `update sessions set revoked_at = $2, revoked_reason = $3 where id = $1 and revoked_at is null`,
      [sessionId, now, reason],
    );
    await query(
      `update refresh_tokens set status = 'revoked' where session_id = $1 and status <> 'revoked'`,
      [sessionId],
    );
  }

  /** Ends the session the refresh token belongs to (whatever the token's state); its user and whether it was live. */
  async revokeByToken(tokenHash: Buffer, now: Date): Promise<{ userId: string; revoked: boolean } | null> {
    return this.tx.run(async () => {
      const manager = this.tx.manager;
      const rows = (await manager.query(
        `select s.id, s.user_id, s.revoked_at from refresh_tokens t join sessions s on s.id = t.session_id
          where t.token_hash = $1 for update of s`,
        [tokenHash],
      )) as { id: string; user_id: string; revoked_at: Date | null }[];
      const row = rows[0];
      if (!row) return null;
      if (!row.revoked_at) await this.revokeFamily(manager.query.bind(manager), row.id, 'logout', now);
      return { userId: row.user_id, revoked: !row.revoked_at };
    });
  }

  /** Ends every live session of the user (but `except`); how many. */
  async revokeAllForUser(userId: string, reason: string, now: Date, except?: string): Promise<number> {
    return this.tx.run(async () => {
      const manager = this.tx.manager;
      const sessions = (await manager.query(
        `update sessions set revoked_at = $2, revoked_reason = $3
          where user_id = $1 and revoked_at is null and id is distinct from $4 returning id`,
        [userId, now, reason, except ?? null],
      )) as [{ id: string }[], number];
      const ids = sessions[0].map((s) => s.id);
      if (ids.length)
        await manager.query(
          `update refresh_tokens set status = 'revoked' where session_id = any($1::uuid[]) and status <> 'revoked'`,
          [ids],
        );
      return sessions[1];
    });
  }

  /** Ends one live session of the user: whether there was one. */
  async revokeOne(userId: string, sessionId: string, reason: string, now: Date): Promise<boolean> {
    return this.tx.run(async () => {
      const manager = this.tx.manager;
      const result = (await manager.query(
        `update sessions set revoked_at = $3, revoked_reason = $4 where id = $1 and user_id = $2 and revoked_at is null returning id`,
        [sessionId, userId, now, reason],
      )) as [unknown[], number];
      if (result[1] !== 1) return false;
      await manager.query(
        `update refresh_tokens set status = 'revoked' where session_id = $1 and status <> 'revoked'`,
        [sessionId],
      );
      return true;
    });
  }

  findLive(sessionId: string): Promise<SessionEntity | null> {
    return this.tx.manager.getRepository(SessionEntity).findOneBy({ id: sessionId, revokedAt: IsNull() });
  }

  /** The user's sessions that are not revoked and can still refresh (their current token has not expired). */
  listLive(userId: string, now: Date): Promise<SessionEntity[]> {
    return this.tx.manager
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :userId and s.revoked_at is null', { userId })
      .andWhere(
        `exists (select 1 from refresh_tokens t where t.session_id = s.id and t.status = 'active' and t.expires_at > :now)`,
        { now },
      )
      .orderBy('s.last_used_at', 'DESC')
      .getMany();
  }
}
