import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { connect, type JetStreamClient, type NatsConnection, type Subscription } from 'nats';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';

import { evtSubject, type MatchingEventBatch, STREAMS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix, type Redis } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import {
  type AvgPriceReply,
  type BookTickerReply,
  type DepthDiffMessage,
  type DepthReply,
  KLINE_INTERVALS,
  type KlineInterval,
  type KlineReply,
  MARKET_DATA_QUERIES,
  type TickerPriceReply,
  type Ticker24hrReply,
  type TradeReply,
  type TradesMessage,
} from '@exchange/shared-contracts';
import { btcUsdt, EngineFeed } from '../support/event-stream.fixture';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `t_market_data_${process.pid}_${randomBytes(3).toString('hex')}`;
const names = new NatsNames(run);
const MARKET = 'BTC-USDT';
/** 23:40 UTC: the first run crosses midnight (1d, 4h, 1h, 15m, 5m and 1m boundaries). */
const T0 = Date.UTC(2026, 10, 25, 23, 40, 0);
const MINUTE = 60_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let nc: NatsConnection;
let js: JetStreamClient;
let admin: JetStreamAdmin;
let redis: Redis;
let pg: Client;
let client: ClientProxy;
let service: ServiceProcess | undefined;
let diffSub: Subscription;
const diffs: DepthDiffMessage[] = [];
let tradeSubs: Subscription[] = [];
/** `md.<market>.trade.v2` messages, and how many came one by one on the v1 `md.<market>.trade`. */
const tradeMessages: TradesMessage[] = [];
let v1TradeMessages = 0;
const feed = new EngineFeed(MARKET, 7, 3_000_000);

function startService(): ServiceProcess {
  return startServiceProcess('apps/market-data/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${run}:`,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
  });
}

async function boot(): Promise<ServiceProcess> {
  const sut = startService();
  await sut.waitForLog((l) => l.msg === 'listening');
  return sut;
}

async function publish(batches: MatchingEventBatch[], withId = true): Promise<void> {
  for (const batch of batches) {
    await js.publish(names.subject(evtSubject(batch.market)), encoder.encode(JSON.stringify(batch)), {
      ...(withId ? { msgID: `${batch.market}:${batch.firstSeq}` } : {}),
    });
  }
}

function query<T>(subject: string, payload: object): Promise<T> {
  return firstValueFrom(client.send<T>(names.subject(subject), payload));
}

