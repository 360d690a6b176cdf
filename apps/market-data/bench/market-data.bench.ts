/**
 * Market-data throughput and latency through real JetStream, PostgreSQL and Redis:
 * `node tools/run.cjs apps/market-data/bench/market-data.bench.ts [events=200000] [rate=10000] [seconds=10]
 * [batch=100]`.
 *
 * Event batches come from the real matching engine (a seeded order flow), cut into batches of `batch` events the
 * way matching appends them under load.
 * 1. Sustained: the whole backlog is stored in `EVT` first, then the market-data service (a real process) starts;
 *    events/s is timed from its first `md.<market>.depth` diff to the diff that covers the last event; stored
 *    events/s from that first diff until the stored position (`md_market_state.last_seq`, polled every 10 ms) covers
 *    the last event (the service publishes before it commits).
 * 2. Latency: with the service running, batches are published at `rate` events/s for `seconds`; each batch is timed
 *    from its publish (the JetStream store is inside that span, so this is an upper bound of stored → published) to
 *    the arrival of the `md.<market>.depth` diff that covers its last event, and (`trade*`) to the arrival of the
 *    `md.<market>.trade.v2` message holding its last trade (trades wait for their commit and Redis write).
 * Uses its own database, stream prefix and Redis key prefix and removes them afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

import { connect } from 'nats';
import { Client } from 'pg';

import {
  evtSubject,
  type MatchingEventBatch,
  type MatchingEventMessage,
  mdTradesSubject,
  STREAMS,
  type TradesMessage,
} from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { startServiceProcess } from '@exchange/shared-util-testing';

import { EngineFeed } from '../test/support/event-stream.fixture';

const [total = 200_000, rate = 10_000, seconds = 10, batchSize = 100] = process.argv.slice(2).map(Number);
const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** At least `count` events of the engine's own making, cut into batches of `size` events. */
function batches(
  feed: EngineFeed,
  count: number,
  size: number,
  ts: (i: number) => number,
): MatchingEventBatch[] {
  const from = feed.events.length;
  for (let i = 0; feed.events.length - from < count; i += 1000) feed.run(1000, (j) => ts(i + j), 1000);
  const events = feed.events.slice(from);
  const out: MatchingEventBatch[] = [];
  for (let at = 0; at < events.length; at += size) {
    const slice: MatchingEventMessage[] = events.slice(at, at + size);
    out.push({
      v: 1,
      market: feed.market,
      firstSeq: slice[0]!.seq,
      lastSeq: slice[slice.length - 1]!.seq,
      commandSeq: 0,
      events: slice,
    } as MatchingEventBatch);
  }
  return out;
}

/** Fails (so that the clean-up runs) when `promise` takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no end after ${ms} ms`)), ms),
    ),
  ]);
}

/** CPU seconds (user + system) the process `pid` has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Epoch milliseconds with sub-millisecond precision (comparable with the service's trace). */
const epochMs = () => performance.timeOrigin + performance.now();

/** What `loop-trace.cjs` wrote for one span of the service's life. */
interface LoopTrace {
  loopDelay: Record<string, number>;
  newSpaceMb?: number;
  heapMb: number;
  gc: { at: number; ms: number; kind: string; mbAfter: number }[];
}

/**
 * With LOOP_TRACE_DIR set, the service runs with the `loop-trace.cjs` preload: SIGUSR2 makes it write what it saw
 * since the previous signal (event-loop delay histogram, GC pauses). Returns that span's trace.
 */
async function serviceTrace(pid: number): Promise<LoopTrace | undefined> {
  const dir = process.env.LOOP_TRACE_DIR;
  if (!dir) return undefined;
  const file = join(dir, `market-data-${pid}.trace.jsonl`);
  const before = existsSync(file) ? readFileSync(file, 'utf8').length : 0;
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 10));
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text.length > before && text.endsWith('\n')) return JSON.parse(text.slice(before)) as LoopTrace;
  }
  return undefined;
}

