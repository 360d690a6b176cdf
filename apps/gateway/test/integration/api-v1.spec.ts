import { eventually, ExchangeHarness, freshCode, PASSWORD, type Trader } from './exchange-harness';

jest.setTimeout(120_000);

const harness = new ExchangeHarness();

beforeAll(() => harness.start(), 180_000);
afterAll(() => harness.stop(), 60_000);

/** The trader's next TOTP code, waiting for the next 30-second step when the window's are spent. */
async function nextCode(trader: Trader): Promise<string> {
  for (;;) {
    try {
      const fresh = freshCode(trader.totpSecret, trader.lastStep);
      trader.lastStep = fresh.step;
      return fresh.code;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

interface TokenPair {
  userId: string;
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

describe('/api/v1 for the web frontend', () => {
  it('signs up, logs in with MFA, creates an API key and trades with it and with the session', async () => {
    const email = 'dana@example.com';
    const signUp = await harness.v1<{ userId: string; email: string }>('POST', '/auth/sign-up', undefined, {
      email,
      password: PASSWORD,
    });
    expect(signUp.status).toBe(201);
    expect(signUp.body.email).toBe(email);
    const taken = await harness.v1('POST', '/auth/sign-up', undefined, { email, password: PASSWORD });
    expect([taken.status, taken.body]).toMatchObject([409, { code: 1101 }]);
    const weak = await harness.v1('POST', '/auth/sign-up', undefined, {
      email: 'e@example.com',
      password: 'short',
    });
    expect([weak.status, weak.body]).toMatchObject([400, { code: 1102 }]);
    const unknownField = await harness.v1('POST', '/auth/sign-up', undefined, {
      email: 'f@example.com',
      password: PASSWORD,
      admin: true,
    });
    expect([unknownField.status, unknownField.body]).toMatchObject([400, { code: -1102 }]);
    const wrong = await harness.v1('POST', '/auth/login', undefined, {
      email,
      password: 'not-the-password-1',
    });
    expect([wrong.status, wrong.body]).toMatchObject([401, { code: 1104 }]);

    const login = await harness.v1<TokenPair>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    expect(login.status).toBe(200);
    const token = login.body.accessToken;
    const me = await harness.v1('GET', '/me', token);
    expect(me.body).toEqual({ userId: signUp.body.userId, sessionId: login.body.sessionId });
    expect((await harness.v1('GET', '/me')).status).toBe(401);
    expect((await harness.v1('GET', '/me', `${token}x`)).body).toMatchObject({ code: -2015 });

    const enrol = await harness.v1<{ secret: string; otpauthUri: string }>('POST', '/mfa/enrol', token);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const first = freshCode(enrol.body.secret, null);
    const confirm = await harness.v1<{ recoveryCodes: string[] }>('POST', '/mfa/confirm', token, {
      code: first.code,
    });
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    const needsCode = await harness.v1('POST', '/auth/login', undefined, { email, password: PASSWORD });
    expect([needsCode.status, needsCode.body]).toMatchObject([401, { code: 1301 }]);
    const mfaLogin = await harness.v1<TokenPair>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
      recoveryCode: confirm.body.recoveryCodes[0],
    });
    expect(mfaLogin.status).toBe(200);

    const created = await harness.v1<{ id: string; apiKey: string; secret: string; permissions: string[] }>(
      'POST',
      '/api-keys',
      mfaLogin.body.accessToken,
      {
        mfaCode: freshCode(enrol.body.secret, first.step).code,
        kind: 'HMAC',
        label: 'bot',
        permissions: ['READ', 'TRADE'],
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/\S{16,}/);
    const listed = await harness.v1<{ keys: Record<string, unknown>[] }>('GET', '/api-keys', token);
    expect(listed.body.keys.map((k) => k['id'])).toEqual([created.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const deposit = await harness.v1('POST', '/deposits/faucet', token, { asset: 'USDT', amount: '1000' });
    expect([deposit.status, deposit.body]).toMatchObject([201, { asset: 'USDT', status: 'CONFIRMED' }]);
    const key = { apiKey: created.body.apiKey, secret: created.body.secret };
    const placed = await harness.signed<{ orderId: number; status: string }>(
      'POST',
      'order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '25000' },
      key,
    );
    expect([placed.status, placed.body.status]).toEqual([200, 'NEW']);

    // The same orders through the session, with the same answers.
    const open = await harness.v1<{ orderId: number }[]>('GET', '/openOrders?symbol=BTCUSDT', token);
    expect(open.body.map((o) => o.orderId)).toEqual([placed.body.orderId]);
    const viaSession = await harness.v1<{ orderId: number; status: string; fills: unknown[] }>(
      'POST',
      '/order',
      token,
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '24000' },
    );
    expect(viaSession.status).toBe(200);
    expect(viaSession.body).toMatchObject({ status: 'NEW', fills: [] });
    expect(viaSession.headers.get('x-mbx-order-count-1d')).toBe('2');
    const balances = await harness.v1<{ balances: { asset: string; free: string; locked: string }[] }>(
      'GET',
      '/balances',
      token,
    );
    const usdt = balances.body.balances.find((b) => b.asset === 'USDT')!;
    // Each buy holds its notional and the most it can pay in fees (taker 0.10 %).
    expect([Number(usdt.free), Number(usdt.locked)]).toEqual([1000 - 250.25 - 240.24, 490.49]);
    // The web's edit: the session's cancelReplace, the same as /api/v3's.
    const replaced = await harness.v1<{
      cancelResponse: { status: string };
      newOrderResponse: { orderId: number };
    }>('POST', '/order/cancelReplace', token, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '23000',
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: String(viaSession.body.orderId),
    });
    expect([replaced.status, replaced.body.cancelResponse.status]).toEqual([200, 'CANCELED']);
    const cancelled = await harness.v1<{ status: string }>(
      'DELETE',
      `/order?symbol=BTCUSDT&orderId=${replaced.body.newOrderResponse.orderId}`,
      token,
    );
    expect(cancelled.body.status).toBe('CANCELED');
    const all = await harness.v1<{ status: string }[]>('GET', '/allOrders?symbol=BTCUSDT', token);
    expect(all.body.map((o) => o.status).sort()).toEqual(['CANCELED', 'CANCELED', 'NEW']);
    const account = await harness.v1<{ canTrade: boolean; balances: unknown[] }>('GET', '/account', token);
    expect(account.body.canTrade).toBe(true);

    // Withdrawals need a second factor; a recovery code works once.
    const noCode = await harness.v1('POST', '/withdrawals', token, {
      asset: 'USDT',
      amount: '10',
      address: 'addr-1',
    });
    expect([noCode.status, noCode.body]).toMatchObject([400, { code: -1102 }]);
    const withdrawal = await harness.v1<{ status: string; amount: string }>('POST', '/withdrawals', token, {
      asset: 'USDT',
      amount: '10',
      address: 'addr-1',
      recoveryCode: confirm.body.recoveryCodes[1],
    });
    expect(withdrawal.status).toBe(201);
    expect(withdrawal.body.status).toBe('REQUESTED');
    const tooMuch = await harness.v1<{ code: number }>('POST', '/withdrawals', token, {
      asset: 'USDT',
      amount: '100000',
      address: 'addr-1',
      recoveryCode: confirm.body.recoveryCodes[2],
    });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([400, 2101]);

    const disabled = await harness.v1('POST', '/mfa/disable', token, {
      recoveryCode: confirm.body.recoveryCodes[3],
    });
    expect([disabled.status, disabled.body]).toEqual([200, { mfaEnabled: false }]);
    const plainLogin = await harness.v1('POST', '/auth/login', undefined, { email, password: PASSWORD });
    expect(plainLogin.status).toBe(200);

    const audit = await harness.v1<{ entries: { event: string }[] }>('GET', '/audit-log?limit=50', token);
    expect(audit.body.entries.map((e) => e.event)).toEqual(expect.arrayContaining(['API_KEY_CREATED']));
    expect((await harness.v1('GET', '/audit-log?limit=500', token)).status).toBe(400);
    // Without a limit: the users service's default. Digits only, as every integer parameter here.
    const unlimited = await harness.v1<{ entries: { event: string }[] }>('GET', '/audit-log', token);
    expect([unlimited.status, unlimited.body.entries.length]).toEqual([200, audit.body.entries.length]);
    for (const limit of ['0x10', '%205', '1e1', '5.0', '', '0', '-1']) {
      const refused = await harness.v1('GET', `/audit-log?limit=${limit}`, token);
      expect([limit, refused.status, refused.body]).toEqual([
        limit,
        400,
        { code: -1102, msg: expect.stringMatching(/^Invalid request body: /) },
      ]);
    }
    const twice = await harness.v1('GET', '/audit-log?limit=5&limit=6', token);
    expect(twice.status).toBe(400);
  });

  it('refreshes, lists and ends sessions', async () => {
    const email = 'eli@example.com';
    await harness.v1('POST', '/auth/sign-up', undefined, { email, password: PASSWORD });
    const first = await harness.v1<TokenPair>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    const second = await harness.v1<TokenPair>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    const sessions = await harness.v1<{ sessions: { sessionId: string; current: boolean }[] }>(
      'GET',
      '/sessions',
      first.body.accessToken,
    );
    expect(sessions.body.sessions.map((s) => s.sessionId).sort()).toEqual(
      [first.body.sessionId, second.body.sessionId].sort(),
    );

    const refreshed = await harness.v1<TokenPair>('POST', '/auth/refresh', undefined, {
      refreshToken: first.body.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(first.body.refreshToken);
    expect((await harness.v1('GET', '/me', refreshed.body.accessToken)).status).toBe(200);
    const revoked = await harness.v1<{ sessionsRevoked: number }>(
      'DELETE',
      `/sessions/${second.body.sessionId}`,
      refreshed.body.accessToken,
    );
    expect([revoked.status, revoked.body]).toEqual([200, { sessionsRevoked: 1 }]);
    const logout = await harness.v1<{ sessionsRevoked: number }>('POST', '/auth/logout', undefined, {
      refreshToken: second.body.refreshToken,
    });
    expect(logout.status).toBe(200);
    expect((await harness.v1('DELETE', '/sessions/not-a-uuid', refreshed.body.accessToken)).status).toBe(400);

    // Replaying a spent refresh token ends its whole session (a stolen token), refreshed tokens included.
    const reused = await harness.v1('POST', '/auth/refresh', undefined, {
      refreshToken: first.body.refreshToken,
    });
    expect([reused.status, reused.body]).toMatchObject([401, { code: 1203 }]);
    const ended = await harness.v1('GET', '/sessions', refreshed.body.accessToken);
    expect([ended.status, ended.body]).toMatchObject([401, { code: 1204 }]);

    const current = await harness.v1<TokenPair>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    const spare = await harness.v1<TokenPair>('POST', '/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    const newPassword = 'marmalade-Kettle-9-owls';
    const changed = await harness.v1<{ otherSessionsRevoked: number }>(
      'POST',
      '/auth/change-password',
      current.body.accessToken,
      { currentPassword: PASSWORD, newPassword },
    );
    expect([changed.status, changed.body]).toEqual([200, { otherSessionsRevoked: 1 }]);
    const spareEnded = await harness.v1('GET', '/sessions', spare.body.accessToken);
    expect([spareEnded.status, spareEnded.body]).toMatchObject([401, { code: 1204 }]);
    const oldPassword = await harness.v1('POST', '/auth/login', undefined, { email, password: PASSWORD });
    expect([oldPassword.status, oldPassword.body]).toMatchObject([401, { code: 1104 }]);
    const third = await harness.v1<TokenPair>('POST', '/auth/login', undefined, {
      email,
      password: newPassword,
    });
    expect(third.status).toBe(200);
    const everywhere = await harness.v1<{ sessionsRevoked: number }>(
      'POST',
      '/auth/logout-everywhere',
      third.body.accessToken,
    );
    expect(everywhere.status).toBe(200);
    expect(everywhere.body.sessionsRevoked).toBeGreaterThanOrEqual(1);
    const afterEverywhere = await harness.v1('GET', '/sessions', third.body.accessToken);
    expect([afterEverywhere.status, afterEverywhere.body]).toMatchObject([401, { code: 1204 }]);
  });

  it('keeps each user to their own keys and orders', async () => {
    const [owner, other] = await Promise.all([
      harness.trader('owner@example.com'),
      harness.trader('other@example.com'),
    ]);
    const ownerKeys = await harness.v1<{ keys: { id: string }[] }>('GET', '/api-keys', owner.accessToken);
    const id = ownerKeys.body.keys[0]!.id;
    const steal = await harness.v1('DELETE', `/api-keys/${id}`, other.accessToken);
    expect([steal.status, steal.body]).toMatchObject([404, { code: 1401 }]);
    await harness.faucet(owner, 'USDT', '100');
    const placed = await harness.v1<{ orderId: number }>('POST', '/order', owner.accessToken, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '20000',
      newOrderRespType: 'ACK',
    });
    const orderPath = `/order?symbol=BTCUSDT&orderId=${placed.body.orderId}`;
    const peek = await harness.v1('GET', orderPath, other.accessToken);
    expect([peek.status, peek.body]).toMatchObject([400, { code: -2013 }]);
    const cancel = await harness.v1('DELETE', orderPath, other.accessToken);
    expect([cancel.status, cancel.body]).toMatchObject([400, { code: -2011 }]);
    const mine = await eventually(
      () => harness.v1<{ status: string }>('GET', orderPath, owner.accessToken),
      (r) => r.body.status === 'NEW',
    );
    expect(mine.body.status).toBe('NEW');

    // Another user cannot change the key either, even with a good code of their own; its owner can, and the
    // gateway applies the new allow-list to the key's next signed calls.
    const [ownerCode, otherCode] = await Promise.all([nextCode(owner), nextCode(other)]);
    const tamper = await harness.v1('PATCH', `/api-keys/${id}`, other.accessToken, {
      mfaCode: otherCode,
      permissions: ['READ', 'TRADE', 'WITHDRAW'],
    });
    expect([tamper.status, tamper.body]).toMatchObject([404, { code: 1401 }]);
    const nothing = await harness.v1('PATCH', `/api-keys/${id}`, owner.accessToken, { mfaCode: ownerCode });
    expect([nothing.status, nothing.body]).toMatchObject([400, { code: 1001 }]);
    const unknownField = await harness.v1('PATCH', `/api-keys/${id}`, owner.accessToken, {
      mfaCode: ownerCode,
      kind: 'ED25519',
    });
    expect([unknownField.status, unknownField.body]).toMatchObject([400, { code: -1102 }]);
    const account = () => harness.signed('GET', 'account', {}, owner.key);
    expect((await account()).status).toBe(200);
    const moved = await harness.v1<{ ipAllowList: string[]; label: string }>(
      'PATCH',
      `/api-keys/${id}`,
      owner.accessToken,
      { mfaCode: ownerCode, ipAllowList: ['203.0.113.0/24'], label: 'moved' },
    );
    expect([moved.status, moved.body.ipAllowList, moved.body.label]).toEqual([
      200,
      ['203.0.113.0/24'],
      'moved',
    ]);
    const refused = await eventually(account, (r) => r.status === 401);
    expect(refused.body).toMatchObject({ code: -2015 });
  });
});
