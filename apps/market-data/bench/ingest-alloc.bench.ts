/**
 * The ingest path without I/O: what one message costs in CPU and allocation, the way the latency phase of
 * `market-data.bench.ts` runs it (one 100-event message per commit). The real `MarketDataIngestService`, state,
 * mappers, publisher, cache and store classes, with a NATS connection, a Redis client and a PostgreSQL data source
 * that take what they are given and answer at once, so everything the service builds is built.
 *
 * `node --trace-gc-nvp tools/run.cjs apps/market-data/bench/ingest-alloc.bench.ts [messages=3000] [events=100]
 * [warm-up messages=2000] [messages per group and commit=1]`: prints `{messages, cpuMicrosPerMessage, ...}`; V8's --trace-gc-nvp lines (one per GC,
 * `allocated=` bytes since the previous one, `semi_space_copied=` survivors) follow on stdout.
 * `SENT_HASH=1` adds hashes of what the service sent (NATS per subject, Redis, PostgreSQL): two versions that send
 * the same print the same. `HEAP_PROFILE=<file>` writes a sampling heap profile of the measured messages (objects collected by scavenges
 * included): where the bytes are allocated.
 */
import { createHash } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

import { type MatchingEventMessage } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { DEFAULT_MARKETS, type MarketDataConfig } from '../src/config/market-data.config';
import { MarketDataIngestService } from '../src/market-data/market-data-ingest.service';
import { MarketStateService } from '../src/market-data/market-state.service';
import { MarketCacheRepository } from '../src/repositories/market-cache.repository';
import { type EventDelivery } from '../src/repositories/event-stream.repository';
import { MarketPublisherRepository } from '../src/repositories/market-publisher.repository';
import { MarketStoreRepository } from '../src/repositories/market-store.repository';
import { EngineFeed } from '../test/support/event-stream.fixture';

const [messages = 3000, size = 100, warmUp = 2000, group = 1] = process.argv.slice(2).map(Number);
const market = 'BTC-USDT';
const encoder = new TextEncoder();

async function main(): Promise<void> {
  const config = {
    MARKET_DATA_MARKETS: DEFAULT_MARKETS,
    MARKET_DATA_DEPTH_LEVELS: 1000,
    MARKET_DATA_RECENT_TRADES: 1000,
    MARKET_DATA_TRADE_V1: false,
    MARKET_DATA_CONSUMER: 'market-data',
  } as unknown as MarketDataConfig;
  let published = 0;
  // What the service sends (NATS, Redis, PostgreSQL), hashed: two versions that send the same agree.
  // With SENT_HASH=1 (it allocates, so not while measuring): NATS per subject (the order across subjects is not a
  // contract); a commit's candle rows sorted.
  const hashing = process.env.SENT_HASH === '1';
  const sent = { redis: createHash('sha256'), pg: createHash('sha256') };
  const bySubject = new Map<string, ReturnType<typeof createHash>>();
  const nc = {
    publish: (subject: string, data: Uint8Array) => {
      published += data.length;
      if (!hashing) return;
      let hash = bySubject.get(subject);
      if (!hash) bySubject.set(subject, (hash = createHash('sha256')));
      hash.update(data);
    },
  };
  const multi: Record<string, unknown> = new Proxy({} as Record<string, unknown>, {
    get: (_target, key) =>
      key === 'exec'
        ? async () => []
        : (...args: unknown[]) => {
            if (hashing) sent.redis.update(JSON.stringify([key, ...args]));
            return multi;
          },
  });
  const redis = { multi: () => multi };
  const dataSource = {
    query: async (_sql: string, params: unknown[]) => {
      if (!hashing) return [{ claimed: true }];
      const candles = (JSON.parse(params[6] as string) as { interval: string; openTime: number }[]).sort(
        (a, b) => a.openTime - b.openTime || a.interval.localeCompare(b.interval),
      );
      sent.pg.update(JSON.stringify([...params.slice(0, 6), candles, ...params.slice(7)]));
      return [{ claimed: true }];
    },
  };
  const store = new MarketStoreRepository(dataSource as never);
  const cache = new MarketCacheRepository(redis as never);
  const states = new MarketStateService(config, store, cache);
  const publisher = new MarketPublisherRepository(nc as never, new NatsNames(''));
  const logger = { info: () => undefined, warn: console.warn, error: console.error };
  const sut = new MarketDataIngestService(config, logger as never, {} as never, cache, publisher, states);
  const internals = sut as unknown as {
    states: Map<string, unknown>;
    handleGroup(d: EventDelivery[]): Promise<void>;
    storing?: Promise<void>;
  };
  internals.states = new Map([...states.formats].map(([m, f]) => [m, states.empty(f)] as [string, unknown]));

  const feed = new EngineFeed(market, 42, 3_000_000);
  const t0 = Date.UTC(2026, 10, 25);
  const total = (messages + warmUp) * size;
  for (let i = 0; feed.events.length < total; i += 1000) feed.run(1000, (j) => t0 + (i + j) * 10, 1000);
  const data: Uint8Array[] = [];
  for (let at = 0; at + size <= total; at += size) {
    const events: MatchingEventMessage[] = feed.events.slice(at, at + size);
    const batch = {
      v: 1,
      market,
      firstSeq: events[0]!.seq,
      lastSeq: events.at(-1)!.seq,
      commandSeq: 0,
      events,
    };
    data.push(encoder.encode(JSON.stringify(batch)));
  }
  let acked = 0;
  const deliver = async (from: number) => {
    const deliveries: EventDelivery[] = [];
    for (let i = from; i < from + group; i++) {
      deliveries.push({
        subject: `evt.${market}`,
        streamSeq: i + 1,
        data: data[i]!,
        ack: () => void acked++,
        nak: () => undefined,
        term: () => undefined,
      });
    }
    await internals.handleGroup(deliveries);
    await internals.storing;
  };
  for (let i = 0; i < warmUp; i += group) await deliver(i);

  const session = new Session();
  if (process.env.HEAP_PROFILE) {
    session.connect();
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
  }
  console.log('--- measured');
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  for (let i = warmUp; i < warmUp + messages; i += group) await deliver(i);
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  console.log('--- end');
  if (process.env.HEAP_PROFILE) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(process.env.HEAP_PROFILE, JSON.stringify(profile));
  }
  console.log(
    JSON.stringify({
      messages,
      eventsPerMessage: size,
      acked,
      publishedBytesPerMessage: Math.round(published / (messages + warmUp)),
      wallMicrosPerMessage: +((ms * 1000) / messages).toFixed(1),
      cpuMicrosPerMessage: +((cpu.user + cpu.system) / messages).toFixed(1),
      sent: {
        nats: createHash('sha256')
          .update(
            [...bySubject]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([subject, h]) => `${subject}:${h.digest('hex')}`)
              .join(),
          )
          .digest('hex')
          .slice(0, 16),
        redis: sent.redis.digest('hex').slice(0, 16),
        pg: sent.pg.digest('hex').slice(0, 16),
      },
    }),
  );
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
