import { Injectable } from '@nestjs/common';
import { type ConsumerMessages, type JetStreamClient, type JsMsg } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { InjectJetStream, JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';

export const SETTLEMENT_CONSUMER = 'wallet-settlement';

/**
 * The EVT stream as the wallet reads it: one durable pull consumer over `evt.>`, consumed continuously
 * into a local queue so that the settler can take whatever has arrived as one batch (low latency when
 * idle, large batches under load).
 */
@Injectable()
export class EventStreamRepository {
  private messages?: ConsumerMessages;
  private readonly queue: JsMsg[] = [];
  private wake?: () => void;

  constructor(
    @InjectJetStream() private readonly js: JetStreamClient,
    private readonly admin: JetStreamAdmin,
    private readonly names: NatsNames,
  ) {}

  async open(prefetch: number, ackWaitMs: number): Promise<void> {
    await this.admin.ensureStream(STREAMS.EVT);
    await this.admin.ensureConsumer(STREAMS.EVT.name, {
      durableName: SETTLEMENT_CONSUMER,
      filterSubject: 'evt.>',
      ackWaitMs,
    });
    const consumer = await this.js.consumers.get(this.names.stream(STREAMS.EVT.name), SETTLEMENT_CONSUMER);
    this.messages = await consumer.consume({ max_messages: prefetch });
    void this.pump(this.messages);
  }

  /** Up to `max` messages that have arrived, waiting at most `timeoutMs` when none has. */
  async take(max: number, timeoutMs: number): Promise<JsMsg[]> {
    if (this.queue.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.queue.splice(0, max);
  }

  async close(): Promise<void> {
    await this.messages?.close();
    this.wake?.();
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      this.queue.push(message);
      this.wake?.();
    }
  }
}
