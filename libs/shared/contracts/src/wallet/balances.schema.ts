import { z } from 'zod';

import { walletUserIdSchema } from './common.schema';

/** `wallet.query.balances.v1`: every asset the user has touched. */
export const balancesRequestSchema = z.object({ userId: walletUserIdSchema });

export const walletBalanceSchema = z.object({
  asset: z.string(),
  available: z.string(),
  held: z.string(),
  total: z.string(),
});

export const balancesReplySchema = z.object({ userId: z.string(), balances: z.array(walletBalanceSchema) });

export type BalancesRequest = z.infer<typeof balancesRequestSchema>;
export type WalletBalance = z.infer<typeof walletBalanceSchema>;
export type BalancesReply = z.infer<typeof balancesReplySchema>;

/**
 * Core NATS fact `user.<userId>.balance` (a wallet event for the user streams): the user's balances after a
 * committed change, published after the commit (at most once; a reader that must not miss one re-queries).
 */
export const userBalanceSubject = (userId: string): string =>
  `user.${walletUserIdSchema.parse(userId)}.balance`;

/**
 * A deposit or withdrawal behind a balance update (Binance's `balanceUpdate`): the asset and the signed change of
 * its available balance. Credited deposits add; a requested withdrawal subtracts what it holds; a failed one
 * gives it back. A completed withdrawal changes only what was held, so it has none.
 */
export const balanceMovementSchema = z.object({
  kind: z.enum(['DEPOSIT', 'WITHDRAWAL']),
  asset: z.string(),
  delta: z.string().regex(/^-?[0-9]{1,40}(\.[0-9]{1,40})?$/),
});

export const balanceUpdateSchema = z.object({
  v: z.literal(1),
  userId: z.string(),
  balances: z.array(walletBalanceSchema),
  /** Set when a deposit or withdrawal (not a trade or an order's hold) caused the update. */
  movement: balanceMovementSchema.optional(),
  ts: z.number().int().nonnegative(),
});

export type BalanceMovement = z.infer<typeof balanceMovementSchema>;
export type BalanceUpdate = z.infer<typeof balanceUpdateSchema>;
