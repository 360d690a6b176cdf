import { ExchangeHarness, freshCode, PASSWORD, type Trader } from './exchange-harness';

jest.setTimeout(120_000);

// Withdrawals above 1 BTC wait for an operator. GRPC_PORT 0: no collision with other suites' gateways.
const harness = new ExchangeHarness({ GRPC_PORT: '0' }, { WALLET_WITHDRAWAL_APPROVAL_ABOVE: 'BTC=1' });

interface DepositRow {
  id: string;
  amount: string;
  coin: string;
  status: number;
  txId: string;
  insertTime: number;
}
interface WithdrawRow {
  id: string;
  amount: string;
  transactionFee: string;
  coin: string;
  status: number;
  address: string;
  applyTime: string;
}

let bob: Trader;
let token: string;
let recoveryCodes: string[];
let totp: { secret: string; code: string };

beforeAll(async () => {
  await harness.start();
  bob = await harness.trader('capital-bob@example.com');
  // Carol turns MFA on by hand, to keep her recovery codes (each works once: no waiting for TOTP steps).
  const email = 'capital-carol@example.com';
  await harness.v1('POST', '/auth/sign-up', undefined, { email, password: PASSWORD });
  token = (
    await harness.v1<{ accessToken: string }>('POST', '/auth/login', undefined, { email, password: PASSWORD })
  ).body.accessToken;
  const enrol = await harness.v1<{ secret: string }>('POST', '/mfa/enrol', token);
  const first = freshCode(enrol.body.secret, null);
  const confirm = await harness.v1<{ recoveryCodes: string[] }>('POST', '/mfa/confirm', token, {
    code: first.code,
  });
  expect(confirm.status).toBe(200);
  recoveryCodes = confirm.body.recoveryCodes;
  totp = { secret: enrol.body.secret, code: first.code };
  for (const amount of ['1', '4']) {
    expect((await harness.v1('POST', '/deposits/faucet', token, { asset: 'BTC', amount })).status).toBe(201);
  }
  expect((await harness.v1('POST', '/deposits/faucet', token, { asset: 'USDT', amount: '250' })).status).toBe(
    201,
  );
  await harness.faucet(bob, 'ETH', '3');
}, 180_000);

afterAll(() => harness.stop(), 60_000);

/** A signed `/sapi` GET, parameters in the query string as ccxt sends them. */
function sapi<T>(path: string, trader: Trader, params: Record<string, string | number> = {}) {
  return harness.http<T>(
    'GET',
    `/sapi/v1/capital/${path}?${ExchangeHarness.signedPayload(params, trader.key)}`,
    { headers: { 'X-MBX-APIKEY': trader.key.apiKey } },
  );
}

