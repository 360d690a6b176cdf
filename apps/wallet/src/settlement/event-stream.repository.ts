import { Injectable } from '@nestjs/common';
import { type Consumer, type JetStreamClient, type JsMsg } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { InjectJetStream, JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';

export const SETTLEMENT_CONSUMER = 'wallet-settlement';

/** The EVT stream as the wallet reads it: one durable pull consumer over `evt.>`. */
@Injectable()
export class EventStreamRepository {
  private consumer?: Consumer;

  constructor(
    @InjectJetStream() private readonly js: JetStreamClient,
    private readonly admin: JetStreamAdmin,
    private readonly names: NatsNames,
  ) {}

  async open(): Promise<void> {
    await this.admin.ensureStream(STREAMS.EVT);
    await this.admin.ensureConsumer(STREAMS.EVT.name, {
      durableName: SETTLEMENT_CONSUMER,
      filterSubject: 'evt.>',
      ackWaitMs: 60_000,
    });
    this.consumer = await this.js.consumers.get(this.names.stream(STREAMS.EVT.name), SETTLEMENT_CONSUMER);
  }

  /** Up to `max` messages, waiting at most `expiresMs` for the first. */
  async fetch(max: number, expiresMs: number): Promise<JsMsg[]> {
    const batch = await this.consumer!.fetch({ max_messages: max, expires: expiresMs });
    const messages: JsMsg[] = [];
    for await (const m of batch) messages.push(m);
    return messages;
  }
}
