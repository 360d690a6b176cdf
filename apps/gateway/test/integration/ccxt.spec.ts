import { spawn } from 'node:child_process';

import { WORKSPACE_ROOT } from '@exchange/shared-util-testing';

import { ExchangeHarness, type Trader } from './exchange-harness';

jest.setTimeout(180_000);

/**
 * An unmodified ccxt `binance` client, configured as /work/shared/BINANCE-API.md §1 says, run in its own Node
 * process (jest cannot load ccxt's ES-module dependencies). Two traders: Bob sells, Alice buys; it prints one JSON
 * line of what each ccxt call answered (a rejection as its ccxt error class).
 */
const SCENARIO = `
const http = require('node:http');
const ccxt = require('ccxt');
const client = (apiKey, secret) => {
  const api = process.env.GW + '/api/v3';
  return new ccxt.binance({
    apiKey, secret, timeout: 10000, httpAgent: new http.Agent(),
    urls: { api: { public: api, private: api, sapi: process.env.GW + '/sapi/v1', v1: process.env.GW + '/api/v1' } },
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false,
      adjustForTimeDifference: false },
  });
};
const until = async (read, done) => {
  for (let i = 0; i < 300; i++) { const v = await read(); if (done(v)) return v; await new Promise((r) => setTimeout(r, 100)); }
  return read();
};
const failure = (promise) => promise.then(() => 'resolved', (e) => e.constructor.name);
(async () => {
  const a = client(process.env.A_KEY, process.env.A_SECRET);
  const b = client(process.env.B_KEY, process.env.B_SECRET);
  const markets = await a.loadMarkets();
  await b.loadMarkets();
  const status = await a.fetchStatus();
  const ask = await b.createOrder('BTC/USDT', 'limit', 'sell', 0.3, 30000);
  const book = await until(() => a.fetchOrderBook('BTC/USDT'), (ob) => ob.asks.length > 0);
  const bid = await a.createOrder('BTC/USDT', 'limit', 'buy', 0.1, 30000);
  const trades = await until(() => a.fetchTrades('BTC/USDT'), (l) => l.length > 0);
  const candles = await until(() => a.fetchOHLCV('BTC/USDT', '1m'), (l) => l.length > 0);
  const balance = await a.fetchBalance();
  const resting = await a.createOrder('BTC/USDT', 'limit', 'buy', 0.2, 25000);
  const fetched = await a.fetchOrder(resting.id, 'BTC/USDT');
  const open = await a.fetchOpenOrders('BTC/USDT');
  const edited = await a.editOrder(resting.id, 'BTC/USDT', 'limit', 'buy', 0.2, 24000);
  const openAfterEdit = await a.fetchOpenOrders('BTC/USDT');
  const editGone = await failure(a.editOrder(resting.id, 'BTC/USDT', 'limit', 'buy', 0.2, 23000));
  const cancelled = await a.cancelOrder(edited.id, 'BTC/USDT');
  const othersCancel = await failure(b.cancelOrder(edited.id, 'BTC/USDT'));
  const othersFetch = await failure(b.fetchOrder(edited.id, 'BTC/USDT'));
  const myTrades = await a.fetchMyTrades('BTC/USDT');
  const marketBuy = await a.createOrder('BTC/USDT', 'market', 'buy', 0.05, 30000);
  const tooBig = await failure(a.createOrder('BTC/USDT', 'limit', 'buy', 100, 30000));
  const fee = await a.fetchTradingFee('BTC/USDT');
  const fees = await a.fetchTradingFees();
  const rolling = await until(() => a.fetchTicker('BTC/USDT', { rolling: true, windowSize: '1h' }),
    (t) => t.baseVolume >= 0.15);
  const pick = (o) => ({ id: o.id, status: o.status, side: o.side, type: o.type, amount: o.amount, price: o.price,
    filled: o.filled, cost: o.cost, trades: (o.trades || []).length });
  process.stdout.write(JSON.stringify({
    status: status.status,
    market: (({ id, base, quote, spot, active }) => ({ id, base, quote, spot, active }))(markets['BTC/USDT']),
    ask: pick(ask), bestAsk: book.asks[0], bid: pick(bid),
    trade: (({ symbol, price, amount, side }) => ({ symbol, price, amount, side }))(trades[0]),
    lastClose: candles[candles.length - 1][4],
    btcFree: balance.BTC.free, usdtTotal: balance.USDT.total,
    resting: pick(resting), fetched: pick(fetched), openIds: open.map((o) => o.id), edited: pick(edited),
    openAfterEdit: openAfterEdit.map((o) => o.id), editGone, cancelled: pick(cancelled),
    othersCancel, othersFetch,
    myTrades: myTrades.map((t) => ({ order: t.order, side: t.side, price: t.price, amount: t.amount, takerOrMaker: t.takerOrMaker })),
    marketBuy: pick(marketBuy), tooBig,
    fee: { symbol: fee.symbol, maker: fee.maker, taker: fee.taker },
    feeSymbols: Object.keys(fees).sort(),
    rolling: (({ symbol, open, last, high, low, baseVolume, quoteVolume, vwap }) =>
      ({ symbol, open, last, high, low, baseVolume, quoteVolume, vwap }))(rolling),
  }) + '\\n');
})().catch((e) => { process.stdout.write(JSON.stringify({ error: String(e && e.stack || e) }) + '\\n'); process.exit(1); });
`;