async function waitForUpdateId(id: number, symbol = 'BTCUSDT'): Promise<DepthReply> {
  for (let i = 0; i < 600; i++) {
    const depth = await query<DepthReply>(MARKET_DATA_QUERIES.depth, { symbol, limit: 5000 });
    if (depth.lastUpdateId >= id) return depth;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the service never reached update id ${id}`);
}

/** The engine's own book, written out as the service should answer it. */
function engineDepth() {
  const l2 = feed.engine.l2();
  return {
    bids: l2.bids.map(([p, q]) => [btcUsdt.price(p), btcUsdt.qty(q)]),
    asks: l2.asks.map(([p, q]) => [btcUsdt.price(p), btcUsdt.qty(q)]),
  };
}

function tradesOf(events = feed.events) {
  return events.flatMap((e) => (e.type === 'trade' ? [e] : []));
}

const DAY = 1440 * MINUTE;
const FIXED_MINUTES: Record<string, number> = {
  '1m': 1,
  '3m': 3,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '2h': 120,
  '4h': 240,
  '6h': 360,
  '8h': 480,
  '12h': 720,
  '1d': 1440,
  '3d': 4320,
};

/** [open, next open) of the bucket holding `ts`, from calendar arithmetic (weeks from Monday, calendar months). */
function bucketOf(ts: number, interval: KlineInterval): [number, number] {
  const date = new Date(ts);
  if (interval === '1M') {
    return [
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
    ];
  }
  if (interval === '1w') {
    const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    const sinceMonday = (date.getUTCDay() + 6) % 7;
    return [midnight - sinceMonday * DAY, midnight + (7 - sinceMonday) * DAY];
  }
  const ms = FIXED_MINUTES[interval]! * MINUTE;
  const start = Math.floor(ts / ms) * ms;
  return [start, start + ms];
}

/** Candles computed here from the trades, independently of the service's model. */
function expectedKlines(interval: KlineInterval): KlineReply[] {
  const buckets = new Map<number, { end: number; trades: ReturnType<typeof tradesOf> }>();
  for (const t of tradesOf()) {
    const [start, end] = bucketOf(t.ts, interval);
    const bucket = buckets.get(start) ?? { end, trades: [] };
    bucket.trades.push(t);
    buckets.set(start, bucket);
  }
  return [...buckets].map(([start, { end, trades: ts }]) => {
    const sum = (f: (t: (typeof ts)[number]) => bigint) => ts.reduce((s, t) => s + f(t), 0n);
    const buy = ts.filter((t) => t.takerSide === 'BUY');
    return [
      start,
      btcUsdt.price(ts[0]!.price),
      btcUsdt.price(Math.max(...ts.map((t) => t.price))),
      btcUsdt.price(Math.min(...ts.map((t) => t.price))),
      btcUsdt.price(ts[ts.length - 1]!.price),
      btcUsdt.qty(sum((t) => BigInt(t.quantity))),
      end - 1,
      btcUsdt.quote(sum((t) => BigInt(t.price) * BigInt(t.quantity))),
      ts.length,
      btcUsdt.qty(buy.reduce((s, t) => s + BigInt(t.quantity), 0n)),
      btcUsdt.quote(buy.reduce((s, t) => s + BigInt(t.price) * BigInt(t.quantity), 0n)),
      '0',
    ];
  });
}

async function allKlines(interval: KlineInterval): Promise<KlineReply[]> {
  return query<KlineReply[]>(MARKET_DATA_QUERIES.klines, {
    symbol: 'BTCUSDT',
    interval,
    startTime: 0,
    limit: 1000,
  });
}

/** Runs the rebuild command to its end with the service's environment. */
function rebuild(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['tools/run.cjs', 'apps/market-data/src/rebuild.cli.ts', ...args],
      {
        cwd: `${__dirname}/../../../..`,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl(SERVER_URL, run),
          NATS_URL,
          NATS_STREAM_PREFIX: run,
          REDIS_URL,
          REDIS_KEY_PREFIX: `${run}:`,
          LOG_LEVEL: 'warn',
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function storedTradeCount(): Promise<number> {
  const { rows } = await pg.query<{ n: string }>('select count(*) as n from md_trade where market = $1', [
    MARKET,
  ]);
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  await createDatabase(SERVER_URL, run);
  nc = await connect({ servers: NATS_URL });
  js = nc.jetstream();
  admin = new JetStreamAdmin(await nc.jetstreamManager(), names);
  await admin.ensureStream({ name: STREAMS.EVT.name, subjects: STREAMS.EVT.subjects });
  redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
  client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  await client.connect();
  diffSub = nc.subscribe(names.subject(`md.${MARKET}.depth`), {
    callback: (_e, m) => diffs.push(JSON.parse(decoder.decode(m.data)) as DepthDiffMessage),
  });
  tradeSubs = [
    nc.subscribe(names.subject(`md.${MARKET}.trade.v2`), {
      callback: (_e, m) => tradeMessages.push(JSON.parse(decoder.decode(m.data)) as TradesMessage),
    }),
    nc.subscribe(names.subject(`md.${MARKET}.trade`), { callback: () => (v1TradeMessages += 1) }),
  ];
  service = await boot();
  pg = new Client({ connectionString: databaseUrl(SERVER_URL, run) });
  await pg.connect();
}, 90_000);

afterAll(async () => {
  await service?.stop('SIGTERM');
  diffSub?.unsubscribe();
  for (const sub of tradeSubs) sub.unsubscribe();
  await client?.close();
  await pg?.end();
  await admin?.deleteStream(STREAMS.EVT.name);
  await nc?.drain();
  if (redis) {
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  }
  await dropDatabase(SERVER_URL, run);
}, 60_000);

describe('market-data from the engine event stream', () => {
  it('builds the book, trades, candles and ticker; a Binance-style client syncs the book from snapshot and diffs', async () => {
    // 400 commands 6 s apart: 23:40 to 00:20 UTC.
    const batches = feed.run(400, (i) => T0 + i * 6_000);
    const half = Math.floor(batches.length / 2);
    await publish(batches.slice(0, half));

    // A ccxt-style client: diffs are being buffered (subscribed from the start); it takes the REST snapshot mid-stream.
    await waitForUpdateId(batches[half - 1]!.lastSeq);
    const snapshot = await query<DepthReply>(MARKET_DATA_QUERIES.depth, { symbol: 'BTCUSDT', limit: 1000 });
    expect(snapshot.lastUpdateId).toBe(batches[half - 1]!.lastSeq);
    await publish(batches.slice(half));
    const lastSeq = batches[batches.length - 1]!.lastSeq;
    const depth = await waitForUpdateId(lastSeq);

    expect(depth).toEqual({ lastUpdateId: lastSeq, ...engineDepth() });
    expect(depth.bids.length + depth.asks.length).toBeGreaterThan(5);

    // Depth sync: drop u <= lastUpdateId, the first applied has U <= lastUpdateId+1 <= u, then U == previous u + 1.
    await new Promise((r) => setTimeout(r, 300));
    const book = { bids: new Map(snapshot.bids), asks: new Map(snapshot.asks) };
    let previous = snapshot.lastUpdateId;
    let applied = 0;
    for (const diff of diffs.filter((d) => d.u > snapshot.lastUpdateId)) {
      if (applied === 0)
        expect(diff.U <= snapshot.lastUpdateId + 1 && snapshot.lastUpdateId + 1 <= diff.u).toBe(true);
      else expect(diff.U).toBe(previous + 1);
      for (const [side, levels] of [
        [book.bids, diff.bids],
        [book.asks, diff.asks],
      ] as const) {
        for (const [p, q] of levels) {
          if (Number(q) === 0) side.delete(p);
          else side.set(p, q);
        }
      }
      previous = diff.u;
      applied += 1;
    }
    expect(previous).toBe(lastSeq);
    expect(applied).toBe(batches.length - half);
    const sorted = (m: Map<string, string>, desc: boolean) =>
      [...m].sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
    expect({ bids: sorted(book.bids, true), asks: sorted(book.asks, false) }).toEqual(engineDepth());

    // Trades: the newest, oldest first, with quote amounts and the buyer-maker flag.
    const trades = tradesOf();
    expect(trades.length).toBeGreaterThan(20);
    // Published after their commits: every trade once, in order, several to a message on `trade.v2` (with the
    // event time of their commit, the last event's time at most), none on the v1 subject (MARKET_DATA_TRADE_V1 off).
    expect(tradeMessages.flatMap((m) => m.trades)).toEqual(
      trades.map((t) => ({
        t: t.seq,
        p: btcUsdt.price(t.price),
        q: btcUsdt.qty(t.quantity),
        T: t.ts,
        m: t.takerSide === 'SELL',
      })),
    );
    for (const m of tradeMessages) {
      expect(m).toMatchObject({ v: 2, market: MARKET, symbol: 'BTCUSDT' });
      expect(m.trades.length).toBeGreaterThan(0);
      expect(m.E).toBeGreaterThanOrEqual(m.trades[m.trades.length - 1]!.T);
    }
    expect(v1TradeMessages).toBe(0);
    const recent = await query<TradeReply[]>(MARKET_DATA_QUERIES.trades, { symbol: 'BTCUSDT', limit: 10 });
    expect(recent).toEqual(
      trades.slice(-10).map((t) => ({
        id: t.seq,
        price: btcUsdt.price(t.price),
        qty: btcUsdt.qty(t.quantity),
        quoteQty: btcUsdt.quote(BigInt(t.price) * BigInt(t.quantity)),
        time: t.ts,
        isBuyerMaker: t.takerSide === 'SELL',
        isBestMatch: true,
      })),
    );
    expect(await storedTradeCount()).toBe(trades.length);

    // Candles of every interval across minute, hour and day boundaries, OHLCV as exact strings.
    for (const interval of KLINE_INTERVALS) {
      expect({ interval, klines: await allKlines(interval) }).toEqual({
        interval,
        klines: expectedKlines(interval),
      });
    }
    const day = await query<KlineReply[]>(MARKET_DATA_QUERIES.klines, {
      symbol: 'BTCUSDT',
      interval: '1d',
      limit: 1,
    });
    expect(day.map((k) => k[0])).toEqual([Date.UTC(2026, 10, 26)]);
    const window = await query<KlineReply[]>(MARKET_DATA_QUERIES.klines, {
      symbol: 'BTCUSDT',
      interval: '1m',
      startTime: T0 + 10 * MINUTE,
      endTime: T0 + 12 * MINUTE,
      limit: 1000,
    });
    expect(window.map((k) => k[0])).toEqual(
      expectedKlines('1m')
        .map((k) => k[0])
        .filter((t) => t >= T0 + 10 * MINUTE && t <= T0 + 12 * MINUTE),
    );

    // 24h ticker: every trade is inside the window that ends at the last event.
    const ticker = await query<Ticker24hrReply>(MARKET_DATA_QUERIES.ticker24hr, { symbol: 'BTCUSDT' });
    const volume = trades.reduce((s, t) => s + BigInt(t.quantity), 0n);
    const quote = trades.reduce((s, t) => s + BigInt(t.price) * BigInt(t.quantity), 0n);
    const l2 = engineDepth();
    const lastTs = feed.events[feed.events.length - 1]!.ts!;
    expect(ticker).toEqual({
      symbol: 'BTCUSDT',
      priceChange: expect.any(String),
      priceChangePercent: expect.any(String),
      weightedAvgPrice: expect.any(String),
      prevClosePrice: '0.00000000',
      lastPrice: btcUsdt.price(trades[trades.length - 1]!.price),
      lastQty: btcUsdt.qty(trades[trades.length - 1]!.quantity),
      bidPrice: l2.bids[0]![0],
      bidQty: l2.bids[0]![1],
      askPrice: l2.asks[0]![0],
      askQty: l2.asks[0]![1],
      openPrice: btcUsdt.price(trades[0]!.price),
      highPrice: btcUsdt.price(Math.max(...trades.map((t) => t.price))),
      lowPrice: btcUsdt.price(Math.min(...trades.map((t) => t.price))),
      volume: btcUsdt.qty(volume),
      quoteVolume: btcUsdt.quote(quote),
      openTime: lastTs - 86_400_000,
      closeTime: lastTs,
      firstId: trades[0]!.seq,
      lastId: trades[trades.length - 1]!.seq,
      count: trades.length,
    });
    const change = trades[trades.length - 1]!.price - trades[0]!.price;
    expect(Number(ticker.priceChange)).toBeCloseTo(change / 100, 8);
    expect(Number(ticker.weightedAvgPrice)).toBeCloseTo(Number(quote) / Number(volume) / 100, 4);

    const all = await query<Ticker24hrReply[]>(MARKET_DATA_QUERIES.ticker24hr, {});
    expect(all.map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'ETHBTC']);
  }, 90_000);

  it('answers historical trades by id, price and book tickers and the 5-minute average price', async () => {
    const trades = tradesOf();
    const reply = (t: (typeof trades)[number]) => ({
      id: t.seq,
      price: btcUsdt.price(t.price),
      qty: btcUsdt.qty(t.quantity),
      quoteQty: btcUsdt.quote(BigInt(t.price) * BigInt(t.quantity)),
      time: t.ts,
      isBuyerMaker: t.takerSide === 'SELL',
      isBestMatch: true,
    });
    expect(
      await query<TradeReply[]>(MARKET_DATA_QUERIES.historicalTrades, {
        symbol: 'BTCUSDT',
        fromId: trades[5]!.seq,
        limit: 3,
      }),
    ).toEqual(trades.slice(5, 8).map(reply));
    // An id between two trades starts at the next trade; without fromId, the most recent.
    expect(
      await query<TradeReply[]>(MARKET_DATA_QUERIES.historicalTrades, {
        symbol: 'BTCUSDT',
        fromId: trades[5]!.seq + 1,
        limit: 2,
      }),
    ).toEqual(trades.slice(6, 8).map(reply));
    expect(
      await query<TradeReply[]>(MARKET_DATA_QUERIES.historicalTrades, { symbol: 'BTCUSDT', limit: 4 }),
    ).toEqual(trades.slice(-4).map(reply));
    await expect(
      query(MARKET_DATA_QUERIES.historicalTrades, { symbol: 'BTCUSDT', limit: 1001 }),
    ).rejects.toMatchObject({ code: 7001 });

    const last = trades[trades.length - 1]!;
    expect(await query<TickerPriceReply>(MARKET_DATA_QUERIES.tickerPrice, { symbol: 'BTCUSDT' })).toEqual({
      symbol: 'BTCUSDT',
      price: btcUsdt.price(last.price),
    });
    const prices = await query<TickerPriceReply[]>(MARKET_DATA_QUERIES.tickerPrice, {
      symbols: ['ETHBTC', 'BTCUSDT'],
    });
    expect(prices.map((p) => p.symbol)).toEqual(['ETHBTC', 'BTCUSDT']);
    expect(
      (await query<TickerPriceReply[]>(MARKET_DATA_QUERIES.tickerPrice, {})).map((p) => p.symbol),
    ).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'ETHBTC']);
    const l2 = engineDepth();
    expect(await query<BookTickerReply>(MARKET_DATA_QUERIES.bookTicker, { symbol: 'BTC-USDT' })).toEqual({
      symbol: 'BTCUSDT',
      bidPrice: l2.bids[0]![0],
      bidQty: l2.bids[0]![1],
      askPrice: l2.asks[0]![0],
      askQty: l2.asks[0]![1],
    });
    await expect(
      query(MARKET_DATA_QUERIES.bookTicker, { symbol: 'BTCUSDT', symbols: ['BTCUSDT'] }),
    ).rejects.toMatchObject({ code: 7001 });
    await expect(
      query(MARKET_DATA_QUERIES.tickerPrice, { symbols: ['BTCUSDT', 'NOPEUSDT'] }),
    ).rejects.toMatchObject({ code: 7002 });

    // Average price: quote volume over base volume of the trades in (last event − 5 min, last event], floored to
    // 8 digits. BTC-USDT: quote units are 10^-6 USDT and lots 10^-4 BTC, so the price is quote / (lots × 100).
    const lastTs = feed.events[feed.events.length - 1]!.ts!;
    const recent = trades.filter((t) => t.ts > lastTs - 5 * MINUTE);
    expect(recent.length).toBeGreaterThan(0);
    const quote = recent.reduce((s, t) => s + BigInt(t.price) * BigInt(t.quantity), 0n);
    const lots = recent.reduce((s, t) => s + BigInt(t.quantity), 0n);
    const scaled = (quote * 100_000_000n) / (lots * 100n);
    expect(await query<AvgPriceReply>(MARKET_DATA_QUERIES.avgPrice, { symbol: 'BTCUSDT' })).toEqual({
      mins: 5,
      price: `${scaled / 100_000_000n}.${String(scaled % 100_000_000n).padStart(8, '0')}`,
      closeTime: last.ts,
    });
  }, 60_000);

  it('answers aggTrades (one per taker order and price) and rejects unknown symbols with a numbered code', async () => {
    const agg = await query<{ a: number; f: number; l: number; q: string; p: string }[]>(
      MARKET_DATA_QUERIES.aggTrades,
      { symbol: 'BTCUSDT', fromId: 0, limit: 1000 },
    );
    const trades = tradesOf();
    expect(agg.reduce((n, a) => n + trades.filter((t) => t.seq >= a.f && t.seq <= a.l).length, 0)).toBe(
      trades.length,
    );
    for (const a of agg) {
      const members = trades.filter((t) => t.seq >= a.f && t.seq <= a.l);
      expect(new Set(members.map((t) => `${t.takerOrderId}@${t.price}`)).size).toBe(1);
      expect(a.q).toBe(btcUsdt.qty(members.reduce((s, t) => s + BigInt(t.quantity), 0n)));
    }
    await expect(query(MARKET_DATA_QUERIES.depth, { symbol: 'NOPEUSDT' })).rejects.toMatchObject({
      code: 7002,
    });
    await expect(
      query(MARKET_DATA_QUERIES.klines, { symbol: 'BTCUSDT', interval: '7m' }),
    ).rejects.toMatchObject({
      code: 7001,
    });
  }, 60_000);

  it('ignores replayed and duplicate batches', async () => {
    const before = await waitForUpdateId(0);
    const count = await storedTradeCount();
    // Re-send early batches with no message id (JetStream stores them again), then one new batch as a marker.
    const again = [...feed.events.slice(0, 40)];
    await publish(
      [
        {
          v: 1,
          market: MARKET,
          firstSeq: again[0]!.seq,
          lastSeq: again[again.length - 1]!.seq,
          commandSeq: 0,
          events: again,
        },
      ],
      false,
    );
    const first = feed.run(30, (i) => T0 + 45 * MINUTE + i * 1000);
    await publish(first);
    // The last batch applied, again, then new batches.
    await publish([first[first.length - 1]!], false);
    const second = feed.run(10, (i) => T0 + 46 * MINUTE + i * 1000);
    await publish(second);
    const marker = [...first, ...second];
    const after = await waitForUpdateId(marker[marker.length - 1]!.lastSeq);
    expect(before.lastUpdateId).toBeLessThan(after.lastUpdateId);
    expect(after).toEqual({ lastUpdateId: marker[marker.length - 1]!.lastSeq, ...engineDepth() });
    expect(await storedTradeCount()).toBe(count + tradesOf(marker.flatMap((b) => b.events)).length);
    expect(await allKlines('1m')).toEqual(expectedKlines('1m'));

    // The diffs published so far cover every update id once, in order: the duplicate published none.
    await new Promise((r) => setTimeout(r, 300));
    expect(diffs.map((d) => [d.U, d.u])).toEqual(
      diffs.map((d, i) => [i === 0 ? 1 : diffs[i - 1]!.u + 1, d.u]),
    );
    expect(diffs[diffs.length - 1]!.u).toBe(after.lastUpdateId);
  }, 90_000);

  it('keeps each market apart, with its own update ids and grid', async () => {
    const btcBefore = await waitForUpdateId(0);
    const eth = new EngineFeed('ETH-BTC', 11, 52_345);
    const batches = eth.run(80, (i) => T0 + 50 * MINUTE + i * 1000);
    await publish(batches);
    const lastSeq = batches[batches.length - 1]!.lastSeq;
    const depth = await waitForUpdateId(lastSeq, 'ETH-BTC');
    // ETH-BTC: tick 0.000001 BTC, step 0.01 ETH, written out by hand.
    const price = (t: number) => `${Math.floor(t / 1e6)}.${String(t % 1e6).padStart(6, '0')}00`;
    const qty = (l: number) => `${Math.floor(l / 100)}.${String(l % 100).padStart(2, '0')}000000`;
    const l2 = eth.engine.l2();
    expect(depth).toEqual({
      lastUpdateId: lastSeq,
      bids: l2.bids.map(([p, q]) => [price(p), qty(q)]),
      asks: l2.asks.map(([p, q]) => [price(p), qty(q)]),
    });
    expect(depth.bids.length).toBeGreaterThan(0);
    expect(await waitForUpdateId(0)).toEqual(btcBefore);
    const trades = await query<TradeReply[]>(MARKET_DATA_QUERIES.trades, { symbol: 'ETHBTC', limit: 1000 });
    expect(trades.map((t) => t.id)).toEqual(eth.events.flatMap((e) => (e.type === 'trade' ? [e.seq] : [])));
  }, 60_000);

  it('resumes from its stored position after a restart, and rebuilds Redis after a flush', async () => {
    await service!.stop('SIGTERM');
    service = undefined;
    await deleteKeysWithPrefix(redis);
    // While it is down: 25 hours later, so the 24h window holds only these trades.
    const later = feed.run(200, (i) => T0 + 25 * 60 * MINUTE + i * 3_000);
    await publish(later);
    service = await boot();
    const resumed = await service.waitForLog((l) => l.msg === 'market-data consuming evt.>');
    const lastSeq = later[later.length - 1]!.lastSeq;
    expect((resumed.markets as { market: string; lastSeq: number }[])[0]).toMatchObject({ market: MARKET });
    expect((resumed.markets as { lastSeq: number }[])[0]!.lastSeq).toBeGreaterThanOrEqual(
      later[0]!.firstSeq - 1,
    );

    const depth = await waitForUpdateId(lastSeq);
    expect(depth).toEqual({ lastUpdateId: lastSeq, ...engineDepth() });
    expect(await storedTradeCount()).toBe(tradesOf().length);

    const recentTrades = tradesOf(later.flatMap((b) => b.events));
    const ticker = await query<Ticker24hrReply>(MARKET_DATA_QUERIES.ticker24hr, { symbol: 'BTCUSDT' });
    const earlier = tradesOf().filter((t) => t.seq < later[0]!.firstSeq);
    expect(ticker).toMatchObject({
      count: recentTrades.length,
      firstId: recentTrades[0]!.seq,
      openPrice: btcUsdt.price(recentTrades[0]!.price),
      prevClosePrice: btcUsdt.price(earlier[earlier.length - 1]!.price),
      volume: btcUsdt.qty(recentTrades.reduce((s, t) => s + BigInt(t.quantity), 0n)),
    });
    for (const interval of ['1m', '1d', '1w', '1M'] as const)
      expect(await allKlines(interval)).toEqual(expectedKlines(interval));

    // Redis was flushed while the service was down: snapshot, ticker and recent trades are back.
    const trades = await query<TradeReply[]>(MARKET_DATA_QUERIES.trades, { symbol: 'BTCUSDT', limit: 5 });
    expect(trades.map((t) => t.id)).toEqual(
      tradesOf()
        .slice(-5)
        .map((t) => t.seq),
    );
    expect(await redis.exists(`md:depth:${MARKET}`, `md:ticker:${MARKET}`, `md:trades:${MARKET}`)).toBe(3);

    // A restart with nothing new changes nothing.
    await service.stop('SIGTERM');
    await deleteKeysWithPrefix(redis);
    service = await boot();
    expect(await waitForUpdateId(lastSeq)).toEqual(depth);
    expect(await query(MARKET_DATA_QUERIES.ticker24hr, { symbol: 'BTCUSDT' })).toEqual(ticker);
  }, 120_000);

  it('rebuilds the store and Redis from the event stream with one command, idempotently', async () => {
    const lastSeq = feed.events[feed.events.length - 1]!.seq;
    const depth = await waitForUpdateId(lastSeq);
    const ticker = await query<Ticker24hrReply>(MARKET_DATA_QUERIES.ticker24hr, { symbol: 'BTCUSDT' });
    const avgPrice = await query<AvgPriceReply>(MARKET_DATA_QUERIES.avgPrice, { symbol: 'BTCUSDT' });
    const klines = new Map<KlineInterval, KlineReply[]>();
    for (const interval of KLINE_INTERVALS) klines.set(interval, await allKlines(interval));
    const dump = async () => ({
      trades: (await pg.query('select * from md_trade order by market, id')).rows,
      candles: (await pg.query('select * from md_candle order by market, interval, open_time')).rows,
      states: (await pg.query('select market, last_seq, last_ts, state from md_market_state order by market'))
        .rows,
      orders: (await pg.query('select * from md_book_order order by market, order_id')).rows,
    });
    const before = await dump();
    // The book's orders are rows of their own; the stored state carries none inline.
    expect(before.orders.length).toBeGreaterThan(0);
    expect(
      before.states.every(
        (r) => (r as { state: { book: { orders: unknown[] } } }).state.book.orders.length === 0,
      ),
    ).toBe(true);

    // It refuses while the service runs under the same prefix.
    expect((await rebuild()).code).toBe(2);

    await service!.stop('SIGTERM');
    service = undefined;
    // Damage: candles and trades lost, a position set back, Redis flushed.
    await pg.query(`delete from md_candle where interval in ('1w', '1m')`);
    await pg.query('delete from md_trade where id % 3 = 0');
    await pg.query('update md_market_state set last_seq = 7');
    await deleteKeysWithPrefix(redis);

    const first = await rebuild();
    expect(first).toMatchObject({ code: 0 });
    const report = JSON.parse(first.stdout.trim().split('\n').pop()!) as {
      rebuilt: { markets: { market: string; lastSeq: number; trades: number }[] };
    };
    expect(report.rebuilt.markets.find((m) => m.market === MARKET)).toEqual({
      market: MARKET,
      lastSeq,
      trades: tradesOf().length,
    });
    expect(await dump()).toEqual(before);
    // Redis is written by the command itself, before the service starts.
    expect(JSON.parse((await redis.get(`md:depth:${MARKET}`))!)).toEqual(depth);
    expect(JSON.parse((await redis.get(`md:ticker:${MARKET}`))!)).toEqual(ticker);
    expect(JSON.parse((await redis.get(`md:avg-price:${MARKET}`))!)).toEqual(avgPrice);

    // Twice gives the same store.
    expect((await rebuild()).code).toBe(0);
    expect(await dump()).toEqual(before);

    // The service resumes after what the rebuild stored and goes on with new events.
    service = await boot();
    for (const interval of KLINE_INTERVALS) expect(await allKlines(interval)).toEqual(klines.get(interval));
    const more = feed.run(20, (i) => T0 + 26 * 60 * MINUTE + i * 1000);
    await publish(more);
    const moreSeq = more[more.length - 1]!.lastSeq;
    expect(await waitForUpdateId(moreSeq)).toEqual({ lastUpdateId: moreSeq, ...engineDepth() });
    expect(await storedTradeCount()).toBe(tradesOf().length);
    expect(await allKlines('1m')).toEqual(expectedKlines('1m'));
  }, 240_000);

  it('after a failed commit, applies again from the stored state: the diffs derived again are the same, the store ends exact', async () => {
    const from = feed.events[feed.events.length - 1]!.seq;
    await waitForUpdateId(from);
    const tradesBefore = await storedTradeCount();
    // PostgreSQL refuses every new trade row until the constraint is dropped: the commits with trades fail.
    await pg.query('alter table md_trade add constraint t_refuse_trades check (false) not valid');
    const batches = feed.run(30, (i) => T0 + 27 * 60 * MINUTE + i * 1000);
    const lastSeq = batches[batches.length - 1]!.lastSeq;
    try {
      await publish(batches);
      await service!.waitForLog((l) => l.msg === 'storing event batches failed');
      expect(await storedTradeCount()).toBe(tradesBefore);
    } finally {
      await pg.query('alter table md_trade drop constraint t_refuse_trades');
    }

    expect(await waitForUpdateId(lastSeq)).toEqual({ lastUpdateId: lastSeq, ...engineDepth() });
    expect(await storedTradeCount()).toBe(tradesOf().length);
    for (let i = 0; i < 600 && !diffs.some((d) => d.u === lastSeq); i++)
      await new Promise((r) => setTimeout(r, 100));
    // The batches whose commit failed were published, then published again after the reload: the same diffs.
    const byRange = new Map<string, DepthDiffMessage[]>();
    for (const d of diffs.filter((x) => x.u > from)) {
      const key = `${d.U}-${d.u}`;
      byRange.set(key, [...(byRange.get(key) ?? []), d]);
    }
    const repeated = [...byRange.values()].filter((same) => same.length > 1);
    expect(repeated.length).toBeGreaterThan(0);
    for (const same of repeated) for (const d of same) expect(d).toEqual(same[0]);
    // One diff per batch, gap-free from the position before.
    const ranges = [...byRange.values()].map((same) => same[0]!).sort((a, b) => a.U - b.U);
    expect(ranges.length).toBe(batches.length);
    let previous = from;
    for (const d of ranges) {
      expect(d.U).toBe(previous + 1);
      previous = d.u;
    }
    expect(previous).toBe(lastSeq);
  }, 120_000);

  it('applies a batch stored ahead of the one it follows once that one comes (asked again, never stuck on the gap)', async () => {
    // What a restart after SIGKILL sees: the dead process's deliveries come back only after their ack wait, behind
    // newer messages.
    const batches = feed.run(8, (i) => T0 + 28 * 60 * MINUTE + i * 1000);
    const lastSeq = batches[batches.length - 1]!.lastSeq;
    await publish(batches.slice(-1));
    await service!.waitForLog(
      (l) => l.msg === 'event batches ahead of the applied position: asked again later',
    );
    await publish(batches.slice(0, -1));
    expect(await waitForUpdateId(lastSeq)).toEqual({ lastUpdateId: lastSeq, ...engineDepth() });
    expect(await storedTradeCount()).toBe(tradesOf().length);
  }, 120_000);
});
