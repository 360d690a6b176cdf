import { connect, type NatsConnection } from 'nats';

import { WALLET_SUBJECTS } from '@exchange/shared-contracts';
import { ExchangeHarness, freshCode, signedPayload, type Trader } from '@exchange/shared-util-testing';

jest.setTimeout(120_000);

// The wallet watches the simulated chain; blocks come only when the spec mines them, so every count is exact.
const harness = new ExchangeHarness({
  tag: 'gwchain',
  services: ['matching', 'users', 'wallet', 'gateway'],
  env: {
    gateway: { GRPC_PORT: '0' },
    wallet: {
      WALLET_CHAIN_WATCHER: 'simulated',
      WALLET_SIM_BLOCK_MS: '0',
      WALLET_CHAIN_POLL_MS: '100',
      WALLET_DEPOSIT_CONFIRMATIONS: '3',
    },
  },
});

interface DepositRow {
  id: string;
  amount: string;
  coin: string;
  status: number;
  address: string;
  txId: string;
  confirmTimes: string;
  unlockConfirm: number;
  completeTime?: number;
}

let nc: NatsConnection;
let alice: Trader;

/** A request to the wallet the way Nest's NATS transport frames it (the simulator has no public route). */
async function wallet<T>(subject: string, data: unknown): Promise<T> {
  const name = harness.names.subject(subject);
  const reply = await nc.request(name, JSON.stringify({ pattern: name, data, id: 'spec' }), {
    timeout: 30_000,
  });
  const body = reply.json<{ response?: T; err?: unknown }>();
  if (body.err) throw new Error(`${subject}: ${JSON.stringify(body.err)}`);
  return body.response as T;
}