/**
 * ccxt.pro's `binance` trading over Binance's WebSocket API (`*Ws` methods: `order.place`, `order.status`,
 * `openOrders.status`, `order.cancel`, `myTrades`; `watchOrders` through `userDataStream.subscribe.signature`), its
 * `ws-api` URL pointed at the gateway. Not `fetchBalanceWs`:
 * ccxt (4.5) parses a spot `account.status` answer as a futures account and finds no balances in Binance's own
 * shape (`ws-api.spec.ts` checks that answer).
 */
const WS_API_SCENARIO = `
const http = require('node:http');
const ccxt = require('ccxt');
const ws = process.env.GW.replace(/^http/, 'ws');
const ex = new ccxt.pro.binance({
  apiKey: process.env.A_KEY, secret: process.env.A_SECRET, timeout: 10000, httpAgent: new http.Agent(),
  urls: { api: { public: process.env.GW + '/api/v3', private: process.env.GW + '/api/v3',
    sapi: process.env.GW + '/sapi/v1', v1: process.env.GW + '/api/v1',
    ws: { spot: ws + '/ws', 'ws-api': { spot: ws + '/ws-api/v3' } } } },
  options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false,
    adjustForTimeDifference: false },
});
(async () => {
  await ex.loadMarkets();
  // watchOrders subscribes through the WebSocket API (userDataStream.subscribe.signature) before the order goes in.
  await ex.authenticate();
  const watched = ex.watchOrders('BTC/USDT');
  const placed = await ex.createOrderWs('BTC/USDT', 'limit', 'buy', 0.01, 20000);
  // What the watch gave when it resolved (ccxt updates its cached orders in place as later events come).
  const seenOrders = (await watched).map((o) => ({ id: o.id, status: o.status }));
  const fetched = await ex.fetchOrderWs(placed.id, 'BTC/USDT');
  const open = await ex.fetchOpenOrdersWs('BTC/USDT');
  const cancelled = await ex.cancelOrderWs(placed.id, 'BTC/USDT');
  const trades = await ex.fetchMyTradesWs('BTC/USDT');
  const pick = (o) => ({ id: o.id, status: o.status, side: o.side, type: o.type, amount: o.amount, price: o.price });
  process.stdout.write(JSON.stringify({
    placed: pick(placed), fetched: pick(fetched), openIds: open.map((o) => o.id), cancelled: pick(cancelled),
    trades: trades.length, watchedOrders: seenOrders,
  }) + '\\n');
  await ex.close();
})().catch((e) => { process.stdout.write(JSON.stringify({ error: String(e && e.stack || e) }) + '\\n'); process.exit(1); });
`;

/**
 * ccxt's funding calls with a key that may withdraw (restricted to loopback): `loadMarkets` with `fetchCurrencies`
 * on (Binance's `/sapi/v1/capital/config/getall`, with the key), `withdraw`, `fetchWithdrawals`, `fetchDeposits`
 * and `fetchDepositWithdrawFees`.
 */
