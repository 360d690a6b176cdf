import { type MatchingEventMessage } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { DEFAULT_MARKETS, type MarketDataConfig } from '../config/market-data.config';
import { type EventDelivery } from '../repositories/event-stream.repository';
import { MarketCacheRepository } from '../repositories/market-cache.repository';
import { MarketPublisherRepository } from '../repositories/market-publisher.repository';
import { MarketStoreRepository } from '../repositories/market-store.repository';
import { EngineFeed } from '../../test/support/event-stream.fixture';
import { MarketDataIngestService } from './market-data-ingest.service';
import { MarketStateService } from './market-state.service';

const MARKET = 'BTC-USDT';
const encoder = new TextEncoder();

interface Harness {
  sut: MarketDataIngestService;
  /** What happened, in order: `publish <subject>`, `flushed` (the NATS client's write), `commit`, `ack`. */
  log: string[];
  /** Every commit's parameters. */
  commits: unknown[][];
  deliver(data: Uint8Array[]): Promise<void>;
  /** Hands the messages over without waiting for their commit. */
  handOver(data: Uint8Array[]): Promise<void>;
  /** The commit loop's end (nothing left to store). */
  stored(): Promise<void>;
}

/**
 * The real service, state, mappers and repositories over a NATS connection that writes its buffer in a microtask
 * queued by the first publish (as the `nats` client does), a Redis client and a PostgreSQL data source that answer
 * at once.
 */
function harness(lingerMs = 0): Harness {
  const config = {
    MARKET_DATA_MARKETS: DEFAULT_MARKETS,
    MARKET_DATA_DEPTH_LEVELS: 1000,
    MARKET_DATA_RECENT_TRADES: 1000,
    MARKET_DATA_TRADE_V1: false,
    MARKET_DATA_CONSUMER: 'market-data',
    MARKET_DATA_BOOK_COMMIT_LINGER_MS: lingerMs,
  } as unknown as MarketDataConfig;
  const log: string[] = [];
  const commits: unknown[][] = [];
  let buffered = false;
  const nc = {
    publish: (subject: string) => {
      log.push(`publish ${subject.split('.').slice(2).join('.')}`);
      if (buffered) return;
      buffered = true;
      queueMicrotask(() => {
        buffered = false;
        log.push('flushed');
      });
    },
  };
  const multi: Record<string, unknown> = new Proxy(
    {},
    { get: (_t, key) => (key === 'exec' ? async () => [] : () => multi) },
  );
  const dataSource = {
    query: async (_sql: string, params: unknown[]) => {
      log.push('commit');
      commits.push(params);
      return [{ claimed: true }];
    },
  };
  const store = new MarketStoreRepository(dataSource as never);
  const cache = new MarketCacheRepository({ multi: () => multi } as never);
  const states = new MarketStateService(config, store, cache);
  const publisher = new MarketPublisherRepository(nc as never, new NatsNames(''));
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const sut = new MarketDataIngestService(config, logger as never, {} as never, cache, publisher, states);
  const internals = sut as unknown as {
    states: Map<string, unknown>;
    handleGroup(d: EventDelivery[]): Promise<void>;
    storing?: Promise<void>;
  };
  internals.states = new Map([...states.formats].map(([m, f]) => [m, states.empty(f)]));
  let streamSeq = 0;
  const handOver = (data: Uint8Array[]) =>
    internals.handleGroup(
      data.map((d) => ({
        subject: `evt.${MARKET}`,
        streamSeq: ++streamSeq,
        data: d,
        ack: () => void log.push('ack'),
        nak: () => undefined,
        term: () => undefined,
      })),
    );
  return {
    sut,
    log,
    commits,
    handOver,
    stored: async () => void (await internals.storing),
    deliver: async (data) => {
      await handOver(data);
      await internals.storing;
    },
  };
}

/** Whether the message holds a trade. */
const tradesIn = (data: Uint8Array) => new TextDecoder().decode(data).includes('"type":"trade"');

/** Messages of `size` events each, from the real engine. */
function messages(count: number, size: number): Uint8Array[] {
  const feed = new EngineFeed(MARKET, 7, 3_000_000);
  const t0 = Date.UTC(2026, 10, 25, 23, 58);
  // 7 s between commands: the messages cross minute, hour and day boundaries.
  for (let i = 0; feed.events.length < count * size; i += 100)
    feed.run(100, (j) => t0 + (i + j) * 7_000, 100);
  const out: Uint8Array[] = [];
  for (let at = 0; at < count * size; at += size) {
    const events: MatchingEventMessage[] = feed.events.slice(at, at + size);
    const batch = {
      v: 1,
      market: MARKET,
      firstSeq: events[0]!.seq,
      lastSeq: events.at(-1)!.seq,
      commandSeq: 0,
    };
    out.push(encoder.encode(JSON.stringify({ ...batch, events })));
  }
  return out;
}

