import { z } from 'zod';

import { type OrderUpdate, orderUpdateSchema } from './order-query.schema';

/** One execution inside an `orderUpdateBatchSchema` message: an `OrderUpdate` without `v` and `userId`. */
export const orderExecutionUpdateSchema = orderUpdateSchema.omit({ v: true, userId: true });

/**
 * Core NATS fact `user.<userId>.order`, version 2: several executions of the user's orders, in execution order, in one
 * message (the wallet publishes one per user and settlement transaction, split only to stay under the server's
 * payload limit). Each execution means exactly what one version 1 message (`orderUpdateSchema`) means, and a reader
 * turns each into its own report (`orderUpdatesOf`). Published after the commit that recorded them, at most once.
 *
 * Same subject as version 1: readers tell the two apart by `v` (`userOrderMessageSchema`) and take both, so the
 * gateways can be rolled out before the wallet that publishes version 2 (see docs/wallet.md).
 */
export const orderUpdateBatchSchema = z.object({
  v: z.literal(2),
  userId: z.string(),
  executions: z.array(orderExecutionUpdateSchema).min(1),
  /**
   * True when the settlement's executions for the user did not fit one message and the next message on the subject
   * carries more of them; absent on a settlement's last (or only) message. A reader that saw an execution in a
   * message without it has seen everything that settlement did to the order.
   */
  continued: z.literal(true).optional(),
});

/** What `user.<userId>.order` carries: one execution (v 1) or several in order (v 2). */
export const userOrderMessageSchema = z.discriminatedUnion('v', [orderUpdateSchema, orderUpdateBatchSchema]);

export type OrderExecutionUpdate = z.infer<typeof orderExecutionUpdateSchema>;
export type OrderUpdateBatch = z.infer<typeof orderUpdateBatchSchema>;
export type UserOrderMessage = z.infer<typeof userOrderMessageSchema>;

/** The executions a `user.<userId>.order` message carries, each as the version 1 update it stands for, in order. */
export function orderUpdatesOf(message: UserOrderMessage): OrderUpdate[] {
  if (message.v === 1) return [message];
  const { userId } = message;
  return message.executions.map((execution) => ({ v: 1, userId, ...execution }));
}
