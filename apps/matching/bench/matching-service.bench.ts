/**
 * Matching service throughput and latency through real JetStream: `npm run bench:matching-service --
 * [commands=200000] [rate=5000] [seconds=10] [batchMax=2000] [perMessage=100] [all|latency]`.
 *
 * 1. Sustained: publishes a seeded command stream to `cmd.<market>` (core publishes into the stream), then
 *    starts a MarketWriter and times it from the first command to the last event batch stored; once with one
 *    command per CMD message, once with `perMessage` commands per batch message.
 * 2. Latency: a writer runs while commands are published at a fixed rate, in ticks of 10 ms; each command's
 *    `ts` is its publish time in microseconds, and the bench subscribes to `evt.<market>` to time command →
 *    stored event. Once with one message per command, once with one batch message per tick (what a producer
 *    that groups its commands per flush would send).
 * Uses its own stream prefix and removes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

import { connect } from 'nats';

import { type MatchingCommand } from '@exchange/matching-domain';
import { evtSubject } from '@exchange/shared-contracts';
import { JetStreamAdmin, NATS_HOT_PATH_OPTIONS } from '@exchange/shared-data-access-nats';

import { MarketWriter } from '../src/matching/market-writer';
import { CommandStreamRepository } from '../src/repositories/command-stream.repository';
import { EventStreamRepository } from '../src/repositories/event-stream.repository';
import {
  commandMessage,
  eventually,
  MatchingTestBed,
  NATS_URL,
  seededCommands,
} from '../test/support/command-stream.fixture';

const [total = 200_000, rate = 5_000, seconds = 10, batchMax = 2_000, perMessage = 100] = process.argv
  .slice(2, 7)
  .map(Number);
/** `latency` skips the sustained phases. */
const phases = process.argv[7] ?? 'all';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function main(): Promise<void> {
  const bed = new MatchingTestBed(`b_matching_${process.pid}_${randomBytes(3).toString('hex')}`);
  await bed.open();
  const snapshots = await bed.snapshots(2);
  // The writer on a connection of its own, with the service's options (NatsModule), as in production where the
  // publisher and the readers of events are other processes.
  const nc = await connect({
    servers: NATS_URL,
    ...NATS_HOT_PATH_OPTIONS,
  });
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  const admin = new JetStreamAdmin(jsm, bed.names);
  const commands = () => new CommandStreamRepository(js, jsm, admin, bed.names);
  const events = () => new EventStreamRepository(nc, js, jsm, admin, bed.names);
  const writer = (market: string, probe?: Probe) =>
    new MarketWriter(
      { market, durableName: `matching-${market}`, batchMax, snapshotEvery: 100_000 },
      {
        commands: probe ? probe.commands(commands()) : commands(),
        events: probe ? probe.events(events()) : events(),
        snapshots,
        deadLetters: bed.deadLetters(),
        logger: bed.logger,
      },
    );
  try {
    // 1. Sustained throughput from a backlog.
    if (phases !== 'latency') {
      await sustained(bed, writer, 'BENCH-USDT', 1);
      await sustained(bed, writer, 'BATCH-USDT', perMessage);
    }

    // 2. Command → stored event latency at a fixed rate.
    await latency(bed, writer, 'LAT-USDT', false);
    await latency(bed, writer, 'LATB-USDT', true);
  } finally {
    await nc.close();
    await bed.close();
  }
}

type WriterFactory = (market: string, probe?: Probe) => MarketWriter;

const nowMs = (): number => performance.timeOrigin + performance.now();

/**
 * Where a command's time goes, per CMD message: publish → stored on CMD (server clock, same host) → handed to
 * the writer by the pull consumer → its batch's event append called (queue wait, parse, apply, serialise) →
 * append acknowledged (events stored). Taken by wrapping the writer's two repositories, plus GC pauses and
 * event-loop delay while the phase runs.
 */
