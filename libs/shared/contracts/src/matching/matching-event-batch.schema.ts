import { z } from 'zod';

import {
  marketStatusSchema,
  orderTypeSchema,
  sideSchema,
  stpModeSchema,
  timeInForceSchema,
} from './matching-command.schema';

/**
 * What travels on `evt.<market>` (stream EVT): the engine's events in sequence, many to a message when load
 * is high. `firstSeq`..`lastSeq` are the engine's event sequences it holds (contiguous, no gaps between
 * messages), `commandSeq` the last CMD stream sequence whose events are complete in this message. Consumers
 * apply an event only when its `seq` is above the last one they applied: replays and duplicates are harmless.
 */
const n = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const base = { seq: n, ts: n };

export const matchingEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('accepted'),
    ...base,
    orderId: z.string(),
    userId: z.string(),
    side: sideSchema,
    orderType: orderTypeSchema,
    timeInForce: timeInForceSchema.optional(),
    price: n.optional(),
    stopPrice: n.optional(),
    quantity: n.optional(),
    quoteQuantity: n.optional(),
    stp: stpModeSchema,
  }),
  z.object({
    type: z.literal('rejected'),
    seq: n,
    ts: n.optional(),
    command: z.string(),
    orderId: z.string().optional(),
    userId: z.string().optional(),
    reason: z.string(),
    code: z.number().int(),
    field: z.string().optional(),
  }),
  z.object({
    type: z.literal('trade'),
    ...base,
    price: n,
    quantity: n,
    makerOrderId: z.string(),
    takerOrderId: z.string(),
    makerUserId: z.string(),
    takerUserId: z.string(),
    takerSide: sideSchema,
    makerRemaining: n,
    takerRemaining: n,
  }),
  z.object({
    type: z.literal('cancelled'),
    ...base,
    orderId: z.string(),
    userId: z.string(),
    reason: z.enum(['USER_CANCEL', 'CANCEL_ALL']),
    remaining: n,
  }),
  z.object({
    type: z.literal('expired'),
    ...base,
    orderId: z.string(),
    userId: z.string(),
    reason: z.enum(['IOC_REMAINDER', 'FOK_NOT_FILLABLE', 'MARKET_REMAINDER', 'STP_TAKER', 'STP_MAKER']),
    remaining: n,
    /**
     * Self-trade prevention's expiries (`STP_TAKER`, `STP_MAKER`): the other order of the prevented match and the
     * resting order's price. Left out by engines from before them; consumers from before them strip them.
     */
    counterOrderId: z.string().optional(),
    price: n.optional(),
  }),
  z.object({
    type: z.literal('amended'),
    ...base,
    orderId: z.string(),
    userId: z.string(),
    quantity: n,
    previousQuantity: n,
    priority: z.enum(['KEPT', 'REQUEUED']),
  }),
  z.object({
    type: z.literal('triggered'),
    ...base,
    orderId: z.string(),
    userId: z.string(),
    stopPrice: n,
    lastPrice: n,
  }),
  z.object({
    type: z.literal('status'),
    ...base,
    status: marketStatusSchema,
    previousStatus: marketStatusSchema,
  }),
]);

export const matchingEventBatchSchema = z
  .object({
    v: z.literal(1),
    market: z.string().regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/),
    firstSeq: n,
    lastSeq: n,
    /** The CMD stream sequence of the last command whose events this message completes. */
    commandSeq: n,
    events: z.array(matchingEventSchema).min(1),
  })
  .refine((b) => b.lastSeq - b.firstSeq + 1 === b.events.length, {
    message: 'firstSeq..lastSeq must match the events',
  })
  .refine((b) => b.events.every((e, i) => e.seq === b.firstSeq + i), {
    message: 'event sequences must be contiguous',
  });

export type MatchingEventMessage = z.infer<typeof matchingEventSchema>;
export type MatchingEventBatch = z.infer<typeof matchingEventBatchSchema>;