const CAPITAL_SCENARIO = `
const http = require('node:http');
const ccxt = require('ccxt');
(async () => {
  const B = process.env.GW;
  const a = new ccxt.binance({
    apiKey: process.env.A_KEY, secret: process.env.A_SECRET, timeout: 10000, httpAgent: new http.Agent(),
    urls: { api: { public: B + '/api/v3', private: B + '/api/v3', sapi: B + '/sapi/v1', v1: B + '/api/v1' } },
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: true, fetchMargins: false,
      adjustForTimeDifference: false },
  });
  await a.loadMarkets();
  const usdt = a.currencies['USDT'];
  const sent = await a.withdraw('USDT', 12.5, 'usdt-ccxt-1');
  const withdrawals = await a.fetchWithdrawals('USDT');
  const deposits = await a.fetchDeposits('USDT');
  const fees = await a.fetchDepositWithdrawFees(['USDT']);
  process.stdout.write(JSON.stringify({
    usdt: { id: usdt.id, active: usdt.active, deposit: usdt.deposit, withdraw: usdt.withdraw,
      networks: Object.keys(usdt.networks), min: usdt.limits.withdraw.min },
    sent: { id: sent.id },
    withdrawals: withdrawals.map((w) => ({ id: w.id, amount: w.amount, address: w.address, status: w.status,
      type: w.type })),
    deposits: deposits.map((d) => ({ amount: d.amount, status: d.status })),
    fee: fees['USDT'] && fees['USDT'].withdraw,
  }) + '\\n');
})().catch((e) => { process.stdout.write(JSON.stringify({ error: String(e && e.stack || e) }) + '\\n'); process.exit(1); });
`;

function runScenario(
  alice: Trader,
  bob: Trader | undefined,
  gateway: string,
  scenario = SCENARIO,
): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ['-e', scenario], {
    cwd: WORKSPACE_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      GW: gateway,
      A_KEY: alice.key.apiKey,
      A_SECRET: alice.key.secret,
      B_KEY: bob?.key.apiKey ?? '',
      B_SECRET: bob?.key.secret ?? '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += String(chunk)));
  return new Promise((resolve, reject) =>
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out) as Record<string, unknown>);
      } catch {
        reject(new Error(`ccxt scenario printed no result: ${out}`));
      }
    }),
  );
}

const harness = new ExchangeHarness();

beforeAll(() => harness.start(), 180_000);
afterAll(() => harness.stop(), 60_000);

