import {
  type CreateApiKeyReply,
  type EnrolMfaReply,
  type TokenPair,
  UsersErrorCode,
} from '@exchange/shared-contracts';

import { freshCode, UsersHarness } from './users-harness';

jest.setTimeout(150_000);

const harness = new UsersHarness();
const password = 'tangerine-Orbit-4-lamps';

/**
 * The database refuses audit rows of the events listed in `refused_audit_events` (a trigger this spec installs),
 * so each change can be tried once with its audit row failing: the change must not land either.
 */
beforeAll(async () => {
  await harness.start();
  await harness.db.query(`create table refused_audit_events (event text primary key)`);
  await harness.db.query(`
    create function refuse_audit_event() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from refused_audit_events where event = new.event) then
        raise exception 'audit row % refused by the test', new.event;
      end if;
      return new;
    end $$`);
  await harness.db.query(`
    create trigger refuse_audit_event before insert on audit_log
    for each row execute function refuse_audit_event()`);
});
afterAll(() => harness.stop());

/** Runs `attempt` while audit rows of `event` are refused (it must fail as INTERNAL), then allows them again. */
async function withAuditRefused(event: string, attempt: () => Promise<unknown>): Promise<void> {
  await harness.db.query(`insert into refused_audit_events values ($1)`, [event]);
  try {
    let failure: unknown;
    try {
      await attempt();
    } catch (error) {
      failure = error;
    }
    expect({ event, failure }).toEqual({
      event,
      failure: expect.objectContaining({ code: UsersErrorCode.INTERNAL }),
    });
  } finally {
    await harness.db.query(`delete from refused_audit_events where event = $1`, [event]);
  }
}

const auditCount = async (event: string, userId?: string) =>
  (
    await harness.db.query(
      `select count(*)::int as n from audit_log where event = $1 and ($2::uuid is null or user_id = $2)`,
      [event, userId ?? null],
    )
  ).rows[0].n as number;

