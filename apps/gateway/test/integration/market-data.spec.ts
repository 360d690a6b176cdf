import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';

import { cmdSubject, type MatchingCommandMessage, STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `t_gw_md_${process.pid}_${randomBytes(3).toString('hex')}`;
const names = new NatsNames(run);

/**
 * The public market-data path end to end, each service a real process on real NATS, PostgreSQL and Redis:
 * commands on CMD → matching → EVT → market-data → gateway's Binance REST answers.
 */
describe('gateway market data over the real services', () => {
  const services: ServiceProcess[] = [];
  let nc: NatsConnection;
  let base: string;

  const shared = { NATS_URL, NATS_STREAM_PREFIX: run, HTTP_PORT: '0' };

  async function start(entry: string, env: Record<string, string>): Promise<number> {
    const service = startServiceProcess(entry, { ...shared, ...env });
    services.push(service);
    return (await service.waitForLog((line) => line.msg === 'listening')).port as number;
  }

  async function place(command: MatchingCommandMessage['command'] & { type: 'place' }): Promise<void> {
    const message: MatchingCommandMessage = { v: 1, market: 'BTC-USDT', commandId: command.orderId, command };
    await nc
      .jetstream()
      .publish(names.subject(cmdSubject('BTC-USDT')), new TextEncoder().encode(JSON.stringify(message)), {
        msgID: command.orderId,
      });
  }

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const value = await read();
      if (done(value) || attempt === 200) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return {
      status: res.status,
      body: (await res.json()) as unknown,
      usedWeight: Number(res.headers.get('x-mbx-used-weight-1m')),
    };
  };

  /** The request weight `path` is counted at: the growth of the used weight over a second request. */
  async function weightOf(path: string): Promise<number> {
    for (;;) {
      const first = await get(path);
      const second = await get(path);
      // A new minute window between the two starts the count again: measure once more.
      if (second.usedWeight > first.usedWeight) return second.usedWeight - first.usedWeight;
    }
  }

  beforeAll(async () => {
    await createDatabase(SERVER_URL, `${run}_matching`);
    await createDatabase(SERVER_URL, `${run}_md`);
    await createDatabase(SERVER_URL, `${run}_wallet`);
    nc = await connect({ servers: NATS_URL });
    await new JetStreamAdmin(await nc.jetstreamManager(), names).ensureStream(STREAMS.CMD);
    await start('apps/matching/src/main.ts', {
      DATABASE_URL: databaseUrl(SERVER_URL, `${run}_matching`),
      MATCHING_MARKETS: 'BTC-USDT',
    });
    await start('apps/market-data/src/main.ts', {
      DATABASE_URL: databaseUrl(SERVER_URL, `${run}_md`),
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:md:`,
    });
    await start('apps/wallet/src/main.ts', { DATABASE_URL: databaseUrl(SERVER_URL, `${run}_wallet`) });
    const port = await start('apps/gateway/src/main.ts', {
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:gw:`,
      GRPC_PORT: '0',
    });
    base = `http://127.0.0.1:${port}`;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await new JetStreamAdmin(await nc.jetstreamManager(), names).deleteAllWithPrefix();
    await nc.close();
    for (const db of [`${run}_matching`, `${run}_md`, `${run}_wallet`]) await dropDatabase(SERVER_URL, db);
    const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  }, 60_000);

  it('serves the book, trades, candles and ticker that the engine produced', async () => {
    const ts = Date.UTC(2026, 10, 25, 12, 0, 30);
    await place({
      type: 'place',
      orderId: 'b1',
      userId: 'u1',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      price: 3_000_000,
      quantity: 5,
      ts,
    });
    await place({
      type: 'place',
      orderId: 'a1',
      userId: 'u2',
      side: 'SELL',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      price: 3_000_100,
      quantity: 7,
      ts,
    });
    await place({
      type: 'place',
      orderId: 's1',
      userId: 'u3',
      side: 'SELL',
      orderType: 'LIMIT',
      timeInForce: 'IOC',
      price: 3_000_000,
      quantity: 2,
      ts: ts + 1,
    });

    const depth = await eventually(
      () => get('/api/v3/depth?symbol=BTCUSDT&limit=5'),
      (r) =>
        r.status === 200 &&
        ((r.body as { bids: string[][] }).bids[0]?.[1] ?? '') !== '' &&
        Number((r.body as { bids: string[][] }).bids[0]?.[1]) < 0.0005,
    );
    expect(depth.status).toBe(200);
    const book = depth.body as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    expect(book.bids.map(([p, q]) => [Number(p), Number(q)])).toEqual([[30000, 0.0003]]);
    expect(book.asks.map(([p, q]) => [Number(p), Number(q)])).toEqual([[30001, 0.0007]]);
    expect(book.lastUpdateId).toBeGreaterThan(0);

    const trades = (await get('/api/v3/trades?symbol=BTCUSDT')).body as {
      price: string;
      qty: string;
      isBuyerMaker: boolean;
    }[];
    expect(trades).toHaveLength(1);
    expect([Number(trades[0]!.price), Number(trades[0]!.qty), trades[0]!.isBuyerMaker]).toEqual([
      30000,
      0.0002,
      true,
    ]);

    const klines = (await get('/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=10')).body as unknown[][];
    expect(klines).toHaveLength(1);
    expect(klines[0]![0]).toBe(Date.UTC(2026, 10, 25, 12, 0, 0));
    expect(Number(klines[0]![4])).toBe(30000);
    // Binance's `uiKlines` takes the same parameters and answers the same candles here.
    expect((await get('/api/v3/uiKlines?symbol=BTCUSDT&interval=1m&limit=10')).body).toEqual(klines);

    const ticker = (await get('/api/v3/ticker/24hr?symbol=BTCUSDT')).body as {
      symbol: string;
      lastPrice: string;
    };
    expect(ticker.symbol).toBe('BTCUSDT');
    expect(Number(ticker.lastPrice)).toBe(30000);
  }, 90_000);

  it('serves historical trades, price and book tickers, the average price and candles of every interval', async () => {
    const ts = Date.UTC(2026, 10, 25, 12, 0, 30);
    const [trade] = (await get('/api/v3/trades?symbol=BTCUSDT')).body as { id: number; time: number }[];
    expect(trade!.time).toBe(ts + 1);
    const historical = (await get(`/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${trade!.id}&limit=5`))
      .body as { id: number; price: string; qty: string }[];
    expect(historical.map((t) => [t.id, Number(t.price), Number(t.qty)])).toEqual([
      [trade!.id, 30000, 0.0002],
    ]);
    expect((await get(`/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${trade!.id + 1}`)).body).toEqual([]);
    expect((await get('/api/v3/historicalTrades?symbol=BTCUSDT')).body).toEqual(historical);

    expect((await get('/api/v3/ticker/price?symbol=BTCUSDT')).body).toEqual({
      symbol: 'BTCUSDT',
      price: '30000.00000000',
    });
    const prices = (await get(`/api/v3/ticker/price?symbols=${encodeURIComponent('["ETHBTC","BTCUSDT"]')}`))
      .body as { symbol: string; price: string }[];
    expect(prices.map((p) => p.symbol)).toEqual(['ETHBTC', 'BTCUSDT']);
    const allPrices = (await get('/api/v3/ticker/price')).body as { symbol: string }[];
    expect(allPrices.map((p) => p.symbol).sort()).toEqual(['BTCUSDT', 'ETHBTC', 'ETHUSDT', 'SOLUSDT']);

    const book = (await get('/api/v3/ticker/bookTicker?symbol=BTCUSDT')).body as Record<string, string>;
    expect({ ...book, bidQty: Number(book['bidQty']), askQty: Number(book['askQty']) }).toEqual({
      symbol: 'BTCUSDT',
      bidPrice: '30000.00000000',
      bidQty: 0.0003,
      askPrice: '30001.00000000',
      askQty: 0.0007,
    });
    const books = (await get('/api/v3/ticker/bookTicker')).body as { symbol: string }[];
    expect(books).toHaveLength(4);

    // One trade in the 5 minutes before the last event: the average is its price, closeTime its time.
    expect((await get('/api/v3/avgPrice?symbol=BTCUSDT')).body).toEqual({
      mins: 5,
      price: '30000.00000000',
      closeTime: ts + 1,
    });

    const tickers = (await get(`/api/v3/ticker/24hr?symbols=${encodeURIComponent('["BTCUSDT"]')}`)).body as {
      symbol: string;
      lastPrice: string;
    }[];
    expect(tickers.map((t) => [t.symbol, t.lastPrice])).toEqual([['BTCUSDT', '30000.00000000']]);
    // type=MINI: the same ticker's window fields only.
    const full = (await get('/api/v3/ticker/24hr?symbol=BTCUSDT')).body as Record<string, unknown>;
    const mini = (await get('/api/v3/ticker/24hr?symbol=BTCUSDT&type=MINI')).body as Record<string, unknown>;
    const miniFields = [
      'symbol',
      'openPrice',
      'highPrice',
      'lowPrice',
      'lastPrice',
      'volume',
      'quoteVolume',
    ].concat(['openTime', 'closeTime', 'firstId', 'lastId', 'count']);
    expect(mini).toEqual(Object.fromEntries(miniFields.map((k) => [k, full[k]])));
    const minis = (await get('/api/v3/ticker/24hr?type=MINI')).body as object[];
    expect(minis.map((t) => Object.keys(t))).toEqual(minis.map(() => miniFields));
    // Markets that never traded answer too (zeros, a window that starts at the epoch).
    const everyTicker = await get('/api/v3/ticker/24hr');
    expect(everyTicker.status).toBe(200);
    expect((everyTicker.body as { symbol: string }[]).map((t) => t.symbol).sort()).toEqual([
      'BTCUSDT',
      'ETHBTC',
      'ETHUSDT',
      'SOLUSDT',
    ]);

    // Wednesday 25 November: the week opened on Monday the 23rd, the 3-day bucket on the 24th, the month on the 1st.
    const opens: Record<string, number> = {
      '3m': Date.UTC(2026, 10, 25, 12, 0),
      '30m': Date.UTC(2026, 10, 25, 12, 0),
      '2h': Date.UTC(2026, 10, 25, 12),
      '6h': Date.UTC(2026, 10, 25, 12),
      '8h': Date.UTC(2026, 10, 25, 8),
      '12h': Date.UTC(2026, 10, 25, 12),
      '3d': Date.UTC(2026, 10, 24),
      '1w': Date.UTC(2026, 10, 23),
      '1M': Date.UTC(2026, 10, 1),
    };
    for (const [interval, open] of Object.entries(opens)) {
      const klines = (await get(`/api/v3/klines?symbol=BTCUSDT&interval=${interval}&limit=5`))
        .body as number[][];
      expect({ interval, open: klines.map((k) => k[0]) }).toEqual({ interval, open: [open] });
    }
    const month = (await get('/api/v3/klines?symbol=BTCUSDT&interval=1M')).body as number[][];
    expect(month[0]![6]).toBe(Date.UTC(2026, 11, 1) - 1);
  }, 60_000);

  it.each([
    ['/api/v3/historicalTrades?symbol=BTCUSDT', 25],
    ['/api/v3/ticker/price?symbol=BTCUSDT', 2],
    ['/api/v3/ticker/price', 4],
    ['/api/v3/ticker/bookTicker?symbol=BTCUSDT', 2],
    [`/api/v3/ticker/bookTicker?symbols=${encodeURIComponent('["BTCUSDT","ETHBTC"]')}`, 4],
    ['/api/v3/avgPrice?symbol=BTCUSDT', 2],
    ['/api/v3/ticker/24hr?symbol=BTCUSDT', 2],
    ['/api/v3/ticker/24hr', 80],
    ['/api/v3/ticker?symbol=BTCUSDT', 4],
    [`/api/v3/ticker?symbols=${encodeURIComponent('["BTCUSDT","ETHBTC"]')}`, 8],
    ['/api/v3/ticker/tradingDay?symbol=BTCUSDT&timeZone=8', 4],
  ])('counts %s at weight %i', async (path, weight) => {
    expect(await weightOf(path)).toBe(weight);
  });

  it("lists the wallet's markets in exchangeInfo with Binance's filters", async () => {
    const all = (await get('/api/v3/exchangeInfo')).body as {
      timezone: string;
      rateLimits: { rateLimitType: string; limit: number }[];
      symbols: {
        symbol: string;
        status: string;
        baseAsset: string;
        quoteAsset: string;
        baseAssetPrecision: number;
        quotePrecision: number;
        orderTypes: string[];
        filters: Record<string, string>[];
      }[];
    };
    expect(all.timezone).toBe('UTC');
    expect(all.rateLimits[0]).toMatchObject({ rateLimitType: 'REQUEST_WEIGHT', limit: 6000 });
    expect(all.symbols.map((s) => s.symbol).sort()).toEqual(['BTCUSDT', 'ETHBTC', 'ETHUSDT', 'SOLUSDT']);
    const btc = all.symbols.find((s) => s.symbol === 'BTCUSDT')!;
    expect(btc).toMatchObject({ status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT' });
    // What the venue takes, as typed clients read it.
    expect(btc).toMatchObject({
      icebergAllowed: false,
      ocoAllowed: false,
      otoAllowed: false,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: false,
      cancelReplaceAllowed: true,
      amendAllowed: true,
      pegInstructionsAllowed: false,
      permissionSets: [['SPOT']],
      baseCommissionPrecision: btc.baseAssetPrecision,
      quoteCommissionPrecision: btc.quotePrecision,
    });
    expect(btc.orderTypes).toEqual(expect.arrayContaining(['LIMIT', 'MARKET', 'LIMIT_MAKER']));
    const filter = (type: string) => btc.filters.find((f) => f['filterType'] === type)!;
    expect(Number(filter('PRICE_FILTER')['tickSize'])).toBe(0.01);
    expect(Number(filter('LOT_SIZE')['stepSize'])).toBe(0.0001);
    expect(
      Number(filter('PRICE_FILTER')['maxPrice']) * Number(filter('LOT_SIZE')['maxQty']),
    ).toBeLessThanOrEqual(0.01 * 0.0001 * Number.MAX_SAFE_INTEGER);
    expect(filter('NOTIONAL')['minNotional']).toMatch(/^\d+\.\d+$/);

    const one = (await get('/api/v3/exchangeInfo?symbol=ETHBTC')).body as { symbols: { symbol: string }[] };
    expect(one.symbols.map((s) => s.symbol)).toEqual(['ETHBTC']);
  }, 60_000);

  it.each([
    ['/api/v3/exchangeInfo?symbol=NOPE', 400, -1121],
    ['/api/v3/depth', 400, -1102],
    ['/api/v3/depth?symbol=NOPE', 400, -1121],
    ['/api/v3/depth?symbol=BTCUSDT&limit=abc', 400, -1100],
    ['/api/v3/depth?symbol=BTCUSDT&limit=0', 400, -1102],
    ['/api/v3/klines?symbol=BTCUSDT&interval=7m', 400, -1120],
    ['/api/v3/ticker/24hr?symbols=notjson', 400, -1102],
    ['/api/v3/historicalTrades', 400, -1102],
    ['/api/v3/historicalTrades?symbol=NOPE', 400, -1121],
    ['/api/v3/historicalTrades?symbol=BTCUSDT&limit=1001', 400, -1102],
    ['/api/v3/historicalTrades?symbol=BTCUSDT&fromId=-1', 400, -1100],
    [`/api/v3/ticker/price?symbol=BTCUSDT&symbols=${encodeURIComponent('["BTCUSDT"]')}`, 400, -1128],
    [`/api/v3/ticker/24hr?symbol=BTCUSDT&symbols=${encodeURIComponent('["BTCUSDT"]')}`, 400, -1128],
    [`/api/v3/exchangeInfo?symbol=BTCUSDT&symbols=${encodeURIComponent('["BTCUSDT"]')}`, 400, -1128],
    ['/api/v3/exchangeInfo?symbol=BTCUSDT&symbols=notjson', 400, -1102],
    ['/api/v3/ticker/price?symbol=NOPEUSDT', 400, -1121],
    [`/api/v3/ticker/bookTicker?symbols=${encodeURIComponent('["BTCUSDT","NOPEUSDT"]')}`, 400, -1121],
    ['/api/v3/avgPrice', 400, -1102],
    ['/api/v3/avgPrice?symbol=NOPEUSDT', 400, -1121],
    ['/api/v3/klines?symbol=BTCUSDT&interval=1s', 400, -1120],
    ['/api/v3/ticker/24hr?type=SMALL', 400, -1100],
    ['/api/v3/ticker', 400, -1102],
    ['/api/v3/ticker?symbol=NOPEUSDT', 400, -1121],
    ['/api/v3/ticker?symbol=BTCUSDT&windowSize=8d', 400, -1100],
    ['/api/v3/ticker?symbol=BTCUSDT&windowSize=60m', 400, -1100],
    ['/api/v3/ticker?symbol=BTCUSDT&type=TINY', 400, -1100],
    [`/api/v3/ticker?symbol=BTCUSDT&symbols=${encodeURIComponent('["BTCUSDT"]')}`, 400, -1128],
    ['/api/v3/ticker/tradingDay', 400, -1102],
    ['/api/v3/ticker/tradingDay?symbol=BTCUSDT&timeZone=15', 400, -1100],
  ])('answers %s with HTTP %i and code %i', async (path, status, code) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code });
  });

  it('answers rolling window and trading day tickers (FULL and MINI) from the stored trades', async () => {
    const now = Date.now();
    // The book holds a bid of 0.0003 at 30000 (the first test): an IOC sell of 0.0001 trades against it now.
    await place({
      type: 'place',
      orderId: 'w1',
      userId: 'u4',
      side: 'SELL',
      orderType: 'LIMIT',
      timeInForce: 'IOC',
      price: 3_000_000,
      quantity: 1,
      ts: now,
    });
    const hour = await eventually(
      () => get('/api/v3/ticker?symbol=BTCUSDT&windowSize=1h'),
      (r) => (r.body as { count?: number }).count === 1,
    );
    expect(hour.status).toBe(200);
    const full = hour.body as Record<string, string | number>;
    expect(Object.keys(full)).toEqual([
      'symbol',
      'priceChange',
      'priceChangePercent',
      'weightedAvgPrice',
      'openPrice',
      'highPrice',
      'lowPrice',
      'lastPrice',
      'volume',
      'quoteVolume',
      'openTime',
      'closeTime',
      'firstId',
      'lastId',
      'count',
    ]);
    expect(full).toMatchObject({
      symbol: 'BTCUSDT',
      priceChange: '0.00000000',
      priceChangePercent: '0.000',
      weightedAvgPrice: '30000.00000000',
      openPrice: '30000.00000000',
      lastPrice: '30000.00000000',
      volume: '0.00010000',
      count: 1,
    });
    expect(Number(full['quoteVolume'])).toBe(3);
    expect(full['firstId']).toBe(full['lastId']);
    expect(full['openTime']).toBe(Math.floor(((full['closeTime'] as number) - 3_600_000) / 60_000) * 60_000);

    const mini = (await get('/api/v3/ticker?symbol=BTCUSDT&windowSize=1h&type=MINI')).body as object;
    expect(Object.keys(mini)).not.toEqual(expect.arrayContaining(['priceChange']));
    expect(Object.keys(mini)).toHaveLength(12);
    expect(mini).toMatchObject({ symbol: 'BTCUSDT', lastPrice: '30000.00000000', count: 1 });

    const list = (
      await get(`/api/v3/ticker?symbols=${encodeURIComponent('["ETHBTC","BTCUSDT"]')}&windowSize=2h`)
    ).body as { symbol: string; count: number }[];
    expect(list.map((t) => [t.symbol, t.count])).toEqual([
      ['ETHBTC', 0],
      ['BTCUSDT', 1],
    ]);

    // Today in UTC+8: the trade above, and the first test's if it fell on the same day there.
    const offset = 8 * 3_600_000;
    const midnight = Math.floor((now + offset) / 86_400_000) * 86_400_000 - offset;
    const earlier = Date.UTC(2026, 10, 25, 12, 0, 30) + 1 >= midnight ? 1 : 0;
    const day = (await get('/api/v3/ticker/tradingDay?symbol=BTCUSDT&timeZone=8')).body as Record<
      string,
      number
    >;
    expect(day).toMatchObject({
      openTime: midnight,
      closeTime: midnight + 86_400_000 - 1,
      count: 1 + earlier,
    });
  }, 60_000);
});
