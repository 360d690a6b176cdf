import { spawnSync } from 'node:child_process';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the gateway's own whole-exchange test harness (real processes)
import { ExchangeHarness, eventually } from '../../../apps/gateway/test/integration/exchange-harness';
import { WORKSPACE } from './helm';

/**
 * The `helm test` command (deploy/docker/smoke-order.ts) run as the chart's test Pod runs it, against the
 * whole exchange as real processes (users, wallet, matching, market-data, gateway; PostgreSQL, Redis, NATS).
 */
function smokeOrder(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['tools/run.cjs', 'deploy/docker/smoke-order.ts'], {
    cwd: WORKSPACE,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TMPDIR: process.env['TMPDIR'] ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('deploy/docker/smoke-order.ts against a running exchange', () => {
  const harness = new ExchangeHarness();
  let key: { apiKey: string; secret: string };

  beforeAll(async () => {
    await harness.start();
    const trader = await harness.trader(`helm-test-${Date.now()}@example.com`);
    key = trader.key;
    await harness.faucet(trader, 'USDT', '100');
  }, 300_000);
  afterAll(() => harness.stop(), 120_000);

  const balance = async (asset: string) => {
    const account = await harness.signed<{ balances: { asset: string; free: string; locked: string }[] }>(
      'GET',
      'account',
      {},
      key,
    );
    return account.body.balances.find((b) => b.asset === asset);
  };

  it('places a resting order and cancels it, leaving the balance as it was (exit 0)', async () => {
    const result = smokeOrder({
      GATEWAY_URL: harness.base,
      SMOKE_API_KEY: key.apiKey,
      SMOKE_API_SECRET: key.secret,
      SMOKE_SYMBOL: 'BTCUSDT',
      SMOKE_SIDE: 'BUY',
      SMOKE_PRICE: '1000',
      SMOKE_QUANTITY: '0.01',
    });
    // Whole result: a failure shows what the script printed.
    expect({ status: result.status, stderr: result.stderr, stdout: result.stdout }).toEqual({
      status: 0,
      stderr: '',
      stdout: expect.stringContaining('cancelled'),
    });
    expect(result.stdout).toMatch(
      /^placed BTCUSDT BUY 0\.01@1000: orderId \d+ \(helm-test-[0-9a-f]{12}\)\ncancelled helm-test-[0-9a-f]{12}\n$/,
    );
    const clientOrderId = /\((helm-test-[0-9a-f]{12})\)/.exec(result.stdout)?.[1] ?? '';
    const order = await harness.signed<{ status: string }>(
      'GET',
      'order',
      { symbol: 'BTCUSDT', origClientOrderId: clientOrderId },
      key,
    );
    expect(order.body.status).toBe('CANCELED');
    // The hold is released once the cancel has settled.
    const usdt = await eventually(
      () => balance('USDT'),
      (b) => b?.locked !== undefined && Number(b.locked) === 0,
    );
    expect(usdt).toMatchObject({ free: expect.stringMatching(/^100(\.0+)?$/) });
  }, 180_000);

  it('exits 1 with the exchange’s refusal when the key does not sign right, placing nothing', async () => {
    const result = smokeOrder({
      GATEWAY_URL: harness.base,
      SMOKE_API_KEY: key.apiKey,
      SMOKE_API_SECRET: 'not-the-secret',
      SMOKE_PRICE: '1000',
      SMOKE_QUANTITY: '0.01',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('place BTCUSDT BUY 0.01@1000: HTTP 400');
    expect(result.stdout).toContain('"code":-1022');
    const open = await harness.signed<unknown[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, key);
    expect(open.body).toEqual([]);
  }, 120_000);

  it('exits 1 naming the gateway when nothing answers there', () => {
    const result = smokeOrder({
      GATEWAY_URL: 'http://127.0.0.1:9',
      SMOKE_API_KEY: 'k',
      SMOKE_API_SECRET: 's',
      SMOKE_PRICE: '1',
      SMOKE_QUANTITY: '1',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('smoke-order: http://127.0.0.1:9: fetch failed');
  }, 60_000);
});
