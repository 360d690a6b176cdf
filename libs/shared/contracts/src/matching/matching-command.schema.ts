import { z } from 'zod';

/**
 * What travels on `cmd.<market>` (stream CMD): one engine command in integer ticks and lots, as the
 * matching engine and `tools/matching-replay` take it. The wallet publishes place commands after holding
 * the funds (Nats-Msg-Id = `commandId`); the gateway's cancels and amends, and admin status changes,
 * come the same way. Matching validates again: the engine rejects what does not fit, with a typed reason.
 */
const positiveInt = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const id = z.string().min(1).max(64);

export const sideSchema = z.enum(['BUY', 'SELL']);
export const orderTypeSchema = z.enum([
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
]);
export const timeInForceSchema = z.enum(['GTC', 'IOC', 'FOK']);
export const stpModeSchema = z.enum(['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH']);
export const marketStatusSchema = z.enum(['TRADING', 'HALTED', 'CANCEL_ONLY']);
/** A cancel of an order only in that state: not traded yet (NEW), or traded in part (PARTIALLY_FILLED). */
export const cancelRestrictionSchema = z.enum(['ONLY_NEW', 'ONLY_PARTIALLY_FILLED']);

export const engineCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('place'),
    orderId: id,
    userId: id,
    side: sideSchema,
    orderType: orderTypeSchema,
    timeInForce: timeInForceSchema.optional(),
    price: positiveInt.optional(),
    stopPrice: positiveInt.optional(),
    quantity: positiveInt.optional(),
    quoteQuantity: positiveInt.optional(),
    stp: stpModeSchema.optional(),
    ts: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('cancel'),
    orderId: id,
    userId: id,
    /** An engine from before restrictions strips it and cancels whatever state the order is in. */
    restriction: cancelRestrictionSchema.optional(),
    ts: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('amend'),
    orderId: id,
    userId: id,
    quantity: positiveInt,
    ts: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('cancelAll'), userId: id, ts: z.number().int().nonnegative() }),
  z.object({ type: z.literal('status'), status: marketStatusSchema, ts: z.number().int().nonnegative() }),
]);

export const matchingCommandMessageSchema = z.object({
  v: z.literal(1),
  /** Market id, e.g. `BTC-USDT` (the subject's last token). */
  market: z.string().regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/),
  /** Idempotency key of the command, also its `Nats-Msg-Id`: the order id for a place. */
  commandId: id,
  command: engineCommandSchema,
});

/** Most commands one batch message may carry (a batch of place commands stays far below NATS's 1 MiB). */
export const MAX_COMMANDS_PER_BATCH = 1_000;

/**
 * Several commands of one market in one `cmd.<market>` message, applied in order as one unit: one JetStream
 * message (one store, one delivery, one acknowledgement) for many commands, which is what lets a producer go
 * past the per-message ceiling of JetStream (see docs/benchmarks.md). `batchId` is its `Nats-Msg-Id`; a
 * producer that may publish a batch again after a crash must rebuild it with the same commands and id, or
 * publish one command per message. A batch whose any command breaks the contract is parked whole.
 */
export const matchingCommandBatchMessageSchema = z.object({
  v: z.literal(1),
  market: z.string().regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/),
  batchId: id,
  commands: z.array(engineCommandSchema).min(1).max(MAX_COMMANDS_PER_BATCH),
});

export type StpMode = z.infer<typeof stpModeSchema>;
export type CancelRestriction = z.infer<typeof cancelRestrictionSchema>;
export type EngineCommand = z.infer<typeof engineCommandSchema>;
export type MatchingCommandMessage = z.infer<typeof matchingCommandMessageSchema>;
export type MatchingCommandBatchMessage = z.infer<typeof matchingCommandBatchMessageSchema>;