describe('ccxt binance against the gateway', () => {
  it('loads markets, trades, and reads back book, trades, candles, balance, orders, fills, fees and a rolling ticker', async () => {
    const [alice, bob] = await Promise.all([
      harness.trader('alice@example.com'),
      harness.trader('bob@example.com'),
    ]);
    await harness.faucet(alice, 'USDT', '100000');
    await harness.faucet(bob, 'BTC', '5');

    const seen = await runScenario(alice, bob, harness.base);
    expect(seen['error']).toBeUndefined();
    // fetchStatus: Binance's /sapi/v1/system/status, every service behind the API ready.
    expect(seen['status']).toBe('ok');
    expect(seen['market']).toEqual({ id: 'BTCUSDT', base: 'BTC', quote: 'USDT', spot: true, active: true });
    expect(seen['ask']).toMatchObject({
      status: 'open',
      side: 'sell',
      type: 'limit',
      amount: 0.3,
      price: 30000,
    });
    expect(seen['bestAsk']).toEqual([30000, 0.3]);
    expect(seen['bid']).toMatchObject({ status: 'closed', filled: 0.1, cost: 3000, trades: 1 });
    expect(seen['trade']).toEqual({ symbol: 'BTC/USDT', price: 30000, amount: 0.1, side: 'buy' });
    expect(seen['lastClose']).toBe(30000);
    expect(seen['btcFree']).toBeCloseTo(0.1 - 0.0001, 8); // taker fee 0.10 % in BTC
    expect(seen['usdtTotal']).toBe(97000);
    const resting = seen['resting'] as { id: string };
    expect(seen['resting']).toMatchObject({ status: 'open', amount: 0.2, price: 25000 });
    expect(seen['fetched']).toMatchObject({
      id: resting.id,
      status: 'open',
      amount: 0.2,
      price: 25000,
      filled: 0,
    });
    expect(seen['openIds']).toEqual([resting.id]);
    // editOrder is Binance's cancelReplace: the order is replaced by a new one at the new price.
    const edited = seen['edited'] as { id: string };
    expect(seen['edited']).toMatchObject({ status: 'open', amount: 0.2, price: 24000, filled: 0 });
    expect(edited.id).not.toBe(resting.id);
    expect(seen['openAfterEdit']).toEqual([edited.id]);
    // Editing the replaced order again fails as a whole (-2022, nothing placed). ccxt lists -2022 only among the
    // exceptions it picks by Binance's own host names, so against this base URL it is its generic ExchangeError.
    expect(seen['editGone']).toBe('ExchangeError');
    expect(seen['cancelled']).toMatchObject({ id: edited.id, status: 'canceled' });
    expect([seen['othersCancel'], seen['othersFetch']]).toEqual(['OrderNotFound', 'OrderNotFound']);
    expect(seen['myTrades']).toEqual([
      {
        order: (seen['bid'] as { id: string }).id,
        side: 'buy',
        price: 30000,
        amount: 0.1,
        takerOrMaker: 'taker',
      },
    ]);
    expect(seen['marketBuy']).toMatchObject({ status: 'closed', filled: 0.05 });
    expect(seen['tooBig']).toBe('InsufficientFunds');
    // fetchTradingFee(s): Binance's /sapi/v1/asset/tradeFee, every market's maker and taker rates.
    expect(seen['fee']).toEqual({ symbol: 'BTC/USDT', maker: 0.0008, taker: 0.001 });
    expect(seen['feeSymbols']).toEqual(expect.arrayContaining(['BTC/USDT', 'ETH/BTC', 'ETH/USDT']));
    // fetchTicker with `rolling`: Binance's /api/v3/ticker over the last hour, both trades at 30000.
    expect(seen['rolling']).toEqual({
      symbol: 'BTC/USDT',
      open: 30000,
      last: 30000,
      high: 30000,
      low: 30000,
      baseVolume: 0.15,
      quoteVolume: 4500,
      vwap: 30000,
    });
  });

  it('loads coins, withdraws and reads deposits and withdrawals back with a key restricted to loopback', async () => {
    const dave = await harness.trader('dave@example.com', {
      permissions: ['READ', 'WITHDRAW'],
      ipAllowList: ['127.0.0.1', '::1'],
    });
    await harness.faucet(dave, 'USDT', '100');
    const seen = await runScenario(dave, undefined, harness.base, CAPITAL_SCENARIO);
    expect(seen['error']).toBeUndefined();
    expect(seen['usdt']).toEqual({
      id: 'USDT',
      active: true,
      deposit: true,
      withdraw: true,
      networks: ['USDT'],
      min: 0.000001,
    });
    const sent = seen['sent'] as { id: string };
    expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen['withdrawals']).toEqual([
      { id: sent.id, amount: 12.5, address: 'usdt-ccxt-1', status: 'pending', type: 'withdrawal' },
    ]);
    expect(seen['deposits']).toEqual([{ amount: 100, status: 'ok' }]);
    expect(seen['fee']).toEqual({ fee: 0 });
  });

  it("trades over Binance's WebSocket API with ccxt.pro's *Ws methods", async () => {
    const carol = await harness.trader('carol@example.com');
    await harness.faucet(carol, 'USDT', '1000');
    const seen = await runScenario(carol, undefined, harness.base, WS_API_SCENARIO);
    expect(seen['error']).toBeUndefined();
    const placed = seen['placed'] as { id: string };
    expect(seen['placed']).toMatchObject({
      status: 'open',
      side: 'buy',
      type: 'limit',
      amount: 0.01,
      price: 20000,
    });
    expect(seen['fetched']).toEqual({ ...(seen['placed'] as object), id: placed.id });
    expect(seen['openIds']).toEqual([placed.id]);
    expect(seen['cancelled']).toMatchObject({ id: placed.id, status: 'canceled' });
    expect(seen['trades']).toBe(0);
    // The order's NEW execution, pushed to ccxt's user-data subscription on the WebSocket API.
    expect(seen['watchedOrders']).toEqual([{ id: placed.id, status: 'open' }]);
  });
});
