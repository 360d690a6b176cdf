import { Injectable } from '@nestjs/common';
import { type JetStreamClient } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { SpanKind } from '@opentelemetry/api';

import {
  contextFromTraceparent,
  injectTraceContext,
  InjectJetStream,
  inSpan,
  JetStreamAdmin,
  natsTracer,
  NatsNames,
} from '@exchange/shared-data-access-nats';

/** Publishes order commands to the JetStream CMD stream, deduplicated by `Nats-Msg-Id`. */
@Injectable()
export class CommandPublisherRepository {
  private ready?: Promise<unknown>;

  constructor(
    @InjectJetStream() private readonly js: JetStreamClient,
    private readonly admin: JetStreamAdmin,
    private readonly names: NatsNames,
  ) {}

  /** Makes sure the CMD stream exists (idempotent; matching declares it the same way). */
  ensureStream(): Promise<unknown> {
    this.ready ??= this.admin.ensureStream(STREAMS.CMD).catch((error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /**
   * Resolves once JetStream stored the message, or knew it already (a duplicate within the window). The
   * message continues the trace of `traceparent` (the request that queued it): a producer span, whose context
   * goes in the message's headers.
   */
  async publish(
    subject: string,
    payload: unknown,
    messageId: string,
    traceparent?: string,
  ): Promise<{ duplicate: boolean }> {
    await this.ensureStream();
    const span = natsTracer().startSpan(
      `${subject} publish`,
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject },
      },
      contextFromTraceparent(traceparent),
    );
    return inSpan(span, async () => {
      const ack = await this.js.publish(this.names.subject(subject), JSON.stringify(payload), {
        msgID: messageId,
        headers: injectTraceContext(),
      });
      return { duplicate: ack.duplicate };
    });
  }
}
