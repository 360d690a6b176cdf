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
