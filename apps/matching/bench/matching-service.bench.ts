/**
 * Matching service throughput and latency through real JetStream: `npm run bench:matching-service --
 * [commands=200000] [rate=5000] [seconds=10] [batchMax=2000] [perMessage=100]`.
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

import { type MatchingCommand } from '@exchange/matching-domain';
import { evtSubject } from '@exchange/shared-contracts';

import { MarketWriter } from '../src/matching/market-writer';
import {
  commandMessage,
  eventually,
  MatchingTestBed,
  seededCommands,
} from '../test/support/command-stream.fixture';

const [total = 200_000, rate = 5_000, seconds = 10, batchMax = 2_000, perMessage = 100] = process.argv
  .slice(2)
  .map(Number);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function main(): Promise<void> {
  const bed = new MatchingTestBed(`b_matching_${process.pid}_${randomBytes(3).toString('hex')}`);
  await bed.open();
  const snapshots = await bed.snapshots(2);
  const writer = (market: string) =>
    new MarketWriter(
      { market, durableName: `matching-${market}`, batchMax, snapshotEvery: 100_000 },
      {
        commands: bed.commands(),
        events: bed.events(),
        snapshots,
        deadLetters: bed.deadLetters(),
        logger: bed.logger,
      },
    );
  try {
    // 1. Sustained throughput from a backlog.
    await sustained(bed, writer, 'BENCH-USDT', 1);
    await sustained(bed, writer, 'BATCH-USDT', perMessage);

    // 2. Command → stored event latency at a fixed rate.
    await latency(bed, writer, 'LAT-USDT', false);
    await latency(bed, writer, 'LATB-USDT', true);
  } finally {
    await bed.close();
  }
}

type WriterFactory = (market: string) => MarketWriter;

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
    const latencyWriter = writer(latencyMarket);
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
      for (const payload of payloads) bed.nc.publish(latencySubject, encoder.encode(JSON.stringify(payload)));
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
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
