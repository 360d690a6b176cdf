import { createHash, randomBytes } from 'node:crypto';

export type RefreshTokenStatus = 'active' | 'rotated' | 'revoked';

export interface RefreshTokenState {
  status: RefreshTokenStatus;
  expiresAt: Date;
  /** When the family (session) was revoked, if it was. */
  sessionRevokedAt: Date | null;
}

/**
 * What presenting a refresh token does:
 * - `rotate`: the token is the family's current one: spend it and issue the next;
 * - `reuse`: it was already rotated: someone holds a copy, so the whole family is revoked;
 * - `invalid`: unknown, revoked, or its family is gone;
 * - `expired`: past its lifetime.
 */
export function decideRefresh(
  token: RefreshTokenState | null,
  now: Date,
): 'rotate' | 'reuse' | 'invalid' | 'expired' {
  if (!token || token.sessionRevokedAt || token.status === 'revoked') return 'invalid';
  if (token.status === 'rotated') return 'reuse';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'rotate';
}

/** A new opaque refresh token: 256 random bits, base64url. Only its hash is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of the token: enough for 256 random bits (no dictionary to guess from), and lookups stay indexed. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