/** The GC pauses of a trace in short: count, total and percentiles of each kind. */
function gcSummary(trace: LoopTrace): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of new Set(trace.gc.map((g) => g.kind))) {
    const ms = trace.gc
      .filter((g) => g.kind === kind)
      .map((g) => g.ms)
      .sort((a, b) => a - b);
    out[kind] = {
      n: ms.length,
      totalMs: +ms.reduce((a, b) => a + b, 0).toFixed(1),
      p50Ms: percentile(ms, 50),
      p99Ms: percentile(ms, 99),
      maxMs: ms[ms.length - 1],
    };
  }
  return out;
}

/** The bench's own event-loop delay and GC (its receive callbacks are inside the measured latency). */
function selfTrace(): { stop(): Record<string, unknown> } {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  let gcMs = 0;
  let gcMax = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcMax = Math.max(gcMax, e.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      h.disable();
      observer.disconnect();
      return {
        loopDelayP99Ms: +(h.percentile(99) / 1e6).toFixed(2),
        loopDelayMaxMs: +(h.max / 1e6).toFixed(2),
        gcMs: +gcMs.toFixed(1),
        gcMaxMs: +gcMax.toFixed(1),
      };
    },
  };
}

async function main(): Promise<void> {
  const run = `b_market_data_${process.pid}_${randomBytes(3).toString('hex')}`;
  const names = new NatsNames(run);
  const nc = await connect({ servers: NATS_URL });
  const admin = new JetStreamAdmin(await nc.jetstreamManager(), names);
  await createDatabase(SERVER_URL, run);
  const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
  const nodeOptions = [
    process.env.MARKET_DATA_NODE_OPTIONS,
    process.env.LOOP_TRACE_DIR ? '--require ./apps/market-data/bench/loop-trace.cjs' : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const service = () =>
    startServiceProcess('apps/market-data/src/main.ts', {
      DATABASE_URL: databaseUrl(SERVER_URL, run),
      NATS_URL,
      NATS_STREAM_PREFIX: run,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      // Extra node flags for the service process only: MARKET_DATA_NODE_OPTIONS='--require
      // ./tools/bench/cpu-profile.cjs' writes a CPU profile to CPU_PROFILE_DIR at exit.
      // LOOP_TRACE_DIR=<dir> adds the `loop-trace.cjs` preload (event-loop delay and GC pauses per phase, printed
      // with each phase's figures; LOOP_TRACE_GC=1 also prints V8's --trace-gc lines among the service's logs).
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      ...(process.env.CPU_PROFILE_DIR ? { CPU_PROFILE_DIR: process.env.CPU_PROFILE_DIR } : {}),
      ...(process.env.LOOP_TRACE_DIR ? { LOOP_TRACE_DIR: process.env.LOOP_TRACE_DIR } : {}),
      ...(process.env.LOOP_TRACE_GC ? { LOOP_TRACE_GC: process.env.LOOP_TRACE_GC } : {}),
    });
  let sut = service();
  try {
    await admin.ensureStream({ name: STREAMS.EVT.name, subjects: STREAMS.EVT.subjects });
    const market = 'BTC-USDT';
    const subject = names.subject(evtSubject(market));
    const feed = new EngineFeed(market, 42, 3_000_000);
    const t0 = Date.UTC(2026, 10, 25);

    // 1. Sustained, from a backlog.
    await sut.waitForLog((l) => l.msg === 'listening');
    await sut.stop('SIGTERM');
    const backlog = batches(feed, total, batchSize, (i) => t0 + i * 10);
    for (const batch of backlog) nc.publish(subject, encoder.encode(JSON.stringify(batch)));
    await nc.flush();
    const lastSeq = backlog[backlog.length - 1]!.lastSeq;
    const events = backlog.reduce((n, b) => n + b.events.length, 0);
    for (;;) {
      const info = await (await nc.jetstreamManager()).streams.info(names.stream(STREAMS.EVT.name));
      if (info.state.messages >= backlog.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    let first: { at: bigint; u: number; cpu: number } | undefined;
    const sustained = new Promise<{ at: bigint }>((resolve) => {
      nc.subscribe(names.subject(`md.${market}.depth`), {
        callback: (_e, m) => {
          const at = process.hrtime.bigint();
          const { u } = JSON.parse(decoder.decode(m.data)) as { u: number };
          first ??= { at, u, cpu: cpuSeconds(sut.child.pid!) };
          if (u >= lastSeq) resolve({ at });
        },
        max: backlog.length,
      });
    });
    sut = service();
    const last = await within(sustained, 600_000, 'sustained phase');
    const cpuAtLast = cpuSeconds(sut.child.pid!);
    // The trace from start-up to the last diff (start-up included).
    const sustainedTrace = await serviceTrace(sut.child.pid!);
    // The diffs run ahead of PostgreSQL: also time until the stored position covers the last event.
    const pg = new Client({ connectionString: databaseUrl(SERVER_URL, run) });
    await pg.connect();
    const storedAt = await within(
      (async () => {
        for (;;) {
          const at = process.hrtime.bigint();
          const { rows } = await pg.query<{ last_seq: string }>(
            'select last_seq from md_market_state where market = $1',
            [market],
          );
          if (Number(rows[0]?.last_seq ?? 0) >= lastSeq) return { at, cpu: cpuSeconds(sut.child.pid!) };
          await new Promise((r) => setTimeout(r, 10));
        }
      })(),
      600_000,
      'sustained phase (stored)',
    );
    const elapsedS = Number(last.at - first!.at) / 1e9;
    const storedS = Number(storedAt.at - first!.at) / 1e9;
    const timedEvents = lastSeq - first!.u;
    console.log(
      JSON.stringify({
        phase: 'sustained',
        events,
        batches: backlog.length,
        eventsPerBatch: batchSize,
        seconds: +elapsedS.toFixed(3),
        eventsPerSecond: Math.round(timedEvents / elapsedS),
        storedSeconds: +storedS.toFixed(3),
        storedEventsPerSecond: Math.round(timedEvents / storedS),
        // The service's CPU time (user + system, 10 ms ticks) from the first diff to the last diff / to stored.
        serviceCpuSeconds: +(cpuAtLast - first!.cpu).toFixed(2),
        serviceCpuSecondsStored: +(storedAt.cpu - first!.cpu).toFixed(2),
        ...(sustainedTrace
          ? { serviceLoopDelay: sustainedTrace.loopDelay, serviceGc: gcSummary(sustainedTrace) }
          : {}),
      }),
    );

    // 2. Publish → md.* latency at a fixed rate.
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    const paced = batches(feed, rate * seconds, perTick, (i) => t0 + 86_400_000 + i * 10);
    const sentAt = new Map<number, bigint>();
    /** Per batch (last sequence), when it was sent and its depth diff arrived (epoch ms): to match GC pauses. */
    const spans = new Map<number, [number, number]>();
    const latencies: number[] = [];
    const done = new Promise<void>((resolve) => {
      nc.subscribe(names.subject(`md.${market}.depth`), {
        callback: (_e, m) => {
          const at = process.hrtime.bigint();
          const { u } = JSON.parse(decoder.decode(m.data)) as { u: number };
          const sent = sentAt.get(u);
          if (sent === undefined) return;
          const ms = Number(at - sent) / 1e6;
          latencies.push(ms);
          const now = epochMs();
          spans.set(u, [now - ms, now]);
          if (latencies.length === paced.length) resolve();
        },
      });
    });
    // Trades go out after their commit (`md.<market>.trade.v2`): each batch's last trade, timed the same way.
    const lastTradeOf = new Map<number, number>();
    for (const batch of paced) {
      const trades = batch.events.filter((e) => e.type === 'trade');
      if (trades.length > 0) lastTradeOf.set(batch.lastSeq, trades[trades.length - 1]!.seq);
    }
    const tradeSentAt = new Map<number, bigint>();
    const tradeLatencies: number[] = [];
    nc.subscribe(names.subject(mdTradesSubject(market)), {
      callback: (_e, m) => {
        const at = process.hrtime.bigint();
        const { trades } = JSON.parse(decoder.decode(m.data)) as TradesMessage;
        for (const { t } of trades) {
          const sent = tradeSentAt.get(t);
          if (sent !== undefined) tradeLatencies.push(Number(at - sent) / 1e6);
        }
      },
    });
    await serviceTrace(sut.child.pid!); // starts the service's trace over
    const benchTrace = selfTrace();
    const cpuAtStart = cpuSeconds(sut.child.pid!);
    const started = performance.now();
    for (let i = 0; i < paced.length; i++) {
      const due = started + i * tickMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const now = process.hrtime.bigint();
      sentAt.set(paced[i]!.lastSeq, now);
      const lastTrade = lastTradeOf.get(paced[i]!.lastSeq);
      if (lastTrade !== undefined) tradeSentAt.set(lastTrade, now);
      nc.publish(subject, encoder.encode(JSON.stringify(paced[i])));
    }
    const sentEvents = paced.reduce((n, b) => n + b.events.length, 0);
    const achievedRate = sentEvents / ((performance.now() - started) / 1000);
    await within(done, 600_000, 'latency phase');
    for (let i = 0; i < 100 && tradeLatencies.length < tradeSentAt.size; i++)
      await new Promise((r) => setTimeout(r, 20));
    const latencyCpu = cpuSeconds(sut.child.pid!) - cpuAtStart;
    const latencyTrace = await serviceTrace(sut.child.pid!);
    const benchSelf = benchTrace.stop();
    // The slowest 2% of batches: how many had a GC pause of the service inside their span, and how long.
    const slowFrom = [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.98)]!;
    let slow = 0;
    let slowWithGc = 0;
    let slowGcMs = 0;
    if (latencyTrace) {
      for (const [from, to] of spans.values()) {
        if (to - from < slowFrom) continue;
        slow++;
        const overlapping = latencyTrace.gc.filter((g) => g.at < to && g.at + g.ms > from);
        if (overlapping.length > 0) slowWithGc++;
        slowGcMs += overlapping.reduce((n, g) => n + g.ms, 0);
      }
    }
    latencies.sort((a, b) => a - b);
    tradeLatencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        phase: 'latency',
        targetEventsPerSecond: rate,
        achievedEventsPerSecond: Math.round(achievedRate),
        batches: paced.length,
        eventsPerBatch: perTick,
        p50Ms: +percentile(latencies, 50).toFixed(2),
        p99Ms: +percentile(latencies, 99).toFixed(2),
        maxMs: +latencies[latencies.length - 1]!.toFixed(2),
        // Publish → the `trade.v2` message with the batch's last trade (after the commit and the Redis write).
        tradeBatches: tradeLatencies.length,
        tradeP50Ms: +percentile(tradeLatencies, 50).toFixed(2),
        tradeP99Ms: +percentile(tradeLatencies, 99).toFixed(2),
        tradeMaxMs: +tradeLatencies[tradeLatencies.length - 1]!.toFixed(2),
        serviceCpuSeconds: +latencyCpu.toFixed(2),
        cpuMicrosPerEvent: +((latencyCpu * 1e6) / sentEvents).toFixed(1),
        loadAverage: (await import('node:os')).loadavg().map((l) => +l.toFixed(2)),
        ...(latencyTrace
          ? {
              serviceLoopDelay: latencyTrace.loopDelay,
              serviceGc: gcSummary(latencyTrace),
              newSpaceMb: latencyTrace.newSpaceMb,
              slowestBatches: {
                fromMs: +slowFrom.toFixed(2),
                n: slow,
                withServiceGc: slowWithGc,
                gcMs: +slowGcMs.toFixed(1),
              },
              bench: benchSelf,
            }
          : {}),
      }),
    );

    // What a commit rewrites besides its own rows: the market's stored state (open candles, the taker queue); the
    // book's orders are rows of their own (md_book_order), written as they change.
    const state = await pg.query<{ bytes: number }>(
      'select length(state::text) as bytes from md_market_state where market = $1',
      [market],
    );
    const orders = await pg.query<{ n: string }>(
      'select count(*) as n from md_book_order where market = $1',
      [market],
    );
    await pg.end();
    console.log(
      JSON.stringify({
        phase: 'end',
        storedStateBytes: state.rows[0]?.bytes,
        trackedOrders: Number(orders.rows[0]?.n),
      }),
    );
  } finally {
    await sut.stop('SIGTERM');
    await admin.deleteAllWithPrefix();
    await nc.close();
    await deleteKeysWithPrefix(redis);
    await redis.quit();
    await dropDatabase(SERVER_URL, run);
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
