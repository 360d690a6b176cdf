import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { type Logger } from 'pino';

import {
  EventCollector,
  type MatchingCommand,
  type MatchingEvent,
  OrderBook,
} from '@exchange/matching-domain';
import {
  cmdSubject,
  dlqCmdSubject,
  evtSubject,
  type MatchingCommandBatchMessage,
  type MatchingCommandMessage,
  type MatchingEventBatch,
  matchingEventBatchSchema,
  STREAMS,
} from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createLogger } from '@exchange/shared-util-logging';

import { CommandStreamRepository } from '../../src/repositories/command-stream.repository';
import { DeadLetterRepository } from '../../src/repositories/dead-letter.repository';
import { EventStreamRepository } from '../../src/repositories/event-stream.repository';
import { SnapshotRepository } from '../../src/repositories/snapshot.repository';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A seeded stream of engine commands: limits around a drifting mid, IOCs, markets, cancels, amends. */
export function seededCommands(seed: number, count: number, prefix = 'o'): MatchingCommand[] {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const pick = (n: number) => Math.floor(rand() * n);
  const commands: MatchingCommand[] = [];
  const live: { orderId: string; userId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const ts = i + 1;
    const userId = `u${pick(20)}`;
    const roll = rand();
    if (roll < 0.15 && live.length > 0) {
      const [o] = live.splice(pick(live.length), 1);
      commands.push({ type: 'cancel', orderId: o!.orderId, userId: o!.userId, ts });
    } else if (roll < 0.2 && live.length > 0) {
      const o = live[pick(live.length)]!;
      commands.push({ type: 'amend', orderId: o.orderId, userId: o.userId, quantity: 1 + pick(9), ts });
    } else if (roll < 0.25) {
      commands.push({
        type: 'place',
        orderId: `${prefix}${i}`,
        userId,
        side: rand() < 0.5 ? 'BUY' : 'SELL',
        orderType: 'MARKET',
        quantity: 1 + pick(5),
        ts,
      });
    } else {
      const side = rand() < 0.5 ? 'BUY' : 'SELL';
      const price =
        1000 + (side === 'BUY' ? -pick(12) : pick(12)) + (rand() < 0.3 ? (side === 'BUY' ? 4 : -4) : 0);
      const orderId = `${prefix}${i}`;
      commands.push({
        type: 'place',
        orderId,
        userId,
        side,
        orderType: 'LIMIT',
        timeInForce: rand() < 0.85 ? 'GTC' : 'IOC',
        price,
        quantity: 1 + pick(10),
        stp: rand() < 0.1 ? 'EXPIRE_TAKER' : 'NONE',
        ts,
      });
      live.push({ orderId, userId });
    }
  }
  return commands;
}

/** What an uninterrupted in-memory run of the same commands gives: the events and the final state hash. */
export function referenceRun(commands: readonly MatchingCommand[]): {
  events: MatchingEvent[];
  stateHash: string;
} {
  const collector = new EventCollector();
  const book = new OrderBook({ sink: collector.sink });
  for (const command of commands) book.apply(command);
  return { events: collector.take(), stateHash: book.stateHash() };
}

export function commandMessage(
  market: string,
  command: MatchingCommand,
  commandId: string,
): MatchingCommandMessage {
  return { v: 1, market, commandId, command: command as MatchingCommandMessage['command'] };
}

/** One test file's NATS world: a run prefix, the repositories, and helpers to publish commands and read events. */
export class MatchingTestBed {
  readonly logs: Record<string, unknown>[] = [];
  readonly logger: Logger;
  names!: NatsNames;
  nc!: NatsConnection;
  js!: JetStreamClient;
  jsm!: JetStreamManager;
  admin!: JetStreamAdmin;

  constructor(readonly prefix: string) {
    this.logger = createLogger({
      service: 'matching',
      level: 'info',
      destination: { write: (line: string) => void this.logs.push(JSON.parse(line)) },
    });
  }

  async open(): Promise<void> {
    this.nc = await connect({ servers: NATS_URL, name: this.prefix });
    this.js = this.nc.jetstream();
    this.jsm = await this.nc.jetstreamManager();
    this.names = new NatsNames(this.prefix);
    this.admin = new JetStreamAdmin(this.jsm, this.names);
    await this.commands().ensureStream();
    await this.events().ensureStream();
    await this.deadLetters().ensureStream();
  }

  deadLetters(): DeadLetterRepository {
    return new DeadLetterRepository(this.js, this.admin, this.names);
  }

