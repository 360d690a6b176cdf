import { Injectable } from '@nestjs/common';
import { type JetStreamClient } from 'nats';

import { STREAMS } from '@exchange/shared-contracts';
import { InjectJetStream, JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';

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

  /** Resolves once JetStream stored the message, or knew it already (a duplicate within the window). */
  async publish(subject: string, payload: unknown, messageId: string): Promise<{ duplicate: boolean }> {
    await this.ensureStream();
    const ack = await this.js.publish(this.names.subject(subject), JSON.stringify(payload), {
      msgID: messageId,
    });
    return { duplicate: ack.duplicate };
  }
}
