import { z } from 'zod';

/** `wallet.query.reconcile.v1`: proves the ledger from scratch; an empty request. */
export const reconcileRequestSchema = z.object({}).strict();

export const reconcileReplySchema = z.object({
  ok: z.boolean(),
  /** Issues as the domain's `reconcile` reports them, amounts as integer strings. */
  issues: z.array(z.record(z.string(), z.unknown())),
  /** Per asset, the sum of every journal entry: "0" for each when the ledger balances. */
  totalsByAsset: z.record(z.string(), z.string()),
  transactions: z.number().int(),
  accounts: z.number().int(),
  openOrders: z.number().int(),
});

export type ReconcileRequest = z.infer<typeof reconcileRequestSchema>;
export type ReconcileReply = z.infer<typeof reconcileReplySchema>;
