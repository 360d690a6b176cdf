import * as argon2 from 'argon2';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';

import { type TokenPair, UsersErrorCode } from '@exchange/shared-contracts';

import { sleep, UsersHarness } from './users-harness';

jest.setTimeout(90_000);

const harness = new UsersHarness();
const password = 'tangerine-Orbit-4-lamps';
const client = { ip: '198.51.100.7', device: 'jest/ua' };

beforeAll(() => harness.start());
afterAll(() => harness.stop());

describe('users: sign-up, login, refresh and sessions over NATS', () => {
  let pair: TokenPair;

  it('signs up with a normalised email, unique case-insensitively', async () => {
    const reply = await harness.call<{ userId: string; email: string }>('signUp', {
      email: '  Ana.Lima@Example.COM ',
      password,
      client,
    });
    expect(reply.email).toBe('ana.lima@example.com');
    const taken = await harness.error('signUp', { email: 'ANA.LIMA@example.com', password });
    expect(taken.code).toBe(UsersErrorCode.EMAIL_TAKEN);
    // The database guards it too: a unique index on lower(email).
    await expect(
      harness.db.query(`insert into users (email, password_hash) values ('ana.lima@example.com', 'x')`),
    ).rejects.toThrow(/users_email_lower_key/);
  });

  it('refuses weak passwords and bad input with typed codes and writes nothing', async () => {
    const before = await harness.counts();
    expect((await harness.error('signUp', { email: 'b@example.com', password: 'short-pass' })).code).toBe(
      UsersErrorCode.PASSWORD_TOO_SHORT,
    );
    expect((await harness.error('signUp', { email: 'b@example.com', password: 'Password123456' })).code).toBe(
      UsersErrorCode.PASSWORD_TOO_COMMON,
    );
    const bad: unknown[] = [
      { email: 'not-an-email', password },
      { email: 'b@example.com', password, role: 'admin' },
      { email: 'b@example.com', password: 123456789012 },
      { email: `${'b'.repeat(250)}@example.com`, password },
      { email: 'b@example.com', password: 'p'.repeat(129) },
      { email: 'b@example.com' },
      'just a string',
      [],
    ];
    for (const payload of bad) {
      const error = await harness.error('signUp', payload);
      expect({ payload, code: error.code }).toEqual({ payload, code: UsersErrorCode.VALIDATION_FAILED });
      expect(error.message).toMatch(/invalid request/);
    }
    expect((await harness.error('login', { email: 'ana.lima@example.com', password, extra: 1 })).code).toBe(
      UsersErrorCode.VALIDATION_FAILED,
    );
    expect((await harness.error('refresh', { refreshToken: 42 })).code).toBe(
      UsersErrorCode.VALIDATION_FAILED,
    );
    expect(await harness.counts()).toEqual(before);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await harness.error('login', { email: 'ana.lima@example.com', password: `${password}x` });
    const unknown = await harness.error('login', { email: 'nobody@example.com', password });
    expect(wrong).toEqual({
      code: UsersErrorCode.INVALID_CREDENTIALS,
      message: 'email or password is wrong',
    });
    expect(unknown).toEqual(wrong);
  });

  it('logs in with an EdDSA access JWT (≤ 15 min) that the JWKS from users.query.jwks.v1 verifies', async () => {
    pair = await harness.call<TokenPair>('login', { email: 'ANA.LIMA@example.com', password, client });
    const jwks = await harness.call<JSONWebKeySet>('jwks', {});
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const { payload, protectedHeader } = await jwtVerify(pair.accessToken, createLocalJWKSet(jwks), {
      issuer: 'exchange-users',
      audience: 'exchange',
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ sub: pair.userId, sid: pair.sessionId });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(900);
    // Stored hashed only.
    const { rows } = await harness.db.query(`select token_hash from refresh_tokens where session_id = $1`, [
      pair.sessionId,
    ]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(pair.refreshToken);
  });

  it('lists sessions with device, IP and last use', async () => {
    const second = await harness.call<TokenPair>('login', {
      email: 'ana.lima@example.com',
      password,
      client: { ip: '2001:db8::5', device: 'phone' },
    });
    const { sessions } = await harness.call<{ sessions: Record<string, unknown>[] }>('sessions', {
      accessToken: pair.accessToken,
    });
    expect(sessions).toHaveLength(2);
    expect(sessions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sessionId: pair.sessionId,
          ip: '198.51.100.7',
          device: 'jest/ua',
          current: true,
        }),
        expect.objectContaining({
          sessionId: second.sessionId,
          ip: '2001:db8::5',
          device: 'phone',
          current: false,
        }),
      ]),
    );
    expect(await harness.call('logout', { refreshToken: second.refreshToken })).toEqual({
      sessionsRevoked: 1,
    });
    expect((await harness.error('sessions', { accessToken: second.accessToken })).code).toBe(
      UsersErrorCode.SESSION_REVOKED,
    );
  });

  it('rotates refresh tokens; reusing a rotated one revokes the whole family', async () => {
    const next = await harness.call<TokenPair>('refresh', { refreshToken: pair.refreshToken, client });
    expect(next.sessionId).toBe(pair.sessionId);
    expect(next.refreshToken).not.toBe(pair.refreshToken);
    const newest = await harness.call<TokenPair>('refresh', { refreshToken: next.refreshToken });

    const reuse = await harness.error('refresh', { refreshToken: pair.refreshToken });
    expect(reuse.code).toBe(UsersErrorCode.REFRESH_TOKEN_REUSED);
    // The family is gone: its newest token, and access through the session, are refused too.
    expect((await harness.error('refresh', { refreshToken: newest.refreshToken })).code).toBe(
      UsersErrorCode.REFRESH_TOKEN_INVALID,
    );
    expect((await harness.error('sessions', { accessToken: newest.accessToken })).code).toBe(
      UsersErrorCode.SESSION_REVOKED,
    );
    const { rows } = await harness.db.query(
      `select s.revoked_reason, array_agg(distinct t.status) as statuses
         from sessions s join refresh_tokens t on t.session_id = s.id where s.id = $1 group by s.revoked_reason`,
      [pair.sessionId],
    );
    expect(rows).toEqual([{ revoked_reason: 'refresh-token-reuse', statuses: ['revoked'] }]);
    expect((await harness.error('refresh', { refreshToken: 'never-issued' })).code).toBe(
      UsersErrorCode.REFRESH_TOKEN_INVALID,
    );
  });

  it('lets one of two racing refreshes with the same token through, and the other revokes the family', async () => {
    const start = await harness.call<TokenPair>('login', { email: 'ana.lima@example.com', password });
    const results = await Promise.allSettled(
      [1, 2].map(() => harness.call<TokenPair>('refresh', { refreshToken: start.refreshToken })),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<TokenPair> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as { code: number }).code)).toEqual([
      UsersErrorCode.REFRESH_TOKEN_REUSED,
    ]);
    expect((await harness.error('refresh', { refreshToken: won[0]!.value.refreshToken })).code).toBe(
      UsersErrorCode.REFRESH_TOKEN_INVALID,
    );
  });

  it('refuses an expired refresh token and leaves its session off the list', async () => {
    const live = await harness.call<TokenPair>('login', { email: 'ana.lima@example.com', password });
    const stale = await harness.call<TokenPair>('login', { email: 'ana.lima@example.com', password });
    await harness.db.query(
      `update refresh_tokens set expires_at = now() - interval '1 second' where session_id = $1`,
      [stale.sessionId],
    );
    const expired = await harness.error('refresh', { refreshToken: stale.refreshToken });
    expect(expired).toMatchObject({
      code: UsersErrorCode.REFRESH_TOKEN_INVALID,
      message: 'refresh token expired',
    });
    const { sessions } = await harness.call<{ sessions: { sessionId: string }[] }>('sessions', {
      accessToken: live.accessToken,
    });
    expect(sessions.map((x) => x.sessionId)).toContain(live.sessionId);
    expect(sessions.map((x) => x.sessionId)).not.toContain(stale.sessionId);
    // Logout takes a refresh token in any state.
    for (const pairToEnd of [live, stale])
      expect(await harness.call('logout', { refreshToken: pairToEnd.refreshToken })).toEqual({
        sessionsRevoked: 1,
      });
  });

  it('logs out everywhere', async () => {
    const a = await harness.call<TokenPair>('login', { email: 'ana.lima@example.com', password });
    const b = await harness.call<TokenPair>('login', { email: 'ana.lima@example.com', password });
    expect(await harness.call('logoutEverywhere', { accessToken: a.accessToken })).toEqual({
      sessionsRevoked: 2,
    });
    expect((await harness.error('refresh', { refreshToken: b.refreshToken })).code).toBe(
      UsersErrorCode.REFRESH_TOKEN_INVALID,
    );
    expect((await harness.error('sessions', { accessToken: 'not.a.jwt' })).code).toBe(
      UsersErrorCode.ACCESS_TOKEN_INVALID,
    );
  });

  it('ends one session from the list, only the caller’s own', async () => {
    await harness.call('signUp', { email: 'sol@example.com', password });
    const a = await harness.call<TokenPair>('login', { email: 'sol@example.com', password });
    const b = await harness.call<TokenPair>('login', { email: 'sol@example.com', password });
    const other = await harness.call<TokenPair>('login', { email: 'ana.lima@example.com', password });
    expect(
      (await harness.error('revokeSession', { accessToken: other.accessToken, sessionId: b.sessionId })).code,
    ).toBe(UsersErrorCode.SESSION_NOT_FOUND);
    expect(
      await harness.call('revokeSession', { accessToken: a.accessToken, sessionId: b.sessionId }),
    ).toEqual({
      sessionsRevoked: 1,
    });
    expect(
      (await harness.error('revokeSession', { accessToken: a.accessToken, sessionId: b.sessionId })).code,
    ).toBe(UsersErrorCode.SESSION_NOT_FOUND);
    expect((await harness.error('refresh', { refreshToken: b.refreshToken })).code).toBe(
      UsersErrorCode.REFRESH_TOKEN_INVALID,
    );
    const { sessions } = await harness.call<{ sessions: { sessionId: string }[] }>('sessions', {
      accessToken: a.accessToken,
    });
    expect(sessions.map((x) => x.sessionId)).toEqual([a.sessionId]);
  });

  it('changes the password with the current one, ending every other session', async () => {
    await harness.call('signUp', { email: 'pat@example.com', password });
    const kept = await harness.call<TokenPair>('login', { email: 'pat@example.com', password });
    const other = await harness.call<TokenPair>('login', { email: 'pat@example.com', password });
    const newPassword = 'violet-Harbour-9-kites';
    const base = { accessToken: kept.accessToken, currentPassword: password, newPassword };
    expect(
      (await harness.error('changePassword', { ...base, currentPassword: 'wrong-password-123' })).code,
    ).toBe(UsersErrorCode.INVALID_CREDENTIALS);
    expect((await harness.error('changePassword', { ...base, newPassword: 'too-short' })).code).toBe(
      UsersErrorCode.PASSWORD_TOO_SHORT,
    );
    expect(await harness.call('changePassword', base)).toEqual({ otherSessionsRevoked: 1 });
    expect((await harness.error('refresh', { refreshToken: other.refreshToken })).code).toBe(
      UsersErrorCode.REFRESH_TOKEN_INVALID,
    );
    await expect(harness.call('sessions', { accessToken: kept.accessToken })).resolves.toHaveProperty(
      'sessions',
    );
    expect((await harness.error('login', { email: 'pat@example.com', password })).code).toBe(
      UsersErrorCode.INVALID_CREDENTIALS,
    );
    await expect(
      harness.call('login', { email: 'pat@example.com', password: newPassword }),
    ).resolves.toHaveProperty('accessToken');
  });

  it('locks an account after repeated failures, for unknown emails alike, and lifts the lock after its window', async () => {
    await harness.call('signUp', { email: 'locky@example.com', password });
    for (const email of ['locky@example.com', 'ghost@example.com']) {
      for (let i = 0; i < 3; i++)
        expect((await harness.error('login', { email, password: 'wrong-password-123' })).code).toBe(
          UsersErrorCode.INVALID_CREDENTIALS,
        );
      const locked = await harness.error('login', { email, password });
      expect(locked.code).toBe(UsersErrorCode.LOGIN_LOCKED);
      expect(locked.details).toEqual({ scope: 'account', retryAfterSeconds: expect.any(Number) });
    }
    await sleep(2_500);
    await expect(harness.call('login', { email: 'locky@example.com', password })).resolves.toHaveProperty(
      'accessToken',
    );
  });

  it('rehashes a password on login when the policy costs rose above the stored hash', async () => {
    const weak = await argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: 512,
      timeCost: 1,
      parallelism: 1,
    });
    await harness.db.query(`insert into users (email, password_hash) values ('old@example.com', $1)`, [weak]);
    await harness.call('login', { email: 'old@example.com', password });
    const { rows } = await harness.db.query(
      `select password_hash from users where email = 'old@example.com'`,
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    await expect(harness.call('login', { email: 'old@example.com', password })).resolves.toHaveProperty(
      'userId',
    );
  });

  it('keeps an append-only audit log the user can read', async () => {
    const pairNow = await harness.call<TokenPair>('login', { email: 'ana.lima@example.com', password });
    const { entries } = await harness.call<{ entries: { event: string }[] }>('auditLog', {
      accessToken: pairNow.accessToken,
    });
    const events = entries.map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'SIGN_UP',
        'LOGIN_SUCCEEDED',
        'LOGIN_FAILED',
        'REFRESH_TOKEN_REUSED',
        'LOGOUT_EVERYWHERE',
      ]),
    );
    await expect(harness.db.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
    await expect(harness.db.query(`update audit_log set event = 'X'`)).rejects.toThrow(/append-only/);
  });
});