/** A signed `/sapi` POST, parameters in a form body as ccxt sends them. */
function sapiPost<T>(path: string, trader: Trader, params: Record<string, string | number>) {
  return harness.http<T>('POST', `/sapi/v1/capital/${path}`, {
    headers: { 'X-MBX-APIKEY': trader.key.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
    body: ExchangeHarness.signedPayload(params, trader.key),
  });
}

const btc = async () => {
  const b = await harness.v1<{ balances: { asset: string; free: string; locked: string }[] }>(
    'GET',
    '/balances',
    token,
  );
  return b.body.balances.find((x) => x.asset === 'BTC');
};

describe('withdrawal safety through /api/v1', () => {
  it('refuses a withdrawal without a second factor or with a spent TOTP code, changing nothing', async () => {
    const before = await btc();
    const noCode = await harness.v1<{ code: number }>('POST', '/withdrawals', token, {
      asset: 'BTC',
      amount: '0.5',
      address: 'bc1-carol',
    });
    expect([noCode.status, noCode.body.code]).toEqual([400, -1102]);
    const replayed = await harness.v1<{ code: number }>('POST', '/withdrawals', token, {
      asset: 'BTC',
      amount: '0.5',
      address: 'bc1-carol',
      mfaCode: totp.code,
    });
    expect(replayed.status).toBe(401);
    expect([1302, 1303]).toContain(replayed.body.code);
    expect(await btc()).toEqual(before);
  });

  it('sends one under the threshold on and holds one above it for an operator', async () => {
    const small = await harness.v1<{ status: string }>('POST', '/withdrawals', token, {
      asset: 'BTC',
      amount: '0.5',
      address: 'bc1-carol',
      recoveryCode: recoveryCodes[0],
    });
    expect([small.status, small.body.status]).toEqual([201, 'REQUESTED']);
    const large = await harness.v1<{ status: string }>('POST', '/withdrawals', token, {
      asset: 'BTC',
      amount: '2',
      address: 'bc1-carol-cold',
      recoveryCode: recoveryCodes[1],
    });
    expect([large.status, large.body.status]).toEqual([201, 'PENDING_APPROVAL']);
    // Both amounts have left the available balance.
    expect(Number((await btc())!.free)).toBe(2.5);
  });
});

describe('deposit and withdrawal history', () => {
  it('GET /api/v1/deposits and /withdrawals: the user’s own, newest first, in Binance’s rows', async () => {
    const deposits = await harness.v1<DepositRow[]>('GET', '/deposits', token);
    expect(deposits.status).toBe(200);
    expect(deposits.body.map((d) => [d.coin, Number(d.amount), d.status])).toEqual([
      ['USDT', 250, 1],
      ['BTC', 4, 1],
      ['BTC', 1, 1],
    ]);
    const onlyBtc = await harness.v1<DepositRow[]>('GET', '/deposits?coin=BTC&limit=1', token);
    expect(onlyBtc.body.map((d) => Number(d.amount))).toEqual([4]);
    const next = await harness.v1<DepositRow[]>('GET', '/deposits?coin=BTC&limit=1&offset=1', token);
    expect(next.body.map((d) => Number(d.amount))).toEqual([1]);

    const withdrawals = await harness.v1<WithdrawRow[]>('GET', '/withdrawals', token);
    expect(withdrawals.body.map((w) => [Number(w.amount), w.status, w.address])).toEqual([
      [2, 2, 'bc1-carol-cold'],
      [0.5, 4, 'bc1-carol'],
    ]);
    expect(withdrawals.body[0]!.applyTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const waiting = await harness.v1<WithdrawRow[]>('GET', '/withdrawals?status=2', token);
    expect(waiting.body.map((w) => Number(w.amount))).toEqual([2]);
    // Binance's 4 ("processing") is a withdrawal requested and one sent alike: here one not sent yet.
    const processing = await harness.v1<WithdrawRow[]>('GET', '/withdrawals?status=4', token);
    expect(processing.body.map((w) => [Number(w.amount), w.status])).toEqual([[0.5, 4]]);
  });

  it('GET /sapi/v1/capital/deposit/hisrec and withdraw/history: signed, scoped to the key’s owner', async () => {
    const deposits = await sapi<DepositRow[]>('deposit/hisrec', bob);
    expect(deposits.status).toBe(200);
    expect(deposits.body.map((d) => [d.coin, Number(d.amount)])).toEqual([['ETH', 3]]);
    const withdrawals = await sapi<WithdrawRow[]>('withdraw/history', bob);
    expect([withdrawals.status, withdrawals.body]).toEqual([200, []]);
    const unsigned = await harness.http<{ code: number }>('GET', '/sapi/v1/capital/deposit/hisrec');
    expect(unsigned.status).toBe(401);
  });

  it('refuses bad parameters with Binance codes', async () => {
    const cases: [string, number][] = [
      ['/deposits?coin=NOPE', -1130],
      ['/deposits?startTime=5&endTime=1', -1130],
      ['/deposits?limit=1001', -1102],
      ['/withdrawals?offset=x', -1100],
      ['/withdrawals?color=red', -1103],
      // A filter that finds nothing here does not skip the checks of the others.
      ['/withdrawals?coin=US%20DT&withdrawOrderId=x', -1130],
      ['/withdrawals?status=5&limit=0', -1102],
      ['/deposits?status=3&startTime=x', -1100],
      // Boolean flags are true or false (any other value read as false before, with 200).
      ['/deposits?includeSource=yes', -1100],
      ['/account?omitZeroBalances=TRUEX', -1100],
      // The deposit address's parameters are checked before the wallet (whose chain watcher is off here: 503).
      ['/deposits/address', -1102],
      ['/deposits/address?coin=US%20DT', -1130],
      ['/deposits/address?coin=USDT&amount=-1', -1100],
      ['/deposits/address?coin=USDT&amount=1e3', -1100],
      ['/deposits/address?coin=USDT&amount=0', -1130],
    ];
    for (const [path, code] of cases) {
      const refused = await harness.v1<{ code: number }>('GET', path, token);
      expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 400, code });
    }
  });
});