describe('users: every security change commits with its audit row, or not at all', () => {
  it('sign-up', async () => {
    await withAuditRefused('SIGN_UP', () => harness.call('signUp', { email: 'ann@example.com', password }));
    expect((await harness.db.query(`select 1 from users where email = 'ann@example.com'`)).rowCount).toBe(0);
    await harness.call('signUp', { email: 'ann@example.com', password });
    expect(await auditCount('SIGN_UP')).toBe(1);
  });

  it('login (the session) and refresh-token reuse (the revocation)', async () => {
    await withAuditRefused('LOGIN_SUCCEEDED', () =>
      harness.call('login', { email: 'ann@example.com', password }),
    );
    expect((await harness.db.query(`select 1 from sessions`)).rowCount).toBe(0);

    const pair = await harness.call<TokenPair>('login', { email: 'ann@example.com', password });
    await harness.call('refresh', { refreshToken: pair.refreshToken });
    await withAuditRefused('REFRESH_TOKEN_REUSED', () =>
      harness.call('refresh', { refreshToken: pair.refreshToken }),
    );
    const { rows } = await harness.db.query(`select revoked_at from sessions where id = $1`, [
      pair.sessionId,
    ]);
    expect(rows[0].revoked_at).toBeNull();
    expect((await harness.error('refresh', { refreshToken: pair.refreshToken })).code).toBe(
      UsersErrorCode.REFRESH_TOKEN_REUSED,
    );
    expect(await auditCount('REFRESH_TOKEN_REUSED')).toBe(1);
  });

  it('logout, revoking a session and logging out everywhere', async () => {
    const email = 'ann@example.com';
    const first = await harness.call<TokenPair>('login', { email, password });
    const second = await harness.call<TokenPair>('login', { email, password });
    const live = async () =>
      (await harness.db.query(`select id from sessions where revoked_at is null order by id`)).rows.map(
        (r: { id: string }) => r.id,
      );
    const before = await live();
    expect(before).toEqual(expect.arrayContaining([first.sessionId, second.sessionId]));

    await withAuditRefused('LOGOUT', () => harness.call('logout', { refreshToken: second.refreshToken }));
    await withAuditRefused('LOGOUT', () =>
      harness.call('revokeSession', { accessToken: first.accessToken, sessionId: second.sessionId }),
    );
    await withAuditRefused('LOGOUT_EVERYWHERE', () =>
      harness.call('logoutEverywhere', { accessToken: first.accessToken }),
    );
    expect(await live()).toEqual(before);
    expect(await auditCount('LOGOUT')).toBe(0);

    await harness.call('revokeSession', { accessToken: first.accessToken, sessionId: second.sessionId });
    expect(await auditCount('LOGOUT')).toBe(1);
    await harness.call('logoutEverywhere', { accessToken: first.accessToken });
    expect(await live()).toEqual([]);
    expect(await auditCount('LOGOUT_EVERYWHERE')).toBe(1);
  });

  it('password change', async () => {
    const email = 'ann@example.com';
    const kept = await harness.call<TokenPair>('login', { email, password });
    const other = await harness.call<TokenPair>('login', { email, password });
    const newPassword = 'violet-Harbour-9-kites';
    const request = { accessToken: kept.accessToken, currentPassword: password, newPassword };
    await withAuditRefused('PASSWORD_CHANGED', () => harness.call('changePassword', request));
    // Neither the new hash nor the other session's end landed.
    await expect(harness.call('login', { email, password })).resolves.toHaveProperty('accessToken');
    await expect(harness.call('refresh', { refreshToken: other.refreshToken })).resolves.toHaveProperty(
      'accessToken',
    );
    await harness.call('changePassword', request);
    await expect(harness.call('login', { email, password: newPassword })).resolves.toHaveProperty(
      'accessToken',
    );
    expect(await auditCount('PASSWORD_CHANGED')).toBe(1);
  });

  it('MFA enrolment, confirmation, API-key creation and revocation, and disabling MFA', async () => {
    const email = 'mfa@example.com';
    await harness.call('signUp', { email, password });
    const session = await harness.call<TokenPair>('login', { email, password });
    const accessToken = session.accessToken;
    const userRow = async () =>
      (
        await harness.db.query(
          `select mfa_enabled, totp_pending_sealed, totp_last_step from users where id = $1`,
          [session.userId],
        )
      ).rows[0];

    await withAuditRefused('MFA_ENROLMENT_STARTED', () => harness.call('enrolMfa', { accessToken }));
    expect((await userRow()).totp_pending_sealed).toBeNull();
    const enrolment = await harness.call<EnrolMfaReply>('enrolMfa', { accessToken });

    const first = await freshCode(enrolment.secret, null);
    await withAuditRefused('MFA_ENABLED', () =>
      harness.call('confirmMfa', { accessToken, code: first.code }),
    );
    expect(await userRow()).toMatchObject({ mfa_enabled: false, totp_last_step: null });
    expect((await harness.db.query(`select 1 from recovery_codes`)).rowCount).toBe(0);
    // Nothing was spent: the same code confirms now.
    await harness.call('confirmMfa', { accessToken, code: first.code });
    expect((await userRow()).mfa_enabled).toBe(true);

    const keyCode = await freshCode(enrolment.secret, first.step);
    const create = { accessToken, kind: 'HMAC', label: 'bot', permissions: ['READ'], mfaCode: keyCode.code };
    await withAuditRefused('API_KEY_CREATED', () => harness.call('createApiKey', create));
    expect((await harness.db.query(`select 1 from api_keys`)).rowCount).toBe(0);
    // The key and the code's use roll back together: the same code creates the key now.
    expect(Number((await userRow()).totp_last_step)).toBe(first.step);
    const key = await harness.call<CreateApiKeyReply>('createApiKey', create);
    expect(await auditCount('API_KEY_CREATED')).toBe(1);

    await withAuditRefused('API_KEY_REVOKED', () =>
      harness.call('revokeApiKey', { accessToken, id: key.id }),
    );
    await expect(harness.call('apiKey', { apiKey: key.apiKey })).resolves.toHaveProperty('userId');
    await harness.call('revokeApiKey', { accessToken, id: key.id });
    expect((await harness.error('apiKey', { apiKey: key.apiKey })).code).toBe(UsersErrorCode.API_KEY_REVOKED);

    const disableCode = await freshCode(enrolment.secret, keyCode.step);
    await withAuditRefused('MFA_DISABLED', () =>
      harness.call('disableMfa', { accessToken, code: disableCode.code }),
    );
    expect((await userRow()).mfa_enabled).toBe(true);
    expect(await harness.call('disableMfa', { accessToken, code: disableCode.code })).toEqual({
      mfaEnabled: false,
    });
    expect(await auditCount('MFA_DISABLED')).toBe(1);
  });
});
