import { Inject, Injectable } from '@nestjs/common';
import { type Msg, type NatsConnection } from 'nats';

import {
  MATCHING_OPS_ERRORS,
  type MatchingSnapshotReply,
  type MatchingSnapshotRequest,
  matchingSnapshotRequestSchema,
  matchingSnapshotSubject,
} from '@exchange/shared-contracts';
import { NATS_CONNECTION, NatsNames } from '@exchange/shared-data-access-nats';

export interface SnapshotRequestListener {
  readonly subject: string;
  /** Unsubscribes after the requests being answered are answered. */
  stop(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Operators' snapshot requests on `matching.cmd.snapshot.v1.<shard>` (under the run prefix): a plain core NATS
 * subscription, no queue group, opened only by the pod that writes the shard, so that a standby or another shard
 * never answers and a shard without a leader has no responder. Each request is checked against the contract
 * before `answer` sees it; the reply is JSON on the request's inbox.
 */
@Injectable()
export class SnapshotRequestRepository {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  subject(shard: string): string {
    return this.names.subject(matchingSnapshotSubject(shard));
  }

  /** Subscribes and resolves once the server has the subscription (a request sent after that reaches it). */
  async listen(
    shard: string,
    answer: (request: MatchingSnapshotRequest) => Promise<MatchingSnapshotReply>,
  ): Promise<SnapshotRequestListener> {
    const subject = this.subject(shard);
    const inFlight = new Set<Promise<void>>();
    const subscription = this.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return;
        const handled = this.handle(msg, answer).finally(() => inFlight.delete(handled));
        inFlight.add(handled);
      },
    });
    // The SUB goes out asynchronously; the round trip makes sure the server routes requests here from now on.
    await this.nc.flush();
    return {
      subject,
      stop: async () => {
        subscription.unsubscribe();
        await Promise.all([...inFlight]);
      },
    };
  }

  private async handle(
    msg: Msg,
    answer: (request: MatchingSnapshotRequest) => Promise<MatchingSnapshotReply>,
  ): Promise<void> {
    let reply: MatchingSnapshotReply;
    const parsed = parseRequest(msg.data);
    if ('msg' in parsed) {
      reply = { v: 1, ok: false, code: MATCHING_OPS_ERRORS.VALIDATION_FAILED, msg: parsed.msg };
    } else {
      try {
        reply = await answer(parsed.request);
      } catch (error) {
        reply = {
          v: 1,
          ok: false,
          requestId: parsed.request.requestId,
          code: MATCHING_OPS_ERRORS.SNAPSHOT_NOT_STORED,
          msg: (error as Error).message,
        };
      }
    }
    if (msg.reply) msg.respond(encoder.encode(JSON.stringify(reply)));
  }
}

function parseRequest(data: Uint8Array): { request: MatchingSnapshotRequest } | { msg: string } {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch {
    return { msg: 'the request is not JSON' };
  }
  const parsed = matchingSnapshotRequestSchema.safeParse(json);
  if (parsed.success) return { request: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    msg: `invalid ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'rejected by the contract'}`,
  };
}