class Probe {
  private readonly delivered = new Map<number, { storedAt: number; receivedAt: number }>();
  private readonly appends: { commandSeq: number; startedAt: number; storedAt: number }[] = [];
  private readonly gcPauses: { kind: number; ms: number }[] = [];
  private readonly gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      this.gcPauses.push({
        kind: (entry as { detail?: { kind?: number } }).detail?.kind ?? 0,
        ms: entry.duration,
      });
  });
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 1 });
  /** Publish times of the phase's CMD messages, in publish order (one publisher: stream order too). */
  readonly published: number[] = [];

  start(): void {
    this.gc.observe({ entryTypes: ['gc'] });
    this.loopDelay.enable();
  }

  commands(inner: CommandStreamRepository): CommandStreamRepository {
    const probe = Object.create(inner) as CommandStreamRepository;
    probe.subscribe = (options) =>
      inner.subscribe({
        ...options,
        onMessage: (delivery) => {
          this.delivered.set(delivery.streamSeq, { storedAt: delivery.storedAtMs, receivedAt: nowMs() });
          options.onMessage(delivery);
        },
      });
    return probe;
  }

  events(inner: EventStreamRepository): EventStreamRepository {
    const probe = Object.create(inner) as EventStreamRepository;
    probe.append = async (...args) => {
      const startedAt = nowMs();
      const seq = await inner.append(...args);
      this.appends.push({ commandSeq: args[0].commandSeq, startedAt, storedAt: nowMs() });
      return seq;
    };
    return probe;
  }

  /** p50 / p99 / max of each stage, in ms, over the phase's CMD messages. */
  report(): Record<string, string | number> {
    this.gc.disconnect();
    this.loopDelay.disable();
    const stages: Record<string, number[]> = { toCmd: [], delivery: [], beforeAppend: [], appendAck: [] };
    const seqs = [...this.delivered.keys()].sort((a, b) => a - b);
    let a = 0;
    seqs.forEach((seq, k) => {
      const d = this.delivered.get(seq)!;
      while (a < this.appends.length && this.appends[a]!.commandSeq < seq) a++;
      const append = this.appends[a];
      if (!append) return;
      const published = this.published[k];
      if (published !== undefined) stages.toCmd!.push(d.storedAt - published);
      stages.delivery!.push(d.receivedAt - d.storedAt);
      stages.beforeAppend!.push(append.startedAt - d.receivedAt);
      stages.appendAck!.push(append.storedAt - append.startedAt);
    });
    const out: Record<string, string | number> = { appends: this.appends.length };
    for (const [name, values] of Object.entries(stages)) out[name] = quantiles(values);
    // perf_hooks' kinds: 1 minor (scavenge), 4 major (mark-compact), 8 incremental marking, 16 weak callbacks.
    for (const [kind, name] of [
      [1, 'gcMinor'],
      [4, 'gcMajor'],
      [8, 'gcIncremental'],
    ] as const) {
      const pauses = this.gcPauses.filter((p) => p.kind === kind).map((p) => p.ms);
      out[name] =
        `${pauses.length} pauses, max ${Math.max(0, ...pauses).toFixed(1)} ms, total ${pauses.reduce((x, y) => x + y, 0).toFixed(0)} ms`;
    }
    out.eventLoopDelay = `p99 ${(this.loopDelay.percentile(99) / 1e6).toFixed(1)} max ${(this.loopDelay.max / 1e6).toFixed(1)}`;
    return out;
  }
}

/** "p50 / p99 / max" in ms. */
function quantiles(values: number[]): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2);
  return `${at(0.5)} / ${at(0.99)} / ${at(1)}`;
}

