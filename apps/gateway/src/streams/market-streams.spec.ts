import {
  type DepthDiffMessage,
  type AvgPriceReply,
  type TickerWindowReply,
  type TradeMessage,
  type TradesMessage,
} from '@exchange/shared-contracts';

import { type MarketFeedRepository } from './market-feed.repository';
import { createMarketStream } from './market-streams';

const symbol = { symbol: 'BTCUSDT', market: 'BTC-USDT' };
const unused = () => Promise.reject(new Error('unused'));

/** A window ticker as market-data answers it: `count` trades up to id `lastId`, the last at `lastPrice`. */
const windowTicker = (
  symbol: string,
  lastId: number,
  count: number,
  lastPrice = '1.00',
): TickerWindowReply => ({
  symbol,
  priceChange: '0.00000000',
  priceChangePercent: '0.000',
  weightedAvgPrice: lastPrice,
  openPrice: lastPrice,
  highPrice: lastPrice,
  lowPrice: lastPrice,
  lastPrice,
  volume: '1.00000000',
  quoteVolume: lastPrice,
  openTime: 0,
  closeTime: 1,
  firstId: count > 0 ? lastId - count + 1 : -1,
  lastId: count > 0 ? lastId : -1,
  count,
});

/** The NATS side as the streams see it: one listener per subject, fed by the test. */
function feeds() {
  const listeners = new Map<string, (m: unknown) => void>();
  const repository = {
    listen: async (subject: string, listener: (m: unknown) => void) => {
      listeners.set(subject, listener);
      return () => listeners.delete(subject);
    },
  } as unknown as MarketFeedRepository;
  return { repository, publish: (subject: string, m: unknown) => listeners.get(subject)!(m), listeners };
}

const diff = (U: number, u: number, price: string): DepthDiffMessage => ({
  market: 'BTC-USDT',
  symbol: 'BTCUSDT',
  E: u,
  U,
  u,
  bids: [[price, '1']],
  asks: [],
});

