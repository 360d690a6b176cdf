import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { BinanceRestClient } from '../src/binance-client';
import { seedDemo } from '../src/demo-seed';
import { type StatsLine } from '../src/stats';
import { ServicesHarness } from './services.harness';

const REPO_ROOT = path.resolve(__dirname, '../../..');
// Codes that would mean the bots send malformed, mis-rounded or badly signed requests.
const CLIENT_FAULTS = [
  '-1013',
  '-1021',
  '-1022',
  '-1100',
  '-1101',
  '-1102',
  '-1104',
  '-1106',
  '-1111',
  '-1121',
  '-2014',
  '-2015',
];

/** The loadgen CLI against the real services: it trades, reports, rounds and signs right, and cleans up after itself. */
describe('loadgen CLI against the real services', () => {
  const exchange = new ServicesHarness('BTC-USDT,ETH-USDT');
  const dir = mkdtempSync(path.join(tmpdir(), 'loadgen-'));
  const credentialsFile = path.join(dir, 'credentials.json');

  beforeAll(() => exchange.start(), 180_000);
  afterAll(async () => {
    await exchange.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('quotes both sides, trades, prints JSON stats, and cancels its quotes on SIGINT', async () => {
    const setup = await seedDemo(
      exchange.baseUrl,
      credentialsFile,
      ['BTCUSDT', 'ETHUSDT', 'DOGEUSDT'],
      () => {},
    );
    expect(setup.markets).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(setup.missingMarkets).toEqual(['DOGEUSDT']);

    const bots = spawn(
      process.execPath,
      [
        'tools/run.cjs',
        'tools/loadgen/src/main.ts',
        ...['--base-url', exchange.baseUrl, '--credentials', credentialsFile, '--markets', 'BTCUSDT,ETHUSDT'],
        ...['--seed', '42', '--maker', '--takers', '2', '--rate', '3', '--requote-ms', '500'],
        ...['--start-prices', 'BTCUSDT=30000,ETHUSDT=2000', '--stats-interval-ms', '1000'],
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = once(bots, 'exit');
    const lines: Record<string, unknown>[] = [];
    const stderr: string[] = [];
    createInterface({ input: bots.stderr! }).on('line', (line) => stderr.push(line));
    const filled = new Promise<void>((resolve, reject) => {
      createInterface({ input: bots.stdout! }).on('line', (line) => {
        const event = JSON.parse(line) as Record<string, unknown>;
        lines.push(event);
        if (event['type'] === 'stats' && (event as unknown as StatsLine).totals.ordersFilled >= 5) resolve();
      });
      void exited.then(() => reject(new Error(`loadgen exited early:\n${stderr.join('\n')}`)));
    });
    await filled;

    const market = new BinanceRestClient({ baseUrl: exchange.baseUrl });
    const book = await market.depth('BTCUSDT', 20);
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.asks.length).toBeGreaterThan(0);
    expect(Number(book.bids[0]![0])).toBeLessThan(Number(book.asks[0]![0]));
    expect(
      (await market.trades('ETHUSDT', 5)).length + (await market.trades('BTCUSDT', 5)).length,
    ).toBeGreaterThan(0);

    bots.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(0);
    const final = lines.at(-1) as unknown as StatsLine & { final: boolean };
    expect(final).toMatchObject({ type: 'stats', final: true });
    expect(final.totals.ordersAcked).toBeGreaterThan(0);
    const errorCodes = lines.filter((l) => l['type'] === 'error').map((l) => l['code'] as string);
    expect(errorCodes.filter((c) => CLIENT_FAULTS.includes(c))).toEqual([]);
    // The bots watched the books on the WebSocket streams (the default feed) without a connection error.
    expect(lines[0]).toMatchObject({ type: 'event', msg: 'started', feed: 'ws' });
    expect(errorCodes).not.toContain('websocket');
    const someLatency = lines.find(
      (l) => l['type'] === 'stats' && (l as unknown as StatsLine).orderAckMs.p50 !== null,
    );
    expect(someLatency).toBeDefined();

    // The maker (trader 0) left nothing on the books.
    const maker = new BinanceRestClient({ baseUrl: exchange.baseUrl, credentials: setup.traders[0]! });
    expect([...(await maker.openOrders('BTCUSDT')), ...(await maker.openOrders('ETHUSDT'))]).toEqual([]);
  }, 180_000);

  it('sets the demo up under aliases when the credentials of the first set-up are lost', async () => {
    const lostFile = path.join(dir, 'fresh.json');
    const setup = await seedDemo(exchange.baseUrl, lostFile, ['BTCUSDT'], () => {});
    // alice and bob exist with MFA whose secrets are only in the other file; the web user has no MFA.
    expect(setup.traders.map((t) => t.email)).toEqual(['alice+1@example.com', 'bob+1@example.com']);
    expect(setup.webUser.email).toBe('demo@example.com');
    for (const trader of setup.traders) {
      const account = await new BinanceRestClient({
        baseUrl: exchange.baseUrl,
        credentials: trader,
      }).account();
      expect(account.balances.find((b) => b.asset === 'BTC')?.free).toMatch(/^10(\.0+)?$/);
    }
  }, 120_000);

  it('refuses bad options with exit code 2 and a symbol the exchange does not trade with exit code 2', async () => {
    const run = async (args: string[]) => {
      const child = spawn(process.execPath, ['tools/run.cjs', 'tools/loadgen/src/main.ts', ...args], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const err: string[] = [];
      createInterface({ input: child.stderr! }).on('line', (line) => err.push(line));
      const [code] = await once(child, 'exit');
      return { code, err: err.join('\n') };
    };
    expect(await run(['--maker'])).toMatchObject({ code: 2, err: expect.stringContaining('--credentials') });
    const unknown = await run([
      '--base-url',
      exchange.baseUrl,
      '--credentials',
      credentialsFile,
      '--maker',
      '--markets',
      'DOGEUSDT',
    ]);
    expect(unknown).toMatchObject({
      code: 2,
      err: expect.stringContaining('not TRADING on this exchange: DOGEUSDT'),
    });
  }, 60_000);
});
