import { Inject, Injectable } from '@nestjs/common';
import { headers, type JetStreamClient } from 'nats';

import { cmdSubject, DEAD_LETTER_HEADERS, dlqCmdSubject, STREAMS } from '@exchange/shared-contracts';
import { JETSTREAM, JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';

/** Parked commands are kept this long for someone to look at them. */
const RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * The `DLQ` stream: a command of `cmd.<market>` that matching cannot read is parked on `dlq.cmd.<market>`
 * with its bytes unchanged and the reason in headers, before the command is acknowledged; the market goes on.
 */
@Injectable()
export class DeadLetterRepository {
  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    private readonly admin: JetStreamAdmin,
    private readonly names: NatsNames,
  ) {}

  async ensureStream(): Promise<void> {
    await this.admin.ensureStream({
      name: STREAMS.DLQ.name,
      subjects: STREAMS.DLQ.subjects,
      maxAgeMs: RETENTION_MS,
    });
  }

  /** Parks one command; `Nats-Msg-Id` is its CMD sequence, so parking it again after a crash stores it once. */
  async park(
    market: string,
    command: { streamSeq: number; data: Uint8Array },
    reason: string,
  ): Promise<void> {
    const h = headers();
    h.set(DEAD_LETTER_HEADERS.reason, reason.slice(0, 1_000));
    h.set(DEAD_LETTER_HEADERS.sourceSubject, this.names.subject(cmdSubject(market)));
    h.set(DEAD_LETTER_HEADERS.sourceSeq, String(command.streamSeq));
    await this.js.publish(this.names.subject(dlqCmdSubject(market)), command.data, {
      headers: h,
      msgID: `${market}:cmd:${command.streamSeq}`,
    });
  }
}
