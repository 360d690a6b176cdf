import { createHmac, generateKeyPairSync, sign, verify } from 'node:crypto';

import {
  type ApiKeyLookupReply,
  type ApiKeyView,
  type CreateApiKeyReply,
  type EnrolMfaReply,
  type TokenPair,
  UsersErrorCode,
} from '@exchange/shared-contracts';

import { freshCode, sleep, UsersHarness } from './users-harness';

jest.setTimeout(90_000);

const harness = new UsersHarness();
const password = 'tangerine-Orbit-4-lamps';

beforeAll(() => harness.start());
afterAll(() => harness.stop());

/** A signed-up, logged-in user with MFA enabled: its secret, last used step and recovery codes. */
async function mfaUser(email: string) {
  await harness.call('signUp', { email, password });
  const session = await harness.call<TokenPair>('login', { email, password });
  const enrolment = await harness.call<EnrolMfaReply>('enrolMfa', { accessToken: session.accessToken });
  const first = await freshCode(enrolment.secret, null);
  const { recoveryCodes } = await harness.call<{ recoveryCodes: string[] }>('confirmMfa', {
    accessToken: session.accessToken,
    code: first.code,
  });
  return { session, enrolment, secret: enrolment.secret, lastStep: first.step, recoveryCodes };
}

describe('users: TOTP MFA over NATS', () => {
  it('enrols with an otpauth URI and QR code, takes effect only when confirmed, then is required at login', async () => {
    await harness.call('signUp', { email: 'mia@example.com', password });
    const session = await harness.call<TokenPair>('login', { email: 'mia@example.com', password });
    expect(
      (await harness.error('confirmMfa', { accessToken: session.accessToken, code: '000000' })).code,
    ).toBe(UsersErrorCode.MFA_NOT_ENROLLING);
    const enrolment = await harness.call<EnrolMfaReply>('enrolMfa', { accessToken: session.accessToken });
    expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Exchange:mia%40example\.com\?secret=[A-Z2-7]+/);
    expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    // Pending: login still needs no code, and the secret is not stored in clear.
    await expect(harness.call('login', { email: 'mia@example.com', password })).resolves.toHaveProperty(
      'userId',
    );
    const { rows } = await harness.db.query(`select * from users where email = 'mia@example.com'`);
    expect(rows[0].mfa_enabled).toBe(false);
    expect(JSON.stringify(rows[0])).not.toContain(enrolment.secret);

    const wrong = await harness.error('confirmMfa', { accessToken: session.accessToken, code: '000000' });
    expect(wrong.code).toBe(UsersErrorCode.MFA_CODE_INVALID);
    const first = await freshCode(enrolment.secret, null);
    const { recoveryCodes } = await harness.call<{ recoveryCodes: string[] }>('confirmMfa', {
      accessToken: session.accessToken,
      code: first.code,
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await harness.db.query(`select code_hash from recovery_codes where user_id = $1`, [
      session.userId,
    ]);
    expect(stored.rows).toHaveLength(10);
    expect(JSON.stringify(stored.rows)).not.toContain(recoveryCodes[0]!.replace(/-/g, ''));

    expect((await harness.error('login', { email: 'mia@example.com', password })).code).toBe(
      UsersErrorCode.MFA_REQUIRED,
    );
    // The confirming code was used: replaying it within its window is refused.
    expect(
      (await harness.error('login', { email: 'mia@example.com', password, mfaCode: first.code })).code,
    ).toBe(UsersErrorCode.MFA_CODE_REPLAYED);
    const next = await freshCode(enrolment.secret, first.step);
    await expect(
      harness.call('login', { email: 'mia@example.com', password, mfaCode: next.code }),
    ).resolves.toHaveProperty('accessToken');
    expect(
      (await harness.error('login', { email: 'mia@example.com', password, mfaCode: next.code })).code,
    ).toBe(UsersErrorCode.MFA_CODE_REPLAYED);
  });

  it('accepts each recovery code once, in any case and grouping', async () => {
    const user = await mfaUser('rui@example.com');
    const code = user.recoveryCodes[3]!;
    await expect(
      harness.call('login', { email: 'rui@example.com', password, recoveryCode: code.toLowerCase() }),
    ).resolves.toHaveProperty('accessToken');
    expect(
      (await harness.error('login', { email: 'rui@example.com', password, recoveryCode: code })).code,
    ).toBe(UsersErrorCode.MFA_CODE_INVALID);
    await expect(
      harness.call('login', {
        email: 'rui@example.com',
        password,
        recoveryCode: user.recoveryCodes[4]!.replace(/-/g, ''),
      }),
    ).resolves.toHaveProperty('accessToken');
  });

  it('disables MFA only with a valid code', async () => {
    const user = await mfaUser('dan@example.com');
    const accessToken = user.session.accessToken;
    expect((await harness.error('disableMfa', { accessToken })).code).toBe(UsersErrorCode.VALIDATION_FAILED);
    expect((await harness.error('disableMfa', { accessToken, code: '000000' })).code).toBe(
      UsersErrorCode.MFA_CODE_INVALID,
    );
    const next = await freshCode(user.secret, user.lastStep);
    expect(await harness.call('disableMfa', { accessToken, code: next.code })).toEqual({ mfaEnabled: false });
    await expect(harness.call('login', { email: 'dan@example.com', password })).resolves.toHaveProperty(
      'userId',
    );
    expect(
      (
        await harness.db.query(`select count(*)::int as n from recovery_codes where user_id = $1`, [
          user.session.userId,
        ])
      ).rows[0].n,
    ).toBe(0);
  });
});

describe('users: MFA for sensitive actions and the MFA-backed way out of a lock', () => {
  it('verifies a code once for a sensitive action, even when two requests race with it', async () => {
    const user = await mfaUser('wes@example.com');
    const accessToken = user.session.accessToken;
    const next = await freshCode(user.secret, user.lastStep);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => harness.call('verifyMfa', { accessToken, code: next.code, purpose: 'withdrawal' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toEqual([
      { status: 'fulfilled', value: { userId: user.session.userId, verified: true } },
    ]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as { code: number }).code)).toEqual([
      UsersErrorCode.MFA_CODE_REPLAYED,
      UsersErrorCode.MFA_CODE_REPLAYED,
    ]);
    expect((await harness.error('verifyMfa', { accessToken, purpose: 'withdrawal' })).code).toBe(
      UsersErrorCode.VALIDATION_FAILED,
    );
    const { entries } = await harness.call<{ entries: { event: string; details: unknown }[] }>('auditLog', {
      accessToken,
    });
    expect(entries).toContainEqual(
      expect.objectContaining({ event: 'MFA_VERIFIED', details: { purpose: 'withdrawal' } }),
    );
  });

  it('lifts a lock with the password and a valid code together, never saying which was wrong', async () => {
    const user = await mfaUser('lia@example.com');
    const email = 'lia@example.com';
    for (let i = 0; i < 3; i++)
      expect((await harness.error('login', { email, password: 'wrong-password-123' })).code).toBe(
        UsersErrorCode.INVALID_CREDENTIALS,
      );
    expect((await harness.error('login', { email, password })).code).toBe(UsersErrorCode.LOGIN_LOCKED);
    const next = await freshCode(user.secret, user.lastStep);
    expect(
      (await harness.error('login', { email, password: 'wrong-password-123', mfaCode: next.code })).code,
    ).toBe(UsersErrorCode.LOGIN_LOCKED);
    expect((await harness.error('login', { email, password, mfaCode: '000000' })).code).toBe(
      UsersErrorCode.LOGIN_LOCKED,
    );
    await expect(harness.call('login', { email, password, mfaCode: next.code })).resolves.toHaveProperty(
      'accessToken',
    );
    // Lifted and reset: the next login is judged on its own again.
    expect((await harness.error('login', { email, password })).code).toBe(UsersErrorCode.MFA_REQUIRED);
  });
});

describe('users: API keys over NATS', () => {
  let user: Awaited<ReturnType<typeof mfaUser>>;
  let hmac: CreateApiKeyReply;
  let ed: CreateApiKeyReply;
  const edPair = generateKeyPairSync('ed25519');
  const edPublicPem = edPair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const nextCode = async () => {
    const fresh = await freshCode(user.secret, user.lastStep);
    user.lastStep = fresh.step;
    return fresh.code;
  };

  beforeAll(async () => {
    user = await mfaUser('kai@example.com');
  });

  it('refuses creation without MFA enabled, and with a replayed code', async () => {
    await harness.call('signUp', { email: 'nomfa@example.com', password });
    const plain = await harness.call<TokenPair>('login', { email: 'nomfa@example.com', password });
    const request = { kind: 'HMAC', label: 'bot', permissions: ['READ'], mfaCode: '123456' };
    expect((await harness.error('createApiKey', { ...request, accessToken: plain.accessToken })).code).toBe(
      UsersErrorCode.MFA_NOT_ENABLED,
    );
    // The step the confirmation used is spent.
    const { totpCode } = await import('../../src/mfa/totp');
    const replayed = totpCode(user.secret, user.lastStep);
    expect(
      (
        await harness.error('createApiKey', {
          ...request,
          mfaCode: replayed,
          accessToken: user.session.accessToken,
        })
      ).code,
    ).toBe(UsersErrorCode.MFA_CODE_REPLAYED);
  });

  it('creates an HMAC key whose secret is shown once and stored sealed; the lookup gives it back to verify with', async () => {
    hmac = await harness.call<CreateApiKeyReply>('createApiKey', {
      accessToken: user.session.accessToken,
      mfaCode: await nextCode(),
      kind: 'HMAC',
      label: 'market maker',
      permissions: ['READ', 'TRADE'],
    });
    expect(hmac.secret).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(hmac.apiKey).toMatch(/^[A-Za-z0-9]{64}$/);
    const { rows } = await harness.db.query(`select * from api_keys where id = $1`, [hmac.id]);
    expect(JSON.stringify(rows[0])).not.toContain(hmac.secret);

    const lookup = await harness.call<ApiKeyLookupReply>('apiKey', {
      apiKey: hmac.apiKey,
      ip: '198.51.100.1',
    });
    expect(lookup).toMatchObject({
      id: hmac.id,
      userId: user.session.userId,
      kind: 'HMAC',
      permissions: ['READ', 'TRADE'],
    });
    const query = 'symbol=BTCUSDT&side=BUY&timestamp=1764090000000';
    const signature = createHmac('sha256', hmac.secret!).update(query).digest('hex');
    expect(createHmac('sha256', lookup.secret!).update(query).digest('hex')).toBe(signature);
  });

  it('creates an Ed25519 key from the user’s public key, with an IP allow-list', async () => {
    ed = await harness.call<CreateApiKeyReply>('createApiKey', {
      accessToken: user.session.accessToken,
      mfaCode: await nextCode(),
      kind: 'ED25519',
      label: 'signer',
      permissions: ['READ', 'WITHDRAW'],
      publicKeyPem: edPublicPem,
      ipAllowList: ['203.0.113.0/24', '2001:db8::/32'],
    });
    expect(ed.secret).toBeUndefined();
    const lookup = await harness.call<ApiKeyLookupReply>('apiKey', { apiKey: ed.apiKey, ip: '203.0.113.9' });
    expect(lookup.secret).toBeUndefined();
    const payload = Buffer.from('symbol=BTCUSDT&timestamp=1764090000000');
    expect(verify(null, payload, lookup.publicKeyPem!, sign(null, payload, edPair.privateKey))).toBe(true);
    expect(lookup.ipAllowList).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    expect((await harness.error('apiKey', { apiKey: ed.apiKey, ip: '198.51.100.1' })).code).toBe(
      UsersErrorCode.API_KEY_IP_NOT_ALLOWED,
    );
    await expect(harness.call('apiKey', { apiKey: ed.apiKey, ip: '2001:db8:1::7' })).resolves.toHaveProperty(
      'id',
    );
  });

  it('serves lookups from Redis (the secret stays sealed there); revocation overwrites the cached row at once', async () => {
    await harness.call('apiKey', { apiKey: hmac.apiKey });
    const cached = await harness.redis.get(`users:api-key:${hmac.apiKey}`);
    expect(cached).toContain(hmac.id);
    expect(cached).not.toContain(hmac.secret);
    // A change behind the service's back is not seen while the entry lives: the lookup did not read PostgreSQL.
    await harness.db.query(`update api_keys set permissions = '{READ}' where id = $1`, [hmac.id]);
    expect((await harness.call<ApiKeyLookupReply>('apiKey', { apiKey: hmac.apiKey })).permissions).toEqual([
      'READ',
      'TRADE',
    ]);
    await harness.db.query(`update api_keys set permissions = '{READ,TRADE}' where id = $1`, [hmac.id]);
  });

  it('refuses bad keys, bad CIDR blocks and bad input, writing nothing', async () => {
    const before = await harness.counts();
    const base = {
      accessToken: user.session.accessToken,
      mfaCode: '123456',
      label: 'x',
      permissions: ['READ'],
    };
    const cases: [unknown, UsersErrorCode][] = [
      [{ ...base, kind: 'HMAC', ipAllowList: ['10.0.0.1/8'] }, UsersErrorCode.API_KEY_CIDR_INVALID],
      [{ ...base, kind: 'HMAC', ipAllowList: ['not-an-ip'] }, UsersErrorCode.API_KEY_CIDR_INVALID],
      [{ ...base, kind: 'ED25519' }, UsersErrorCode.API_KEY_PUBLIC_KEY_INVALID],
      [
        {
          ...base,
          kind: 'ED25519',
          publicKeyPem: edPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
        UsersErrorCode.API_KEY_PUBLIC_KEY_INVALID,
      ],
      [
        {
          ...base,
          kind: 'ED25519',
          publicKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .publicKey.export({ type: 'spki', format: 'pem' })
            .toString(),
        },
        UsersErrorCode.API_KEY_PUBLIC_KEY_INVALID,
      ],
      [{ ...base, kind: 'HMAC', expiresAt: '2020-01-01T00:00:00Z' }, UsersErrorCode.VALIDATION_FAILED],
      [{ ...base, kind: 'HMAC', permissions: ['ADMIN'] }, UsersErrorCode.VALIDATION_FAILED],
      [{ ...base, kind: 'HMAC', permissions: [] }, UsersErrorCode.VALIDATION_FAILED],
      [{ ...base, kind: 'RSA' }, UsersErrorCode.VALIDATION_FAILED],
      [{ ...base, kind: 'HMAC', label: 'l'.repeat(65) }, UsersErrorCode.VALIDATION_FAILED],
      [{ ...base, kind: 'HMAC', userId: 'someone-else' }, UsersErrorCode.VALIDATION_FAILED],
      [{ ...base, kind: 'HMAC', mfaCode: 123456 }, UsersErrorCode.VALIDATION_FAILED],
      [{ ...base, kind: 'HMAC', accessToken: 'forged' }, UsersErrorCode.ACCESS_TOKEN_INVALID],
    ];
    for (const [payload, code] of cases)
      expect({ payload, code: (await harness.error('createApiKey', payload)).code }).toEqual({
        payload,
        code,
      });
    expect((await harness.error('apiKey', { apiKey: 'x', extra: true })).code).toBe(
      UsersErrorCode.VALIDATION_FAILED,
    );
    expect((await harness.error('apiKey', { apiKey: 'unknown' })).code).toBe(
      UsersErrorCode.API_KEY_NOT_FOUND,
    );
    expect(
      (await harness.error('revokeApiKey', { accessToken: user.session.accessToken, id: 'nope' })).code,
    ).toBe(UsersErrorCode.VALIDATION_FAILED);
    expect(await harness.counts()).toEqual(before);
  });

  it('lists the user’s keys without secrets, revokes, and refuses revoked and expired keys at lookup', async () => {
    const expiring = await harness.call<CreateApiKeyReply>('createApiKey', {
      accessToken: user.session.accessToken,
      mfaCode: await nextCode(),
      kind: 'HMAC',
      label: 'short-lived',
      permissions: ['READ'],
      expiresAt: new Date(Date.now() + 1_500).toISOString(),
    });
    const { keys } = await harness.call<{ keys: ApiKeyView[] }>('apiKeys', {
      accessToken: user.session.accessToken,
    });
    expect(keys.map((k) => k.id).sort()).toEqual([hmac.id, ed.id, expiring.id].sort());
    expect(JSON.stringify(keys)).not.toContain(hmac.secret);

    const revoked = await harness.call<ApiKeyView>('revokeApiKey', {
      accessToken: user.session.accessToken,
      id: hmac.id,
    });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await harness.error('apiKey', { apiKey: hmac.apiKey })).code).toBe(
      UsersErrorCode.API_KEY_REVOKED,
    );

    // Someone else cannot revoke the key.
    await harness.call('signUp', { email: 'eve@example.com', password });
    const eve = await harness.call<TokenPair>('login', { email: 'eve@example.com', password });
    expect((await harness.error('revokeApiKey', { accessToken: eve.accessToken, id: ed.id })).code).toBe(
      UsersErrorCode.API_KEY_NOT_FOUND,
    );
    await expect(harness.call('apiKey', { apiKey: ed.apiKey })).resolves.toHaveProperty('id', ed.id);

    await sleep(2_000);
    expect((await harness.error('apiKey', { apiKey: expiring.apiKey })).code).toBe(
      UsersErrorCode.API_KEY_EXPIRED,
    );

    const { entries } = await harness.call<{ entries: { event: string }[] }>('auditLog', {
      accessToken: user.session.accessToken,
    });
    expect(entries.map((e) => e.event)).toEqual(
      expect.arrayContaining(['MFA_ENABLED', 'API_KEY_CREATED', 'API_KEY_REVOKED', 'MFA_CODE_REFUSED']),
    );
  });

  it('changes a live key’s label, permissions and allow-list with a fresh code, audited, seen by the lookup at once', async () => {
    const token = user.session.accessToken;
    const before = await harness.counts();
    // Refused before the code is looked at: nothing to change, a bad block.
    expect(
      (await harness.error('updateApiKey', { accessToken: token, mfaCode: '123456', id: ed.id })).code,
    ).toBe(UsersErrorCode.VALIDATION_FAILED);
    expect(
      (
        await harness.error('updateApiKey', {
          accessToken: token,
          mfaCode: '123456',
          id: ed.id,
          ipAllowList: ['10.0.0.1/8'],
        })
      ).code,
    ).toBe(UsersErrorCode.API_KEY_CIDR_INVALID);
    // A revoked key and an unknown one are refused, and the code they came with is not spent by the refusal.
    const code = await nextCode();
    const change = { accessToken: token, mfaCode: code, permissions: ['READ'] };
    expect((await harness.error('updateApiKey', { ...change, id: hmac.id })).code).toBe(
      UsersErrorCode.API_KEY_REVOKED,
    );
    expect(
      (await harness.error('updateApiKey', { ...change, id: '00000000-0000-4000-8000-000000000000' })).code,
    ).toBe(UsersErrorCode.API_KEY_NOT_FOUND);
    expect(await harness.counts()).toEqual(before);

    const updated = await harness.call<ApiKeyView>('updateApiKey', {
      ...change,
      id: ed.id,
      label: 'signer, moved',
      ipAllowList: ['198.51.100.7', '198.51.100.0/24'],
    });
    expect(updated).toMatchObject({
      id: ed.id,
      apiKey: ed.apiKey,
      kind: 'ED25519',
      label: 'signer, moved',
      permissions: ['READ'],
      ipAllowList: ['198.51.100.7/32', '198.51.100.0/24'],
      revokedAt: null,
    });
    // The lookup's cached row was replaced: the new allow-list and permissions hold at once.
    const lookup = await harness.call<ApiKeyLookupReply>('apiKey', { apiKey: ed.apiKey, ip: '198.51.100.9' });
    expect(lookup).toMatchObject({ permissions: ['READ'], kind: 'ED25519' });
    expect(lookup.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await harness.error('apiKey', { apiKey: ed.apiKey, ip: '203.0.113.9' })).code).toBe(
      UsersErrorCode.API_KEY_IP_NOT_ALLOWED,
    );
    // The code is spent now.
    expect((await harness.error('updateApiKey', { ...change, id: ed.id })).code).toBe(
      UsersErrorCode.MFA_CODE_REPLAYED,
    );
    // Another user cannot change the key (eve has no MFA: she is stopped before any key is read).
    const eve = await harness.call<TokenPair>('login', { email: 'eve@example.com', password });
    expect(
      (await harness.error('updateApiKey', { ...change, accessToken: eve.accessToken, id: ed.id })).code,
    ).toBe(UsersErrorCode.MFA_NOT_ENABLED);

    const { entries } = await harness.call<{
      entries: { event: string; details: Record<string, unknown> }[];
    }>('auditLog', { accessToken: token });
    expect(entries.find((e) => e.event === 'API_KEY_UPDATED')?.details).toEqual({
      apiKeyId: ed.id,
      before: {
        label: 'signer',
        permissions: ['READ', 'WITHDRAW'],
        ipAllowList: ['203.0.113.0/24', '2001:db8::/32'],
      },
      after: {
        label: 'signer, moved',
        permissions: ['READ'],
        ipAllowList: ['198.51.100.7/32', '198.51.100.0/24'],
      },
    });
  });
});
