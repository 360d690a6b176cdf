import { randomBytes } from 'node:crypto';

import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { firstValueFrom } from 'rxjs';

import {
  type DepthReply,
  evtSubject,
  MARKET_DATA_QUERIES,
  MarketDataErrorCode,
  STREAMS,
  type TickerWindowQuery,
  type TickerWindowReply,
} from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { EngineFeed } from '../support/event-stream.fixture';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `t_md_windows_${process.pid}_${randomBytes(3).toString('hex')}`;
const names = new NatsNames(run);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A decimal string as an integer count of 10^-decimals (signed, exact). */
function units(text: string, decimals: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = (match[3] ?? '').padEnd(decimals, '0');
  if (fraction.length > decimals && /[^0]/.test(fraction.slice(decimals))) {
    throw new Error(`${text} has more than ${decimals} significant fraction digits`);
  }
  const value = BigInt(match[2]! + fraction.slice(0, decimals));
  return match[1] === '-' ? -value : value;
}

/**
 * `/api/v3/ticker` and `/api/v3/ticker/tradingDay` as market-data answers them, against the sums of the engine's own
 * trades: SOL-USDT (tick 0.01 USDT, step 0.001 SOL, USDT 6 decimals) trading over the three days before now, so that
 * every window reads 1-minute candles at its edges and 1-hour candles between.
 */