/** The candle table after upserting every commit's candle rows, and every trade stored, by key. */
function stored(commits: unknown[][]): { candles: Map<string, unknown>; trades: Map<number, unknown> } {
  const candles = new Map<string, unknown>();
  const trades = new Map<number, unknown>();
  for (const params of commits) {
    for (const t of JSON.parse(params[5] as string) as { id: number }[]) trades.set(t.id, t);
    for (const c of JSON.parse(params[6] as string) as { interval: string; openTime: number }[])
      candles.set(`${c.interval}:${c.openTime}`, c);
  }
  return { candles, trades };
}

describe(MarketDataIngestService.name, () => {
  it("writes a message's depth diff to the socket before its commit is built", async () => {
    const { log, deliver } = harness();
    const [first, second] = messages(2, 50);

    await deliver([first!]);
    await deliver([second!]);

    // Per message: the diff, the client's write, then the commit (and after it trades, candles, ticker).
    for (const at of [log.indexOf('commit'), log.lastIndexOf('commit')]) {
      expect(log.slice(at - 2, at + 1)).toEqual(['publish depth', 'flushed', 'commit']);
    }
  });

  it("acknowledges a commit's messages in the same socket write as its trades, candles and ticker", async () => {
    const { log, deliver } = harness();
    const data = messages(3, 50);

    await deliver([data[0]!]);
    await deliver(data.slice(1));

    expect(log.filter((l) => l === 'ack')).toHaveLength(3);
    for (let at = log.indexOf('commit'); at >= 0; at = log.indexOf('commit', at + 1)) {
      const after = log.slice(at + 1, log.indexOf('flushed', at));
      expect(after[0]).toBe('publish trade.v2');
      expect(after.at(-1)).toBe('ack');
      expect(after).toContain('publish ticker');
    }
  });

  it('stores the same trades and candles whether messages are committed one by one or in groups', async () => {
    // A group's commit takes the closed candles from each message and the open ones from the state after the last.
    const data = messages(60, 40);
    const single = harness();
    for (const d of data) await single.deliver([d]);
    const grouped = harness();
    for (let at = 0; at < data.length; at += 7) await grouped.deliver(data.slice(at, at + 7));

    expect(grouped.commits.length).toBeLessThan(single.commits.length);
    const a = stored(single.commits);
    const b = stored(grouped.commits);
    expect(b.trades.size).toBeGreaterThan(100);
    expect(b.candles.size).toBeGreaterThan(60);
    expect(b.trades).toEqual(a.trades);
    expect(b.candles).toEqual(a.candles);
    // Every candle row a grouped commit wrote is a row the one-by-one commits wrote too (no half-way state).
    const rows = new Set(single.commits.flatMap((p) => JSON.parse(p[6] as string).map(JSON.stringify)));
    for (const p of grouped.commits)
      for (const row of JSON.parse(p[6] as string)) expect(rows.has(JSON.stringify(row))).toBe(true);
  });

  describe('with MARKET_DATA_BOOK_COMMIT_LINGER_MS', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] }));
    afterEach(() => jest.useRealTimers());

    it('stores book-only messages together once the linger is over, their diffs published at once', async () => {
      const { log, commits, handOver, stored } = harness(20);
      const data = messages(40, 1);
      const bookOnly = data.slice(0, data.findIndex(tradesIn));
      expect(bookOnly.length).toBeGreaterThanOrEqual(3);

      for (const d of bookOnly.slice(0, 3)) await handOver([d]);
      await jest.advanceTimersByTimeAsync(19);
      expect(log.filter((l) => l === 'publish depth')).toHaveLength(3);
      expect(commits).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      await stored();
      expect(commits).toHaveLength(1);
      expect(log.filter((l) => l === 'ack')).toHaveLength(3);
    });

    it('stores at once when a message with trades comes, with the book-only ones waiting before it', async () => {
      const { log, commits, handOver, stored } = harness(60_000);
      const data = messages(40, 1);
      const firstTrade = data.findIndex(tradesIn);
      expect(firstTrade).toBeGreaterThanOrEqual(1);

      for (const d of data.slice(0, firstTrade)) await handOver([d]);
      await jest.advanceTimersByTimeAsync(1000);
      expect(commits).toHaveLength(0);
      // No timer moves from here on: the trade ends the wait.
      await handOver([data[firstTrade]!]);
      await stored();
      expect(commits).toHaveLength(1);
      expect(log.filter((l) => l === 'ack')).toHaveLength(firstTrade + 1);
      expect(log.slice(log.indexOf('commit'))).toContain('publish trade.v2');
    });

    it('stores what waits at once when the service stops', async () => {
      const { commits, handOver, stored, sut } = harness(60_000);
      const data = messages(40, 1);
      await handOver([data[0]!]);
      expect(tradesIn(data[0]!)).toBe(false);
      await sut.onApplicationShutdown();
      await stored();
      expect(commits).toHaveLength(1);
    });
  });
});