async function sustained(
  bed: MatchingTestBed,
  writer: WriterFactory,
  market: string,
  per: number,
): Promise<void> {
  const commands = seededCommands(42, total);
  const subject = bed.names.subject(`cmd.${market}`);
  const cmdStream = bed.names.stream('CMD');
  const before = (await bed.jsm.streams.info(cmdStream)).state.messages;
  // Core publishes into the stream subject (the stream stores them; no per-message ack), then wait until stored.
  let messages = 0;
  for (let i = 0; i < commands.length; i += per, messages++) {
    const payload =
      per === 1
        ? commandMessage(market, commands[i]!, `c${i}`)
        : { v: 1, market, batchId: `b${i}`, commands: commands.slice(i, i + per) };
    bed.nc.publish(subject, encoder.encode(JSON.stringify(payload)));
    if (messages % 5_000 === 4_999) await bed.nc.flush();
  }
  await bed.nc.flush();
  await eventually(
    async () => (await bed.jsm.streams.info(cmdStream)).state.messages >= before + messages,
    50,
  );
  const lastSeq = (await bed.jsm.streams.info(cmdStream)).state.last_seq;
  const sut = writer(market);
  await sut.recover();
  const started = process.hrtime.bigint();
  await sut.start();
  await eventually(() => sut.lastCommandSeq >= lastSeq, 5);
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  await sut.stop({ snapshot: false });
  const stored = (await bed.events().lastPosition(market))!;
  console.log(
    JSON.stringify({
      phase: 'sustained',
      commandsPerMessage: per,
      commands: total,
      seconds: +elapsedS.toFixed(3),
      commandsPerSecond: Math.round(total / elapsedS),
      events: stored.lastSeq,
      eventsPerSecond: Math.round(stored.lastSeq / elapsedS),
    }),
  );
}

async function latency(
  bed: MatchingTestBed,
  writer: WriterFactory,
  latencyMarket: string,
  batched: boolean,
): Promise<void> {
  {
    const probe = new Probe();
    const latencyWriter = writer(latencyMarket, probe);
    await latencyWriter.recover();
    await latencyWriter.start();
    const latencies: number[] = [];
    const seen = new Set<number>();
    const nowUs = () => Math.round(performance.timeOrigin * 1000 + performance.now() * 1000);
    const sub = bed.nc.subscribe(bed.names.subject(evtSubject(latencyMarket)), {
      callback: (_error, message) => {
        const at = nowUs();
        const batch = JSON.parse(decoder.decode(message.data)) as { events: { ts?: number }[] };
        for (const e of batch.events)
          if (e.ts !== undefined && !seen.has(e.ts)) {
            seen.add(e.ts);
            latencies.push(at - e.ts);
          }
      },
    });
    const stream = seededCommands(7, rate * seconds, 'l');
    const latencySubject = bed.names.subject(`cmd.${latencyMarket}`);
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    const start = Date.now();
    probe.start();
    let lastTs = 0;
    for (let i = 0; i < stream.length; i += perTick) {
      const due = start + (i / rate) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const tick: MatchingCommand[] = [];
      for (const c of stream.slice(i, i + perTick)) {
        let ts = nowUs();
        if (ts <= lastTs) ts = lastTs + 1; // unique per command, so each event maps back to one command
        lastTs = ts;
        tick.push({ ...c, ts } as MatchingCommand);
      }
      const payloads = batched
        ? [{ v: 1, market: latencyMarket, batchId: `l${i}`, commands: tick }]
        : tick.map((command, k) => commandMessage(latencyMarket, command, `l${i + k}`));
      for (const payload of payloads) {
        bed.nc.publish(latencySubject, encoder.encode(JSON.stringify(payload)));
        probe.published.push(nowMs());
      }
    }
    await bed.nc.flush();
    await eventually(() => seen.size >= stream.length, 20);
    sub.unsubscribe();
    await latencyWriter.stop({ snapshot: false });
    latencies.sort((a, b) => a - b);
    const q = (p: number) =>
      +(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! / 1000).toFixed(2);
    console.log(
      JSON.stringify({
        phase: 'latency',
        commandsPerMessage: batched ? perTick : 1,
        rate,
        commands: stream.length,
        achievedRate: Math.round(stream.length / ((Date.now() - start) / 1000)),
        p50Ms: q(0.5),
        p99Ms: q(0.99),
        p999Ms: q(0.999),
        maxMs: q(1),
      }),
    );
    console.log(JSON.stringify({ phase: 'latency stages (p50 / p99 / max ms)', ...probe.report() }));
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