describe('window tickers (rolling and trading day) from the stored candles', () => {
  let nc: NatsConnection;
  let client: ClientProxy;
  let service: ServiceProcess;
  const feed = new EngineFeed('SOL-USDT', 23, 15_000);
  /** The last trade comes five minutes before the test starts: a 1-minute window is empty. */
  const end = Date.now() - 5 * MINUTE;

  const ask = <T>(subject: string, payload: object) =>
    firstValueFrom(client.send<T>(names.subject(subject), payload));

  const trades = () => feed.events.flatMap((e) => (e.type === 'trade' ? [e] : []));

  /** What the window from `openTime` on must answer, summed here from the engine's trades. */
  function expected(openTime: number) {
    const all = trades();
    const inWindow = all.filter((t) => t.ts >= openTime);
    const lots = inWindow.reduce((s, t) => s + BigInt(t.quantity), 0n);
    const tickLots = inWindow.reduce((s, t) => s + BigInt(t.price) * BigInt(t.quantity), 0n);
    const latest = all[all.length - 1]!;
    const open = inWindow[0]?.price ?? latest.price;
    const last = inWindow[inWindow.length - 1]?.price ?? latest.price;
    return {
      count: inWindow.length,
      firstId: inWindow[0]?.seq ?? -1,
      lastId: inWindow[inWindow.length - 1]?.seq ?? -1,
      // Prices in ticks (0.01), the change percent in thousandths, the average in 10^-8 USDT.
      open: BigInt(open),
      high: BigInt(inWindow.length ? Math.max(...inWindow.map((t) => t.price)) : latest.price),
      low: BigInt(inWindow.length ? Math.min(...inWindow.map((t) => t.price)) : latest.price),
      last: BigInt(last),
      change: BigInt(last - open),
      changePercent: (BigInt(last - open) * 100_000n) / BigInt(open),
      volume: lots,
      // One tick-lot is 0.01 × 0.001 = 0.00001 USDT, 10 minor units.
      quoteVolume: tickLots * 10n,
      average: lots === 0n ? 0n : (tickLots * 1_000_000n) / lots,
    };
  }

  function read(t: TickerWindowReply) {
    return {
      count: t.count,
      firstId: t.firstId,
      lastId: t.lastId,
      open: units(t.openPrice, 2),
      high: units(t.highPrice, 2),
      low: units(t.lowPrice, 2),
      last: units(t.lastPrice, 2),
      change: units(t.priceChange, 2),
      changePercent: units(t.priceChangePercent, 3),
      volume: units(t.volume, 3),
      quoteVolume: units(t.quoteVolume, 6),
      average: units(t.weightedAvgPrice, 8),
    };
  }

  async function window(query: TickerWindowQuery['window']) {
    const before = Date.now();
    const [ticker, ...rest] = await ask<TickerWindowReply[]>(MARKET_DATA_QUERIES.tickerWindow, {
      symbols: ['SOLUSDT'],
      window: query,
    });
    return { ticker: ticker!, rest, before, after: Date.now() };
  }

  beforeAll(async () => {
    await createDatabase(SERVER_URL, run);
    nc = await connect({ servers: NATS_URL });
    await new JetStreamAdmin(await nc.jetstreamManager(), names).ensureStream(STREAMS.EVT);
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await client.connect();
    service = startServiceProcess('apps/market-data/src/main.ts', {
      DATABASE_URL: databaseUrl(SERVER_URL, run),
      NATS_URL,
      NATS_STREAM_PREFIX: run,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:`,
      HTTP_PORT: '0',
    });
    await service.waitForLog((l) => l.msg === 'listening');

    const count = 1500;
    const start = end - 3 * DAY;
    const batches = feed.run(count, (i) => start + Math.floor((i * 3 * DAY) / (count - 1)));
    for (const batch of batches) {
      await nc
        .jetstream()
        .publish(names.subject(evtSubject(batch.market)), new TextEncoder().encode(JSON.stringify(batch)), {
          msgID: `${batch.market}:${batch.firstSeq}`,
        });
    }
    const lastSeq = batches[batches.length - 1]!.lastSeq;
    for (let i = 0; ; i++) {
      const depth = await ask<DepthReply>(MARKET_DATA_QUERIES.depth, { symbol: 'SOLUSDT', limit: 1 });
      if (depth.lastUpdateId >= lastSeq) break;
      if (i === 600) throw new Error(`market-data never reached ${lastSeq}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  afterAll(async () => {
    await service?.stop('SIGTERM');
    await client?.close();
    await new JetStreamAdmin(await nc.jetstreamManager(), names).deleteAllWithPrefix();
    await nc?.close();
    const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
    await dropDatabase(SERVER_URL, run);
  }, 60_000);

  it('has trades on most hours of the three days (the feed is what the windows below sum)', () => {
    const hours = new Set(trades().map((t) => Math.floor(t.ts / HOUR)));
    expect(trades().length).toBeGreaterThan(300);
    expect(hours.size).toBeGreaterThan(60);
  });

  it.each([
    ['15m', 15 * MINUTE],
    ['1h', HOUR],
    ['59m', 59 * MINUTE],
    ['3h', 3 * HOUR],
    ['13h', 13 * HOUR],
    ['1d', DAY],
    ['2d', 2 * DAY],
    ['7d', 7 * DAY],
  ])('sums a rolling %s window that opens on the minute and closes now', async (_name, ms) => {
    const { ticker, rest, before, after } = await window({ kind: 'rolling', ms });
    expect(rest).toEqual([]);
    expect(ticker.symbol).toBe('SOLUSDT');
    expect(ticker.closeTime).toBeGreaterThanOrEqual(before);
    expect(ticker.closeTime).toBeLessThanOrEqual(after);
    expect(ticker.openTime).toBe(Math.floor((ticker.closeTime - ms) / MINUTE) * MINUTE);
    const want = expected(ticker.openTime);
    expect(want.count).toBeGreaterThan(0);
    expect(read(ticker)).toEqual(want);
  });

  it('answers a window without trades with the last price, no ids and no volume', async () => {
    const { ticker } = await window({ kind: 'rolling', ms: MINUTE });
    const want = expected(ticker.openTime);
    expect(want.count).toBe(0);
    expect(read(ticker)).toEqual(want);
    expect(ticker).toMatchObject({
      firstId: -1,
      lastId: -1,
      count: 0,
      volume: '0.00000000',
      priceChange: '0.00000000',
    });
  });

  it.each([
    ['UTC', 0],
    ['+05:45', 345],
    ['-12:00', -720],
    ['+14:00', 840],
  ])('sums the trading day in %s from its midnight on', async (_name, offsetMinutes) => {
    const { ticker, before, after } = await window({ kind: 'tradingDay', offsetMinutes });
    const offset = offsetMinutes * MINUTE;
    const midnight = (t: number) => Math.floor((t + offset) / DAY) * DAY - offset;
    expect([midnight(before), midnight(after)]).toContain(ticker.openTime);
    expect(ticker.closeTime).toBe(ticker.openTime + DAY - 1);
    expect(read(ticker)).toEqual(expected(ticker.openTime));
  });

  it('answers several symbols in the order asked, a market that never traded with zeros', async () => {
    const tickers = await ask<TickerWindowReply[]>(MARKET_DATA_QUERIES.tickerWindow, {
      symbols: ['ETHUSDT', 'SOLUSDT'],
      window: { kind: 'rolling', ms: DAY },
    });
    expect(tickers.map((t) => t.symbol)).toEqual(['ETHUSDT', 'SOLUSDT']);
    expect(tickers[0]).toMatchObject({
      openPrice: '0.00000000',
      lastPrice: '0.00000000',
      volume: '0.00000000',
      firstId: -1,
      lastId: -1,
      count: 0,
    });
    expect(tickers[1]!.count).toBe(expected(tickers[1]!.openTime).count);
  });

  it.each([
    [{ symbols: ['DOGEUSDT'], window: { kind: 'rolling', ms: DAY } }, MarketDataErrorCode.UNKNOWN_SYMBOL],
    [{ symbols: ['SOLUSDT'], window: { kind: 'rolling', ms: 59_999 } }, MarketDataErrorCode.INVALID_REQUEST],
    [
      { symbols: ['SOLUSDT'], window: { kind: 'rolling', ms: 7 * DAY + 1 } },
      MarketDataErrorCode.INVALID_REQUEST,
    ],
    [
      { symbols: ['SOLUSDT'], window: { kind: 'tradingDay', offsetMinutes: 841 } },
      MarketDataErrorCode.INVALID_REQUEST,
    ],
    [{ symbols: [], window: { kind: 'rolling', ms: DAY } }, MarketDataErrorCode.INVALID_REQUEST],
    [{ symbols: ['SOLUSDT'] }, MarketDataErrorCode.INVALID_REQUEST],
  ])('refuses %j with a numbered code', async (payload, code) => {
    await expect(ask(MARKET_DATA_QUERIES.tickerWindow, payload)).rejects.toMatchObject({ code });
  });
});
