import { Inject, Injectable } from '@nestjs/common';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';

import { cmdSubject, STREAMS } from '@exchange/shared-contracts';
import {
  extractTraceContext,
  JETSTREAM,
  JETSTREAM_MANAGER,
  JetStreamAdmin,
  NatsNames,
} from '@exchange/shared-data-access-nats';

import { commandTraces } from './command-traces';

/** One command as delivered from `cmd.<market>`: its CMD stream sequence and raw payload. */
export interface CommandDelivery {
  readonly streamSeq: number;
  readonly data: Uint8Array;
  /** When the CMD stream stored it (ms since the epoch). */
  readonly storedAtMs: number;
  /** Commands of the market still waiting behind this one when it was delivered (the consumer's lag). */
  readonly pending: number;
  /** Acknowledges this delivery and, the consumer acking all, every one before it. */
  ack(): void;
}

export interface CommandSubscription {
  stop(): Promise<void>;
  /** Resolves when the consumer ends (stopped, deleted, or the connection closed). */
  readonly closed: Promise<void>;
}

export interface SubscribeOptions {
  market: string;
  durableName: string;
  /** First CMD stream sequence to deliver. */
  startSeq: number;
  /** Messages the client asks for at a time (and the server lets it hold unacknowledged). */
  maxMessages: number;
  onMessage: (delivery: CommandDelivery) => void;
}

const NANOS_PER_MS = 1_000_000;

/** The CMD stream (`cmd.<market>`): stream set-up, and a durable pull consumer per market. */
@Injectable()
export class CommandStreamRepository {
  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    private readonly admin: JetStreamAdmin,
    private readonly names: NatsNames,
  ) {}

  async ensureStream(): Promise<void> {
    await this.admin.ensureStream({ name: STREAMS.CMD.name, subjects: STREAMS.CMD.subjects });
  }

  /**
   * (Re)creates the market's durable pull consumer so that it starts exactly at `startSeq`, and pulls from
   * it. Recreating it matters after a crash: what the dead process had been delivered and not acknowledged
   * would otherwise come back only after the ack wait, behind later commands, out of order. The consumer
   * acks all (one ack per batch), since one writer consumes a market in order.
   */
  async subscribe(options: SubscribeOptions): Promise<CommandSubscription> {
    const stream = this.names.stream(STREAMS.CMD.name);
    try {
      await this.jsm.consumers.delete(stream, options.durableName);
    } catch (error) {
      if (!/not found/i.test(String((error as Error).message))) throw error;
    }
    await this.jsm.consumers.add(stream, {
      durable_name: options.durableName,
      ack_policy: AckPolicy.All,
      deliver_policy: options.startSeq > 1 ? DeliverPolicy.StartSequence : DeliverPolicy.All,
      ...(options.startSeq > 1 ? { opt_start_seq: options.startSeq } : {}),
      filter_subject: this.names.subject(cmdSubject(options.market)),
      max_ack_pending: Math.max(options.maxMessages * 4, 10_000),
      ack_wait: 60_000 * NANOS_PER_MS,
    });
    const consumer = await this.js.consumers.get(stream, options.durableName);
    // Each command's trace context waits for the event message that completes it (EventStreamRepository).
    const traces = commandTraces(this.names);
    traces.reset(options.market);
    const messages: ConsumerMessages = await consumer.consume({
      max_messages: options.maxMessages,
      // A deleted consumer or stream ends the subscription (the writer then recovers) instead of retrying silently.
      abort_on_missing_resource: true,
      callback: (message: JsMsg) => {
        if (message.headers?.has('traceparent'))
          traces.add(options.market, message.seq, extractTraceContext(message.headers));
        options.onMessage({
          streamSeq: message.seq,
          data: message.data,
          storedAtMs: message.info.timestampNanos / NANOS_PER_MS,
          pending: message.info.pending,
          ack: () => message.ack(),
        });
      },
    });
    return {
      stop: async () => {
        messages.stop();
        await messages.closed().catch(() => undefined);
      },
      closed: messages.closed().then(
        () => undefined,
        () => undefined,
      ),
    };
  }

  /**
   * Reads `cmd.<market>` from `startSeq` on, through an ordered (ephemeral, unacknowledged) consumer: what a
   * standby follows to keep its book warm. It takes nothing from the writer's durable consumer.
   */
  async follow(options: Omit<SubscribeOptions, 'durableName'>): Promise<CommandSubscription> {
    // One filter as a string: a list makes the client ask for `filter_subjects`, which NATS 2.9 does not know.
    const consumer = await this.js.consumers.get(this.names.stream(STREAMS.CMD.name), {
      filterSubjects: this.names.subject(cmdSubject(options.market)),
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(1, options.startSeq),
    });
    const messages = await consumer.consume({
      max_messages: options.maxMessages,
      callback: (message: JsMsg) =>
        options.onMessage({
          streamSeq: message.seq,
          data: message.data,
          storedAtMs: message.info.timestampNanos / NANOS_PER_MS,
          pending: message.info.pending,
          ack: () => undefined,
        }),
    });
    return {
      stop: async () => {
        messages.stop();
        await messages.closed().catch(() => undefined);
      },
      closed: messages.closed().then(
        () => undefined,
        () => undefined,
      ),
    };
  }

  /** Commands the durable consumer has not delivered yet (its `num_pending`). */
  async pending(durableName: string): Promise<number> {
    return (await this.jsm.consumers.info(this.names.stream(STREAMS.CMD.name), durableName)).num_pending;
  }

  async deleteConsumer(durableName: string): Promise<void> {
    await this.jsm.consumers.delete(this.names.stream(STREAMS.CMD.name), durableName).catch(() => undefined);
  }
}