  /** Every command parked on `dlq.cmd.<market>`: its bytes as text and its headers. */
  async parked(market: string): Promise<{ data: string; headers: Record<string, string> }[]> {
    const stream = this.names.stream(STREAMS.DLQ.name);
    const subject = this.names.subject(dlqCmdSubject(market));
    const out: { data: string; headers: Record<string, string> }[] = [];
    const info = await this.jsm.streams.info(stream);
    for (let seq = info.state.first_seq; seq > 0 && seq <= info.state.last_seq; seq++) {
      const message = await this.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!message || message.subject !== subject) continue;
      const headers: Record<string, string> = {};
      for (const [key, values] of message.header ?? []) headers[key] = values[0]!;
      out.push({ data: decoder.decode(message.data), headers });
    }
    return out;
  }

  commands(): CommandStreamRepository {
    return new CommandStreamRepository(this.js, this.jsm, this.admin, this.names);
  }

  events(): EventStreamRepository {
    return new EventStreamRepository(this.nc, this.js, this.jsm, this.admin, this.names);
  }

  async snapshots(history = 5): Promise<SnapshotRepository> {
    const repository = new SnapshotRepository(this.js, this.names);
    await repository.open(history);
    return repository;
  }

  /** Publishes raw payloads to `cmd.<market>`, awaiting acks in windows; returns the last stream sequence. */
  async publishRaw(market: string, payloads: readonly (string | Uint8Array)[]): Promise<number> {
    const subject = this.names.subject(cmdSubject(market));
    let last = 0;
    for (let i = 0; i < payloads.length; i += 500) {
      const acks = await Promise.all(
        payloads
          .slice(i, i + 500)
          .map((p) => this.js.publish(subject, typeof p === 'string' ? encoder.encode(p) : p)),
      );
      last = acks[acks.length - 1]!.seq;
    }
    return last;
  }

  publishCommands(market: string, commands: readonly MatchingCommand[], from = 0): Promise<number> {
    return this.publishRaw(
      market,
      commands.map((c, i) => JSON.stringify(commandMessage(market, c, `${market}-${from + i}`))),
    );
  }

  /**
   * Publishes the commands as batch messages (`commands: [...]`) of the given sizes, cycling through them;
   * returns the last stream sequence.
   */
  publishCommandBatches(
    market: string,
    commands: readonly MatchingCommand[],
    from = 0,
    sizes: readonly number[] = [1, 7, 17, 25],
  ): Promise<number> {
    const payloads: string[] = [];
    for (let i = 0, k = 0; i < commands.length; k++) {
      const batch = commands.slice(i, i + sizes[k % sizes.length]!);
      const message: MatchingCommandBatchMessage = {
        v: 1,
        market,
        batchId: `${market}-b${from + i}`,
        commands: batch as MatchingCommandBatchMessage['commands'],
      };
      payloads.push(JSON.stringify(message));
      i += batch.length;
    }
    return this.publishRaw(market, payloads);
  }

  /** Every message on `evt.<market>`, in stream order, validated against the contract. */
  async eventMessages(
    market: string,
  ): Promise<{ streamSeq: number; msgId?: string; batch: MatchingEventBatch }[]> {
    const stream = this.names.stream(STREAMS.EVT.name);
    const subject = this.names.subject(evtSubject(market));
    const out: { streamSeq: number; msgId?: string; batch: MatchingEventBatch }[] = [];
    const last = await this.events().lastPosition(market);
    if (!last) return out;
    const consumer = await this.js.consumers.get(stream, { filterSubjects: subject });
    while (out.length === 0 || out[out.length - 1]!.streamSeq < last.streamSeq) {
      const messages = await consumer.fetch({ max_messages: 1000, expires: 2000 });
      for await (const message of messages) {
        out.push({
          streamSeq: message.seq,
          msgId: message.headers?.get('Nats-Msg-Id'),
          batch: matchingEventBatchSchema.parse(JSON.parse(decoder.decode(message.data))),
        });
        if (message.seq >= last.streamSeq) break;
      }
    }
    return out;
  }

  async allEvents(market: string): Promise<MatchingEvent[]> {
    return (await this.eventMessages(market)).flatMap((m) => m.batch.events as MatchingEvent[]);
  }

  async close(): Promise<void> {
    await this.admin.deleteAllWithPrefix(); // CMD, EVT, and matching's snapshot and lease buckets
    await this.nc.close();
  }
}

/** Polls until the predicate holds; the test's own timeout bounds the wait. */
export async function eventually(predicate: () => boolean | Promise<boolean>, pollMs = 50): Promise<void> {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, pollMs));
}