/** A TOTP code of a step the trader has not used yet (waits for the next step when the window has none). */
async function unusedCode(trader: Trader): Promise<{ code: string; step: number }> {
  for (;;) {
    try {
      return freshCode(trader.totpSecret, trader.lastStep);
    } catch {
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

const mine = (blocks: number) => wallet(WALLET_SUBJECTS.cmd.simMine, { blocks });

function sapi<T>(path: string, params: Record<string, string | number> = {}) {
  return harness.http<T>('GET', `/sapi/v1/capital/${path}?${signedPayload(params, alice.key)}`, {
    headers: { 'X-MBX-APIKEY': alice.key.apiKey },
  });
}

beforeAll(async () => {
  await harness.start();
  nc = await connect({ servers: harness.servers.nats });
  alice = await harness.trader('chain-alice@example.com');
}, 180_000);

afterAll(async () => {
  await nc?.drain();
  await harness.stop();
}, 60_000);

describe('deposit addresses and chain deposits through the gateway', () => {
  it('answers GET /sapi/v1/capital/deposit/address as Binance does, the same address every time', async () => {
    const first = await sapi<{ address: string; coin: string; tag: string; url: string }>('deposit/address', {
      coin: 'BTC',
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ address: expect.stringMatching(/^sim1q/), coin: 'BTC', tag: '', url: '' });
    const again = await sapi<{ address: string }>('deposit/address', { coin: 'BTC', network: 'BTC' });
    expect(again.body.address).toBe(first.body.address);
    // An amount (Binance's, for invoices) in the coin's decimals is taken and changes nothing here.
    const withAmount = await sapi<{ address: string }>('deposit/address', {
      coin: 'BTC',
      amount: '0.12345678',
    });
    expect(withAmount.body.address).toBe(first.body.address);
    const web = await harness.v1<{ address: string }>('GET', '/deposits/address?coin=BTC', alice.accessToken);
    expect(web.body.address).toBe(first.body.address);
    const eth = await sapi<{ address: string }>('deposit/address', { coin: 'ETH' });
    expect(eth.body.address).not.toBe(first.body.address);
  });

  it('describes the route in the OpenAPI document, coin mandatory and signed', async () => {
    const doc = await harness.http<{
      paths: Record<string, Record<string, { parameters?: { name: string; required: boolean }[] }>>;
    }>('GET', '/docs/openapi.json');
    const op = doc.body.paths['/sapi/v1/capital/deposit/address']?.['get'];
    expect(op?.parameters?.filter((p) => p.required).map((p) => p.name)).toEqual([
      'coin',
      'timestamp',
      'signature',
    ]);
  });

  it.each([
    ['no coin', {}, -1102],
    ['a malformed coin', { coin: 'btc!' }, -1130],
    ['an unknown coin', { coin: 'DOGE' }, -1130],
    ['another network', { coin: 'BTC', network: 'ETH' }, -1130],
    ['an unknown parameter', { coin: 'BTC', colour: 'red' }, -1103],
    ['a zero amount', { coin: 'BTC', amount: '0.000' }, -1130],
    ['an amount finer than the coin', { coin: 'BTC', amount: '1.000000001' }, -1130],
    ['an amount finer than USDT', { coin: 'USDT', amount: '1000.0000000000000000001' }, -1130],
  ])('refuses %s with a Binance error', async (_name, params, code) => {
    const res = await sapi<{ code: number; msg: string }>('deposit/address', params);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  it('lists a simulated transfer as pending (0) with its confirmations, then credited (1)', async () => {
    const sent = await harness.v1<{ txid: string; vout: number; address: string }>(
      'POST',
      '/deposits/simulate',
      alice.accessToken,
      { asset: 'BTC', amount: '0.4' },
    );
    expect(sent.status).toBe(201);
    const txId = `${sent.body.txid}:${sent.body.vout}`;
    await mine(1);
    const pending = await sapi<DepositRow[]>('deposit/hisrec', { coin: 'BTC' });
    expect(pending.body).toEqual([
      expect.objectContaining({
        txId,
        amount: '0.40000000',
        status: 0,
        confirmTimes: '1/3',
        unlockConfirm: 3,
        address: sent.body.address,
      }),
    ]);
    expect(pending.body[0]).not.toHaveProperty('completeTime');
    expect((await sapi<DepositRow[]>('deposit/hisrec', { status: 1 })).body).toEqual([]);
    expect((await harness.balances(alice)).BTC).toBeUndefined();

    await mine(2);
    const credited = await sapi<DepositRow[]>('deposit/hisrec', { status: 1 });
    expect(credited.body).toEqual([
      expect.objectContaining({ txId, status: 1, confirmTimes: '3/3', completeTime: expect.any(Number) }),
    ]);
    expect((await sapi<DepositRow[]>('deposit/hisrec', { status: 0 })).body).toEqual([]);
    expect((await harness.balances(alice)).BTC).toEqual({ free: '0.40000000', locked: '0.00000000' });
  });

  it('shows a withdrawal sent through the chain as processing with its txId, then completed', async () => {
    const to = (await harness.v1<{ address: string }>('GET', '/deposits/address?coin=ETH', alice.accessToken))
      .body.address;
    await harness.faucet(alice, 'BTC', '1');
    const bob = await harness.trader('chain-bob@example.com');
    const bobBtc = (
      await harness.v1<{ address: string }>('GET', '/deposits/address?coin=BTC', bob.accessToken)
    ).body.address;
    expect(bobBtc).not.toBe(to);
    const code = await unusedCode(alice);
    alice.lastStep = code.step;
    const requested = await harness.v1<{ withdrawalId: string }>('POST', '/withdrawals', alice.accessToken, {
      asset: 'BTC',
      amount: '0.5',
      address: bobBtc,
      mfaCode: code.code,
    });
    expect(requested.status).toBe(201);
    const history = () =>
      sapi<{ id: string; status: number; txId: string; confirmNo: number }[]>('withdraw/history', {
        coin: 'BTC',
      });
    // Broadcast within a watcher pass: processing (4) with the chain's txId.
    await mine(1);
    const sentRow = (await history()).body.find((w) => w.id === requested.body.withdrawalId)!;
    expect(sentRow).toMatchObject({ status: 4, txId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await mine(3);
    const done = (await history()).body.find((w) => w.id === requested.body.withdrawalId)!;
    expect(done).toMatchObject({ status: 6, txId: sentRow.txId });
    // 3 or 4: the watcher may have sent it before the first of these blocks.
    expect(done.confirmNo).toBeGreaterThanOrEqual(3);
    expect((await harness.balances(bob)).BTC).toEqual({ free: '0.50000000', locked: '0.00000000' });
  });
});
