import { Injectable } from '@nestjs/common';
import { type NatsConnection } from 'nats';

import { type OrderExecutionUpdate, orderExecutionJson, userOrderSubject } from '@exchange/shared-contracts';
import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

/** NATS's default `max_payload`, for a connection that has not seen the server's INFO (never on a live one). */
const DEFAULT_MAX_PAYLOAD = 1_048_576;

/**
 * UTF-16 units of JSON per message (about 50 executions). Measured with nats.js 2.29 on this machine: messages of
 * 16–128 K cost about half the CPU per execution of one message per execution; messages of a third of the default
 * payload limit (~350 K) cost more than that (joining and copying strings that size, which V8 keeps outside its
 * young generation).
 */
const MESSAGE_BUDGET = 32_768;

/** What a message that more of the same settlement's executions follow ends with (`continued`). */
const CONTINUED = ',"continued":true';

/**
 * A user's executions, in order, as the JSON of version 2 `user.<id>.order` messages (`orderUpdateBatchSchema`), each
 * within `budget` UTF-16 units (an execution longer than that alone still gets a message of its own); every message
 * but the last says `continued`. Each execution is serialised once (`orderExecutionJson`) and the messages are joined
 * from those strings; a message is yielded as soon as it is full, so only one message's executions are held at a time.
 */
export function* packOrderUpdates(
  userId: string,
  executions: Iterable<OrderExecutionUpdate>,
  budget: number,
): Generator<string> {
  const head = `{"v":2,"userId":${JSON.stringify(userId)},"executions":[`;
  let parts: string[] = [];
  let size = head.length + 2;
  for (const execution of executions) {
    const json = orderExecutionJson(execution);
    if (parts.length > 0 && size + json.length + 1 + CONTINUED.length > budget) {
      yield `${head}${parts.join(',')}]${CONTINUED}}`;
      parts = [];
      size = head.length + 2;
    }
    parts.push(json);
    size += json.length + 1;
  }
  if (parts.length > 0) yield `${head}${parts.join(',')}]}`;
}

/** Publishes `user.<id>.order` facts on core NATS (with the run prefix). */
@Injectable()
export class OrderEventsRepository {
  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  /**
   * The user's executions, in order, in version 2 messages of up to `MESSAGE_BUDGET` (and a third of the server's
   * payload limit in UTF-16 units, which cannot exceed it in UTF-8 bytes): one per user and settlement unless the
   * settlement gave the user more than about 50 executions.
   */
  publishBatch(userId: string, executions: Iterable<OrderExecutionUpdate>): void {
    const subject = this.names.subject(userOrderSubject(userId));
    const limit = Math.floor((this.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD) / 3);
    const budget = Math.min(MESSAGE_BUDGET, limit);
    for (const message of packOrderUpdates(userId, executions, budget)) this.nc.publish(subject, message);
  }
}