interface CoinRow {
  coin: string;
  free: string;
  locked: string;
  withdrawing: string;
  depositAllEnable: boolean;
  withdrawAllEnable: boolean;
  trading: boolean;
  networkList: {
    network: string;
    isDefault: boolean;
    withdrawFee: string;
    withdrawMin: string;
    withdrawIntegerMultiple: string;
    minConfirm: number;
    withdrawDesc: string;
  }[];
}

describe('withdrawals with an API key (POST /sapi/v1/capital/withdraw/apply) and the coins (config/getall)', () => {
  let dave: Trader;
  let loose: Trader;
  const usdt = async (trader: Trader) => {
    const account = await harness.signed<{ balances: { asset: string; free: string }[] }>(
      'GET',
      'account',
      {},
      trader.key,
    );
    return Number(account.body.balances.find((b) => b.asset === 'USDT')?.free ?? 0);
  };

  beforeAll(async () => {
    [dave, loose] = await Promise.all([
      // A withdrawal key must work from its allow-list's addresses only (the test's own, loopback).
      harness.trader('capital-dave@example.com', {
        permissions: ['READ', 'WITHDRAW'],
        ipAllowList: ['127.0.0.1', '::1'],
      }),
      harness.trader('capital-loose@example.com', { permissions: ['READ', 'WITHDRAW'] }),
    ]);
    await harness.faucet(dave, 'USDT', '1000');
    await harness.faucet(dave, 'BTC', '3');
    await harness.faucet(loose, 'USDT', '1000');
  });

  it('takes a withdrawal from a key with WITHDRAW restricted to IP addresses, once per withdrawOrderId', async () => {
    const order = { coin: 'USDT', address: 'usdt-cold-1', amount: '125.5', withdrawOrderId: 'dave-w-1' };
    const applied = await sapiPost<{ id: string }>('withdraw/apply', dave, order);
    expect(applied.status).toBe(200);
    expect(Object.keys(applied.body)).toEqual(['id']);
    expect(await usdt(dave)).toBe(874.5);

    // The same withdrawOrderId again: the same withdrawal, nothing moves twice; with another amount: refused.
    const again = await sapiPost<{ id: string }>('withdraw/apply', dave, order);
    expect(again.body).toEqual(applied.body);
    const changed = await sapiPost<{ code: number }>('withdraw/apply', dave, { ...order, amount: '100' });
    expect([changed.status, changed.body.code]).toEqual([400, 2102]);
    expect(await usdt(dave)).toBe(874.5);

    const history = await sapi<{ id: string; withdrawOrderId?: string; amount: string; status: number }[]>(
      'withdraw/history',
      dave,
    );
    expect(history.body.map((w) => [w.id, w.withdrawOrderId, Number(w.amount), w.status])).toEqual([
      [applied.body.id, 'dave-w-1', 125.5, 4],
    ]);
    const byClientId = await sapi<{ id: string }[]>('withdraw/history', dave, {
      withdrawOrderId: 'dave-w-1',
    });
    expect(byClientId.body.map((w) => w.id)).toEqual([applied.body.id]);
    const none = await sapi<unknown[]>('withdraw/history', dave, { withdrawOrderId: 'nobody' });
    expect(none.body).toEqual([]);

    // Without a withdrawOrderId each request is its own withdrawal; above the threshold one waits for an operator.
    const large = await sapiPost<{ id: string }>('withdraw/apply', dave, {
      coin: 'BTC',
      network: 'BTC',
      address: 'bc1-dave',
      amount: '1.25',
    });
    expect(large.status).toBe(200);
    const btcRows = await sapi<{ id: string; status: number; withdrawOrderId?: string }[]>(
      'withdraw/history',
      dave,
      { coin: 'BTC' },
    );
    expect(btcRows.body).toEqual([expect.objectContaining({ id: large.body.id, status: 2 })]);
    expect(btcRows.body[0]).not.toHaveProperty('withdrawOrderId');

    // More than the balance: the wallet's refusal, nothing moves.
    const tooMuch = await sapiPost<{ code: number }>('withdraw/apply', dave, {
      coin: 'USDT',
      address: 'usdt-cold-1',
      amount: '5000',
    });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([400, 2101]);
    expect(await usdt(dave)).toBe(874.5);
  });

  it('refuses a key that can withdraw from anywhere, a key without WITHDRAW, and bad parameters, moving nothing', async () => {
    const order = { coin: 'USDT', address: 'usdt-cold-2', amount: '10' };
    const anywhere = await sapiPost<{ code: number; msg: string }>('withdraw/apply', loose, order);
    expect([anywhere.status, anywhere.body.code]).toEqual([401, -2015]);
    expect(anywhere.body.msg).toMatch(/restricted to trusted IP addresses/);
    expect(await usdt(loose)).toBe(1000);
    const readOnly = await sapiPost<{ code: number }>('withdraw/apply', bob, { ...order, coin: 'ETH' });
    expect([readOnly.status, readOnly.body.code]).toEqual([401, -2015]);

    const cases: [Record<string, string>, number][] = [
      [{ address: 'x', amount: '1' }, -1102],
      [{ coin: 'USDT', amount: '1' }, -1102],
      [{ coin: 'USDT', address: 'x' }, -1102],
      [{ ...order, coin: 'US DT' }, -1130],
      [{ ...order, network: 'TRX' }, -1130],
      [{ ...order, address: 'has space' }, -1130],
      [{ ...order, addressTag: '123' }, -1130],
      [{ ...order, amount: '0' }, -1130],
      [{ ...order, amount: '1.0000001' }, -1130],
      [{ ...order, amount: '-1' }, -1100],
      [{ ...order, withdrawOrderId: 'no spaces allowed' }, -1100],
      [{ ...order, walletType: '1' }, -1102],
      [{ ...order, transactionFeeFlag: 'maybe' }, -1100],
      // No address book here.
      [{ ...order, name: 'cold' }, -1103],
    ];
    for (const [params, code] of cases) {
      const refused = await sapiPost<{ code: number }>('withdraw/apply', dave, params);
      expect({ params, status: refused.status, code: refused.body.code }).toEqual({
        params,
        status: 400,
        code,
      });
    }
    expect(await usdt(dave)).toBe(874.5);
  });

  it("lists every coin with the caller's balance, what is withdrawing and its network's rules", async () => {
    const coins = await sapi<CoinRow[]>('config/getall', dave);
    expect(coins.status).toBe(200);
    const byCoin = new Map(coins.body.map((c) => [c.coin, c]));
    expect([...byCoin.keys()]).toEqual(expect.arrayContaining(['BTC', 'ETH', 'USDT']));
    expect(byCoin.get('USDT')).toMatchObject({
      depositAllEnable: true,
      withdrawAllEnable: true,
      trading: true,
    });
    expect(Number(byCoin.get('USDT')!.free)).toBe(874.5);
    expect(Number(byCoin.get('USDT')!.withdrawing)).toBe(125.5);
    expect(Number(byCoin.get('BTC')!.free)).toBe(1.75);
    expect(Number(byCoin.get('BTC')!.withdrawing)).toBe(1.25);
    expect(Number(byCoin.get('ETH')!.free)).toBe(0);
    expect(byCoin.get('BTC')!.networkList).toEqual([
      expect.objectContaining({
        network: 'BTC',
        isDefault: true,
        withdrawMin: '0.00000001',
        withdrawIntegerMultiple: '0.00000001',
        withdrawFee: '0.00000000',
        minConfirm: expect.any(Number),
        withdrawDesc: "Withdrawals above 1.00000000 BTC wait for an operator's approval.",
      }),
    ]);
    expect(byCoin.get('USDT')!.networkList[0]!.withdrawDesc).toBe('');
    // Another account's view: its own balances.
    const bobs = await sapi<CoinRow[]>('config/getall', bob);
    expect(Number(bobs.body.find((c) => c.coin === 'ETH')!.free)).toBe(3);
    expect(Number(bobs.body.find((c) => c.coin === 'USDT')!.withdrawing)).toBe(0);
  });
});