describe(createMarketStream.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('merges contiguous depth diffs per interval and sends a gap on as a gap', async () => {
    const nats = feeds();
    const emitted: { U: number; u: number }[] = [];
    const sut = createMarketStream(
      { kind: 'depth', symbolId: 'btcusdt', speedMs: 100 },
      symbol,
      { feeds: nats.repository, acquireBook: unused, windowTickers: unused, avgPrice: unused },
      (data) => emitted.push(data as { U: number; u: number }),
    );
    await sut.start();
    nats.publish('md.BTC-USDT.depth', diff(1, 2, '1.00'));
    nats.publish('md.BTC-USDT.depth', diff(3, 3, '1.01'));
    nats.publish('md.BTC-USDT.depth', diff(4, 6, '1.02'));
    expect(emitted.map((e) => [e.U, e.u])).toEqual([[1, 2]]);
    nats.publish('md.BTC-USDT.depth', diff(8, 9, '1.03'));
    expect(emitted.map((e) => [e.U, e.u])).toEqual([
      [1, 2],
      [3, 6],
    ]);
    jest.advanceTimersByTime(100);
    expect(emitted.map((e) => [e.U, e.u])).toEqual([
      [1, 2],
      [3, 6],
      [8, 9],
    ]);
    sut.stop();
    expect(nats.listeners.size).toBe(0);
  });

  it('groups the trades of one taker at one price into one aggTrade', async () => {
    const nats = feeds();
    const emitted: object[] = [];
    const sut = createMarketStream(
      { kind: 'aggTrade', symbolId: 'btcusdt' },
      symbol,
      { feeds: nats.repository, acquireBook: unused, windowTickers: unused, avgPrice: unused },
      (data) => emitted.push(data),
    );
    await sut.start();
    const trade = (t: number, p: string, q: string): TradeMessage => ({
      market: 'BTC-USDT',
      symbol: 'BTCUSDT',
      E: 50,
      t,
      p,
      q,
      T: 40,
      m: true,
    });
    nats.publish('md.BTC-USDT.trade', trade(7, '10.00', '0.0010'));
    nats.publish('md.BTC-USDT.trade', trade(8, '10.00', '0.0025'));
    nats.publish('md.BTC-USDT.trade', trade(9, '9.99', '0.0001'));
    jest.runAllTicks();
    jest.runOnlyPendingTimers();
    expect(emitted).toEqual([
      {
        e: 'aggTrade',
        E: 50,
        s: 'BTCUSDT',
        a: 7,
        p: '10.00',
        q: '0.0035',
        f: 7,
        l: 8,
        T: 40,
        m: true,
        M: true,
      },
      {
        e: 'aggTrade',
        E: 50,
        s: 'BTCUSDT',
        a: 9,
        p: '9.99',
        q: '0.0001',
        f: 9,
        l: 9,
        T: 40,
        m: true,
        M: true,
      },
    ]);
    sut.stop();
  });

  it('groups an aggTrade from a v2 message as from v1 messages', async () => {
    const nats = feeds();
    const emitted: object[] = [];
    const sut = createMarketStream(
      { kind: 'aggTrade', symbolId: 'btcusdt' },
      symbol,
      { feeds: nats.repository, acquireBook: unused, windowTickers: unused, avgPrice: unused },
      (data) => emitted.push(data),
    );
    await sut.start();
    nats.publish('md.BTC-USDT.trade.v2', {
      v: 2,
      market: 'BTC-USDT',
      symbol: 'BTCUSDT',
      E: 50,
      trades: [
        { t: 7, p: '10.00', q: '0.0010', T: 40, m: false },
        { t: 8, p: '10.00', q: '0.0025', T: 40, m: false },
        { t: 9, p: '10.01', q: '0.0001', T: 40, m: false },
      ],
    } satisfies TradesMessage);
    jest.runAllTicks();
    jest.runOnlyPendingTimers();
    expect(emitted).toEqual([
      {
        e: 'aggTrade',
        E: 50,
        s: 'BTCUSDT',
        a: 7,
        p: '10.00',
        q: '0.0035',
        f: 7,
        l: 8,
        T: 40,
        m: false,
        M: true,
      },
      {
        e: 'aggTrade',
        E: 50,
        s: 'BTCUSDT',
        a: 9,
        p: '10.01',
        q: '0.0001',
        f: 9,
        l: 9,
        T: 40,
        m: false,
        M: true,
      },
    ]);
    sut.stop();
    expect(nats.listeners.size).toBe(0);
  });

  it('sends each trade once, in order, from v2 and v1 messages alike (a rolling deploy)', async () => {
    const nats = feeds();
    const emitted: { t: number }[] = [];
    const sut = createMarketStream(
      { kind: 'trade', symbolId: 'btcusdt' },
      symbol,
      { feeds: nats.repository, acquireBook: unused, windowTickers: unused, avgPrice: unused },
      (data) => emitted.push(data as { t: number }),
    );
    await sut.start();
    expect([...nats.listeners.keys()].sort()).toEqual(['md.BTC-USDT.trade', 'md.BTC-USDT.trade.v2']);
    const v1 = (t: number): TradeMessage => ({
      market: 'BTC-USDT',
      symbol: 'BTCUSDT',
      E: 60,
      t,
      p: '10.00',
      q: '0.0001',
      T: 55,
      m: true,
    });
    const v2 = (...ids: number[]): TradesMessage => ({
      v: 2,
      market: 'BTC-USDT',
      symbol: 'BTCUSDT',
      E: 60,
      trades: ids.map((t) => ({ t, p: '10.00', q: '0.0001', T: 55, m: true })),
    });
    // An older market-data (v1 only), then a newer one publishing both during the deploy, then v2 only.
    nats.publish('md.BTC-USDT.trade', v1(3));
    nats.publish('md.BTC-USDT.trade', v1(4));
    nats.publish('md.BTC-USDT.trade.v2', v2(5, 6));
    nats.publish('md.BTC-USDT.trade', v1(5));
    nats.publish('md.BTC-USDT.trade', v1(6));
    nats.publish('md.BTC-USDT.trade', v1(7));
    nats.publish('md.BTC-USDT.trade.v2', v2(7, 8));
    nats.publish('md.BTC-USDT.trade.v2', v2(9));
    expect(emitted.map((e) => e.t)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(emitted[2]).toEqual({
      e: 'trade',
      E: 60,
      s: 'BTCUSDT',
      t: 5,
      p: '10.00',
      q: '0.0001',
      T: 55,
      m: true,
      M: true,
    });
    sut.stop();
    expect(nats.listeners.size).toBe(0);
  });

  it('asks for a window ticker once a second per stream and pushes it only when its window changed', async () => {
    const asked: [string[] | undefined, number][] = [];
    let answers: TickerWindowReply[][] = [
      [windowTicker('BTCUSDT', 7, 3)],
      [windowTicker('BTCUSDT', 7, 3)],
      [windowTicker('BTCUSDT', 9, 4)],
      [windowTicker('BTCUSDT', 9, 3)],
    ];
    const emitted: Record<string, unknown>[] = [];
    const sut = createMarketStream(
      { kind: 'windowTicker', symbolId: 'btcusdt', window: '4h' },
      symbol,
      {
        feeds: feeds().repository,
        acquireBook: unused,
        avgPrice: unused,
        windowTickers: (symbols, ms) => {
          asked.push([symbols, ms]);
          const [next, ...rest] = answers;
          answers = rest;
          return next ? Promise.resolve(next) : Promise.reject(new Error('market-data is away'));
        },
      },
      (data) => emitted.push(data as Record<string, unknown>),
    );
    jest.setSystemTime(1_700_000_000_000);
    await sut.start();
    // Not before the subscriber's reply: the first ask is on the next turn.
    expect(asked).toEqual([]);
    await jest.advanceTimersByTimeAsync(0);
    expect(asked).toEqual([[['BTCUSDT'], 4 * 3_600_000]]);
    expect(emitted).toEqual([
      {
        e: '4hTicker',
        E: 1_700_000_000_000,
        s: 'BTCUSDT',
        p: '0.00000000',
        P: '0.000',
        o: '1.00',
        h: '1.00',
        l: '1.00',
        c: '1.00',
        w: '1.00',
        v: '1.00000000',
        q: '1.00',
        O: 0,
        C: 1,
        F: 5,
        L: 7,
        n: 3,
      },
    ]);
    await jest.advanceTimersByTimeAsync(1000); // the same window: nothing pushed
    await jest.advanceTimersByTimeAsync(1000); // a trade came in
    await jest.advanceTimersByTimeAsync(1000); // one left the window
    expect(emitted.map((e) => [e['F'], e['L'], e['n']])).toEqual([
      [5, 7, 3],
      [6, 9, 4],
      [7, 9, 3],
    ]);
    // market-data does not answer: nothing is pushed and the stream asks again a second later.
    await jest.advanceTimersByTimeAsync(2000);
    expect(asked).toHaveLength(6);
    expect(emitted).toHaveLength(3);
    sut.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(asked).toHaveLength(6);
  });

  it('asks for the average price once a second and pushes it when it or the last trade changed', async () => {
    let answers: AvgPriceReply[] = [
      { mins: 5, price: '30000.00', closeTime: 100 },
      { mins: 5, price: '30000.00', closeTime: 100 },
      { mins: 5, price: '30000.00', closeTime: 200 },
      { mins: 5, price: '30010.50', closeTime: 200 },
    ];
    const asked: string[] = [];
    const emitted: Record<string, unknown>[] = [];
    const sut = createMarketStream(
      { kind: 'avgPrice', symbolId: 'btcusdt' },
      symbol,
      {
        feeds: feeds().repository,
        acquireBook: unused,
        windowTickers: unused,
        avgPrice: (s) => {
          asked.push(s);
          const [next, ...rest] = answers;
          answers = rest;
          return next ? Promise.resolve(next) : Promise.reject(new Error('market-data is away'));
        },
      },
      (data) => emitted.push(data as Record<string, unknown>),
    );
    jest.setSystemTime(1_700_000_000_000);
    await sut.start();
    expect(asked).toEqual([]);
    await jest.advanceTimersByTimeAsync(0);
    expect(emitted).toEqual([
      { e: 'avgPrice', E: 1_700_000_000_000, s: 'BTCUSDT', i: '5m', w: '30000.00', T: 100 },
    ]);
    await jest.advanceTimersByTimeAsync(3000);
    expect(emitted.map((e) => [e['w'], e['T']])).toEqual([
      ['30000.00', 100],
      ['30000.00', 200],
      ['30010.50', 200],
    ]);
    await jest.advanceTimersByTimeAsync(2000); // market-data away: nothing pushed, asked again
    expect([asked.length, emitted.length]).toEqual([6, 3]);
    expect(new Set(asked)).toEqual(new Set(['BTCUSDT']));
    sut.stop();
  });

  it('pushes every market whose window changed as one array on !ticker_<window>@arr', async () => {
    let answer = [windowTicker('BTCUSDT', 7, 3), windowTicker('ETHBTC', 4, 1)];
    const asked: (string[] | undefined)[] = [];
    const emitted: { s: string; e: string }[][] = [];
    const sut = createMarketStream(
      { kind: 'allWindowTickers', window: '1d' },
      undefined,
      {
        feeds: feeds().repository,
        acquireBook: unused,
        avgPrice: unused,
        windowTickers: (symbols) => {
          asked.push(symbols);
          return Promise.resolve(answer);
        },
      },
      (data) => emitted.push(data as { s: string; e: string }[]),
    );
    await sut.start();
    await jest.advanceTimersByTimeAsync(0);
    answer = [windowTicker('BTCUSDT', 7, 3), windowTicker('ETHBTC', 8, 2)];
    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(1000);
    expect(asked).toEqual([undefined, undefined, undefined]);
    expect(emitted.map((tickers) => tickers.map((t) => `${t.e} ${t.s}`))).toEqual([
      ['1dTicker BTCUSDT', '1dTicker ETHBTC'],
      ['1dTicker ETHBTC'],
    ]);
    sut.stop();
  });
});
