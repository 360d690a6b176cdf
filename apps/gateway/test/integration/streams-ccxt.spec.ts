import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { WORKSPACE_ROOT } from '@exchange/shared-util-testing';

import { type Book, eventually, type Frame, getJson, metric, StreamsHarness } from './streams.harness';

/**
 * ccxt.pro's `binance` class, unmodified, run in its own Node process (jest cannot load ccxt's ES-module
 * dependencies): configured as /work/shared/BINANCE-API.md §1 says, it watches BTC/USDT's book and trades through
 * the gateway and prints each update as a JSON line.
 */
const WATCHER = `
const http = require('node:http');
const ccxt = require('ccxt');
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const ex = new ccxt.pro.binance({
  timeout: 10000,
  httpAgent: new http.Agent(),
  urls: { api: {
    public: process.env.GW_HTTP + '/api/v3', private: process.env.GW_HTTP + '/api/v3',
    sapi: process.env.GW_HTTP + '/sapi/v1', v1: process.env.GW_HTTP + '/api/v1',
    ws: { spot: process.env.GW_WS + '/ws' },
  } },
  options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
});
(async () => {
  await ex.loadMarkets();
  const books = (async () => {
    for (;;) {
      const b = await ex.watchOrderBook('BTC/USDT');
      out({ book: { nonce: b.nonce, bids: b.bids, asks: b.asks } });
    }
  })();
  const trades = (async () => {
    for (;;) {
      const t = await ex.watchTrades('BTC/USDT');
      out({ trades: t.map((x) => ({ id: x.id, symbol: x.symbol, price: x.price, amount: x.amount, side: x.side })) });
    }
  })();
  await Promise.race([books, trades]);
})().catch((e) => {
  out({ error: String(e) });
  process.exit(1);
});
`;

describe('ccxt.pro binance against the gateway streams', () => {
  const harness = new StreamsHarness();
  let gw: { http: string; ws: string };
  let watcher: ChildProcess;
  const lines: Frame[] = [];

  const restDepth = async (): Promise<Book> =>
    (await getJson(`${gw.http}/api/v3/depth?symbol=BTCUSDT&limit=1000`)).body as Book;
  const line = (test: (l: Frame) => boolean) =>
    eventually(
      async () => lines.find((l) => l.error !== undefined || test(l)),
      (l) => l !== undefined,
    ).then((l) => {
      if (l.error !== undefined) throw new Error(`ccxt failed: ${l.error}`);
      return l;
    });

  beforeAll(async () => {
    await harness.start();
    gw = await harness.gateway();
    watcher = spawn(process.execPath, ['-e', WATCHER], {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env.PATH ?? '', GW_HTTP: gw.http, GW_WS: gw.ws },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: watcher.stdout! }).on('line', (text) => lines.push(JSON.parse(text)));
    // Both watches are subscribed once the gateway holds their two streams.
    await eventually(
      () => metric(gw.http, 'ws_subscriptions'),
      (n) => n === 2,
    );
  }, 180_000);

  afterAll(async () => {
    if (watcher && watcher.exitCode === null) {
      watcher.kill();
      await new Promise((resolve) => watcher.once('exit', resolve));
    }
    await harness.stop();
  }, 60_000);

  it('watchOrderBook syncs to the REST book as the engine changes it', async () => {
    for (let i = 0; i < 12; i++) {
      await harness.place(
        i % 2 ? 'SELL' : 'BUY',
        i % 2 ? 3_001_000 + i * 100 : 2_999_000 - i * 100,
        1 + (i % 3),
      );
    }
    await harness.place('SELL', 2_999_000, 2, { ioc: true });
    let previous = -1;
    const rest = await eventually(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const book = await restDepth();
        const settled = book.lastUpdateId === previous;
        previous = book.lastUpdateId;
        return { book, settled };
      },
      (r) => r.settled,
    ).then((r) => r.book);
    const { book } = await line((l) => l.book?.nonce === rest.lastUpdateId);
    const numbers = (levels: [string, string][]) => levels.map(([p, q]) => [Number(p), Number(q)]);
    expect(book.bids).toEqual(numbers(rest.bids));
    expect(book.asks).toEqual(numbers(rest.asks));
  }, 90_000);

  it('watchTrades sees the trades the engine makes', async () => {
    const lastTrade = async () => (await getJson(`${gw.http}/api/v3/trades?symbol=BTCUSDT&limit=1`)).body[0];
    const before = (await lastTrade()).id;
    // A seller taking the best bid that the order-book test left.
    await harness.place('SELL', 2_990_000, 1, { ioc: true });
    const rest = await eventually(lastTrade, (t) => t.id > before);
    const { trades } = await line((l) => l.trades?.some((t: Frame) => t.id === String(rest.id)));
    expect(trades.find((t: Frame) => t.id === String(rest.id))).toEqual({
      id: String(rest.id),
      symbol: 'BTC/USDT',
      price: Number(rest.price),
      amount: Number(rest.qty),
      side: 'sell',
    });
  }, 90_000);
});
