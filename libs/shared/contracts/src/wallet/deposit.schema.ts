import { z } from 'zod';

import {
  walletAssetCodeSchema,
  walletDecimalSchema,
  walletIdempotencyKeySchema,
  walletUserIdSchema,
} from './common.schema';

/** `wallet.cmd.faucet-deposit.v1`: development credit (off when `WALLET_FAUCET_ENABLED=false`). */
export const faucetDepositRequestSchema = z.object({
  userId: walletUserIdSchema,
  asset: walletAssetCodeSchema,
  amount: walletDecimalSchema,
  idempotencyKey: walletIdempotencyKeySchema,
});

/** `wallet.cmd.confirm-deposit.v1`: a chain deposit with enough confirmations; `depositId` (e.g. txid:vout) is its idempotency key. */
export const confirmDepositRequestSchema = z.object({
  userId: walletUserIdSchema,
  asset: walletAssetCodeSchema,
  amount: walletDecimalSchema,
  depositId: walletIdempotencyKeySchema,
});

export const depositReplySchema = z.object({
  depositId: z.string(),
  userId: z.string(),
  asset: z.string(),
  amount: z.string(),
  status: z.literal('CONFIRMED'),
});

export type FaucetDepositRequest = z.infer<typeof faucetDepositRequestSchema>;
export type ConfirmDepositRequest = z.infer<typeof confirmDepositRequestSchema>;
export type DepositReply = z.infer<typeof depositReplySchema>;
