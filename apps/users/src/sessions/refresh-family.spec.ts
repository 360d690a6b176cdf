import { decideRefresh, hashToken, newRefreshToken } from './refresh-family';

describe(decideRefresh.name, () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const later = new Date('2026-02-01T00:00:00Z');
  const earlier = new Date('2025-12-01T00:00:00Z');

  it('rotates the family’s current, unexpired token', () =>
    expect(decideRefresh({ status: 'active', expiresAt: later, sessionRevokedAt: null }, now)).toBe(
      'rotate',
    ));

  it('reports reuse of a token already rotated, even past its expiry', () => {
    expect(decideRefresh({ status: 'rotated', expiresAt: later, sessionRevokedAt: null }, now)).toBe('reuse');
    expect(decideRefresh({ status: 'rotated', expiresAt: earlier, sessionRevokedAt: null }, now)).toBe(
      'reuse',
    );
  });

  it('refuses unknown and revoked tokens, and any token of a revoked family', () => {
    expect(decideRefresh(null, now)).toBe('invalid');
    expect(decideRefresh({ status: 'revoked', expiresAt: later, sessionRevokedAt: null }, now)).toBe(
      'invalid',
    );
    expect(decideRefresh({ status: 'active', expiresAt: later, sessionRevokedAt: earlier }, now)).toBe(
      'invalid',
    );
    expect(decideRefresh({ status: 'rotated', expiresAt: later, sessionRevokedAt: earlier }, now)).toBe(
      'invalid',
    );
  });

  it('refuses an expired token', () =>
    expect(decideRefresh({ status: 'active', expiresAt: now, sessionRevokedAt: null }, now)).toBe('expired'));

  it('makes distinct 256-bit tokens and hashes them to 32 bytes', () => {
    const a = newRefreshToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newRefreshToken()).not.toBe(a);
    expect(hashToken(a)).toHaveLength(32);
    expect(hashToken(a).equals(hashToken(a))).toBe(true);
  });
});
