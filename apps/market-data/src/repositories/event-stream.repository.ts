import { Inject, Injectable } from '@nestjs/common';
import { type ConsumerMessages, type JetStreamClient, type MsgHdrs } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import {
  extractTraceContext,
  inSpan,
  JETSTREAM,
  JetStreamAdmin,
  NatsNames,
  startBatchSpan,
} from '@exchange/shared-data-access-nats';

/** One message from `evt.<market>`. */
export interface EventDelivery {
  readonly subject: string;
  readonly streamSeq: number;
  readonly data: Uint8Array;
  ack(): void;
  /** Asks for redelivery after `delayMs`. */
  nak(delayMs: number): void;
  /** Never redeliver (a message that can never be applied). */
  term(): void;
  /** The message's NATS headers (trace context), when it has any. */
  readonly headers?: MsgHdrs;
}

export interface EventSubscription {
  stop(): Promise<void>;
  /** Resolves when the handler loop has ended. */
  readonly done: Promise<void>;
}

/** The EVT stream (`evt.>`): stream set-up and the service's durable pull consumer, handled one message at a time. */
@Injectable()
export class EventStreamRepository {
  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    private readonly admin: JetStreamAdmin,
    private readonly names: NatsNames,
  ) {}

  async ensureStream(): Promise<void> {
    await this.admin.ensureStream({ name: STREAMS.EVT.name, subjects: STREAMS.EVT.subjects });
  }

  /** The stream's last sequence now (0 when empty). */
  async lastSeq(): Promise<number> {
    const jsm = await this.js.jetstreamManager();
    return (await jsm.streams.info(this.names.stream(STREAMS.EVT.name))).state.last_seq;
  }

  /**
   * Reads `evt.>` from the first message up to stream sequence `upTo` with an ordered (ephemeral, unacknowledged)
   * consumer, one message at a time; the durable consumer's position is not touched.
   */
  async replay(upTo: number, handle: (delivery: EventDelivery) => Promise<void>): Promise<void> {
    if (upTo === 0) return;
    const consumer = await this.js.consumers.get(this.names.stream(STREAMS.EVT.name), {
      filterSubjects: this.names.subject('evt.>'),
    });
    const messages = await consumer.consume({ max_messages: 1024 });
    const prefix = this.names.prefix ? `${this.names.prefix}.` : '';
    for await (const m of messages) {
      await handle({
        subject: m.subject.startsWith(prefix) ? m.subject.slice(prefix.length) : m.subject,
        streamSeq: m.seq,
        data: m.data,
        ack: () => undefined,
        nak: () => undefined,
        term: () => undefined,
      });
      if (m.seq >= upTo) break;
    }
    messages.stop();
  }

  /**
   * Consumes from the durable's position. `handle` gets the messages queued so far (at most `maxGroup`, at least
   * one), one group at a time, in stream order: a consumer that falls behind then catches up in larger groups.
   * The durable's `maxAckPending` bounds what is queued.
   */
  async consume(
    durableName: string,
    handle: (deliveries: EventDelivery[]) => Promise<void>,
    maxGroup = 256,
  ): Promise<EventSubscription> {
    await this.admin.ensureConsumer(STREAMS.EVT.name, {
      durableName,
      filterSubject: 'evt.>',
      maxAckPending: 1000,
    });
    const consumer = await this.js.consumers.get(this.names.stream(STREAMS.EVT.name), durableName);
    const messages: ConsumerMessages = await consumer.consume({ max_messages: 256 });
    const prefix = this.names.prefix ? `${this.names.prefix}.` : '';
    const queue: EventDelivery[] = [];
    let ended = false;
    let stopped = false;
    let wake: (() => void) | undefined;
    const received = (async () => {
      try {
        for await (const m of messages) {
          queue.push({
            subject: m.subject.startsWith(prefix) ? m.subject.slice(prefix.length) : m.subject,
            streamSeq: m.seq,
            data: m.data,
            ack: () => m.ack(),
            nak: (delayMs) => m.nak(delayMs),
            term: () => m.term(),
            ...(m.headers ? { headers: m.headers } : {}),
          });
          wake?.();
        }
      } finally {
        ended = true;
        wake?.();
      }
    })();
    const done = (async () => {
      while (!stopped) {
        if (queue.length === 0) {
          if (ended) break;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        // The consumer's iterator hands over one message per microtask: wait for the end of this I/O turn, so that a
        // group holds every message of the socket reads so far (one diff flush, one span, one pass per group)
        // instead of one message each while catching up. Costs nothing when messages come one at a time.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (stopped) break;
        const group = queue.splice(0, maxGroup);
        // One span per group handled: the child of the first message's trace, linked to the others.
        const span = startBatchSpan(
          'evt process',
          group.map((d) => extractTraceContext(d.headers)),
          { 'messaging.destination.name': 'evt.>', 'messaging.consumer.group.name': durableName },
        );
        await inSpan(span, () => handle(group));
      }
      await received;
    })();
    return {
      stop: async () => {
        // What is queued and not yet handled stays unacknowledged: JetStream delivers it again.
        stopped = true;
        messages.stop();
        wake?.();
        await done.catch(() => undefined);
      },
      done,
    };
  }
}
