import { z } from 'zod';

import { marketStatusSchema } from '../matching/matching-command.schema';

/**
 * `wallet.cmd.market-status.v1`: an operator sets a market's status (halt, resume, cancel-only). The wallet owns the
 * market table: in one transaction it records the change (with who and why) and queues the engine's `status`
 * command on `cmd.<market>` behind the orders it has already accepted. `commandId` is the idempotency key and the
 * command's `Nats-Msg-Id`: a repeat changes nothing and answers `duplicate: true` with what the first did.
 */
export const marketStatusRequestSchema = z
  .object({
    market: z.string().regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/),
    status: marketStatusSchema,
    commandId: z.string().min(1).max(64),
    /** Why, for the audit row (free text). */
    reason: z.string().min(1).max(500).optional(),
    /** Who asked (operator or tool), for the audit row. */
    requestedBy: z.string().min(1).max(120).optional(),
  })
  .strict();

export const marketStatusReplySchema = z.object({
  market: z.string(),
  status: marketStatusSchema,
  /** The status before this command (for a duplicate: before the first). */
  previousStatus: marketStatusSchema,
  commandId: z.string(),
  /** The engine's command subject it was queued for (without a run prefix), e.g. `cmd.BTC-USDT`. */
  subject: z.string(),
  /** When the wallet applied it (epoch ms), also the engine command's `ts`. */
  changedAt: z.number().int().nonnegative(),
  /** True when this command id had been applied before: nothing was changed or queued this time. */
  duplicate: z.boolean(),
});

/** `TRADING`, `HALTED` or `CANCEL_ONLY`: the market's status as the wallet and the engine hold it. */
export type MarketStatus = z.infer<typeof marketStatusSchema>;
export type MarketStatusRequest = z.infer<typeof marketStatusRequestSchema>;
export type MarketStatusReply = z.infer<typeof marketStatusReplySchema>;
