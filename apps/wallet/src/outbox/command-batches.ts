import { randomUUID } from 'node:crypto';

import { type OutboxMessage } from './outbox.repository';

/**
 * The commands of one group of requests (cancels, amends) with each market's published as one batch message when
 * there are several, under a new batch id `<kind>:<uuid>` (a group is at most a few hundred, below
 * MAX_COMMANDS_PER_BATCH). The id is new each time, as cancel-all's: JetStream's duplicate window must not drop a
 * later batch that repeats some of the same orders.
 */
export function inBatchesByMarket(
  kind: string,
  messages: readonly Omit<OutboxMessage, 'id'>[],
): Omit<OutboxMessage, 'id'>[] {
  const bySubject = new Map<string, Omit<OutboxMessage, 'id'>[]>();
  for (const m of messages) {
    const same = bySubject.get(m.subject);
    if (same) same.push(m);
    else bySubject.set(m.subject, [m]);
  }
  return [...bySubject.values()].flatMap((same) => {
    if (same.length === 1) return same;
    const batchId = `${kind}:${randomUUID()}`;
    return same.map((m) => ({ ...m, batchId }));
  });
}
