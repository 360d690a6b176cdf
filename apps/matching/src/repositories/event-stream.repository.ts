import { Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { headers, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';

import { evtSubject, type MatchingEventBatch, STREAMS } from '@exchange/shared-contracts';
import {
  injectTraceContext,
  inSpan,
  JETSTREAM,
  JETSTREAM_MANAGER,
  JetStreamAdmin,
  NATS_CONNECTION,
  NatsNames,
  startBatchSpan,
} from '@exchange/shared-data-access-nats';

import { EventStreamFencedError } from '../matching/errors/event-stream-fenced.error';
import { commandTraces } from './command-traces';

/** Header carrying the book's `stateHash()` after the last event of the message (on the batches before a snapshot). */
export const STATE_HASH_HEADER = 'Matching-State-Hash';

/** What the last message stored on `evt.<market>` says. */
/** One event message's bounds; its events go as JSON texts, already serialised (see `append`). */
export type EventBatchBounds = Pick<MatchingEventBatch, 'market' | 'firstSeq' | 'lastSeq' | 'commandSeq'>;

/** Bytes an event message may take beside its events: the envelope and headers. */
export const EVENT_MESSAGE_OVERHEAD = 512;

export interface StoredEventPosition {
  /** EVT stream sequence of that message: the next append expects it as the subject's last sequence. */
  streamSeq: number;
  /** The last engine event sequence stored. */
  lastSeq: number;
  /** The last CMD stream sequence whose events are complete. */
  commandSeq: number;
  /** The book's state hash after `lastSeq`, when the writer stored it. */
  stateHash?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The EVT stream (`evt.<market>`): stream set-up, the last stored position, fenced appends. */
@Injectable()
export class EventStreamRepository {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    private readonly admin: JetStreamAdmin,
    private readonly names: NatsNames,
  ) {}

  async ensureStream(): Promise<void> {
    await this.admin.ensureStream({ name: STREAMS.EVT.name, subjects: STREAMS.EVT.subjects });
  }

  /** The largest message the server takes (its `max_payload`). */
  maxPayload(): number {
    return this.nc.info?.max_payload ?? 1024 * 1024;
  }

  async lastPosition(market: string): Promise<StoredEventPosition | null> {
    let stored;
    try {
      stored = await this.jsm.streams.getMessage(this.names.stream(STREAMS.EVT.name), {
        last_by_subj: this.names.subject(evtSubject(market)),
      });
    } catch (error) {
      if (/no message found|not found/i.test(String((error as Error).message))) return null;
      throw error;
    }
    const batch = JSON.parse(decoder.decode(stored.data)) as Pick<
      MatchingEventBatch,
      'lastSeq' | 'commandSeq'
    >;
    const hash = stored.header?.get(STATE_HASH_HEADER);
    return {
      streamSeq: stored.seq,
      lastSeq: batch.lastSeq,
      commandSeq: batch.commandSeq,
      ...(hash ? { stateHash: hash } : {}),
    };
  }

  /**
   * Appends one batch (a `matchingEventBatchSchema` message), fenced: the server refuses it unless the
   * subject's last stored message is still `expectedLastSubjectSeq` (another writer has appended since) and
   * drops it as a duplicate of a message with the same id (`<market>:<firstSeq>`); both throw
   * `EventStreamFencedError`. `events` are the events' JSON texts, in sequence. Resolves with the new
   * message's stream sequence once it is stored.
   */
  async append(
    batch: EventBatchBounds,
    events: readonly string[],
    expectedLastSubjectSeq: number,
    stateHash?: string,
  ): Promise<number> {
    // One span per event message (not per command): the child of its first traced command, linked to the others;
    // its context travels in the message's headers to settlement and market data.
    const span = startBatchSpan(
      `${evtSubject(batch.market)} publish`,
      commandTraces(this.names).take(batch.market, batch.commandSeq),
      {
        'messaging.destination.name': evtSubject(batch.market),
        'matching.market': batch.market,
        'matching.first_seq': batch.firstSeq,
        'matching.last_seq': batch.lastSeq,
        'matching.command_seq': batch.commandSeq,
      },
      SpanKind.PRODUCER,
    );
    return inSpan(span, () => this.store(batch, events, expectedLastSubjectSeq, stateHash));
  }

  private async store(
    batch: EventBatchBounds,
    events: readonly string[],
    expectedLastSubjectSeq: number,
    stateHash?: string,
  ): Promise<number> {
    const h = injectTraceContext(headers())!;
    if (stateHash !== undefined) h.set(STATE_HASH_HEADER, stateHash);
    const payload =
      `{"v":1,"market":${JSON.stringify(batch.market)},"firstSeq":${batch.firstSeq},"lastSeq":${batch.lastSeq},` +
      `"commandSeq":${batch.commandSeq},"events":[${events.join(',')}]}`;
    let ack;
    try {
      ack = await this.js.publish(this.names.subject(evtSubject(batch.market)), encoder.encode(payload), {
        msgID: `${batch.market}:${batch.firstSeq}`,
        expect: { lastSubjectSequence: expectedLastSubjectSeq },
        headers: h,
      });
    } catch (error) {
      if (/wrong last sequence/i.test(String((error as Error).message)))
        throw new EventStreamFencedError(batch.market, expectedLastSubjectSeq, (error as Error).message);
      throw error;
    }
    if (ack.duplicate)
      throw new EventStreamFencedError(
        batch.market,
        expectedLastSubjectSeq,
        `message id ${batch.market}:${batch.firstSeq} was already stored at ${ack.seq}`,
      );
    return ack.seq;
  }
}
