import { Injectable } from '@nestjs/common';
import { type NatsConnection } from 'nats';

import { type OrderExecutionUpdate, userOrderSubject } from '@exchange/shared-contracts';
import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

/** NATS's default `max_payload`, for a connection that has not seen the server's INFO (never on a live one). */
const DEFAULT_MAX_PAYLOAD = 1_048_576;

/**
 * A user's executions, in order, as the JSON of version 2 `user.<id>.order` messages (`orderUpdateBatchSchema`): one,
 * or as many as it takes to keep each within `budget` UTF-16 units (an execution longer than that alone still gets a
 * message of its own). Each execution is serialised once and the messages are joined from those strings.
 */
export function packOrderUpdates(
  userId: string,
  executions: readonly OrderExecutionUpdate[],
  budget: number,
): string[] {
  const head = `{"v":2,"userId":${JSON.stringify(userId)},"executions":[`;
  const messages: string[] = [];
  let parts: string[] = [];
  let size = head.length + 2;
  for (const execution of executions) {
    const json = JSON.stringify(execution);
    if (parts.length > 0 && size + json.length + 1 > budget) {
      messages.push(`${head}${parts.join(',')}]}`);
      parts = [];
      size = head.length + 2;
    }
    parts.push(json);
    size += json.length + 1;
  }
  if (parts.length > 0) messages.push(`${head}${parts.join(',')}]}`);
  return messages;
}

/** Publishes `user.<id>.order` facts on core NATS (with the run prefix). */
@Injectable()
export class OrderEventsRepository {
  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  /**
   * The user's executions, in order, in as few version 2 messages as the server's payload limit allows (a third of it
   * in UTF-16 units, which cannot exceed it in UTF-8 bytes): one per settlement in practice.
   */
  publishBatch(userId: string, executions: readonly OrderExecutionUpdate[]): void {
    const subject = this.names.subject(userOrderSubject(userId));
    const budget = Math.floor((this.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD) / 3);
    for (const message of packOrderUpdates(userId, executions, budget)) this.nc.publish(subject, message);
  }
}
