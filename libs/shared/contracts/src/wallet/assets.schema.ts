import { z } from 'zod';

import { walletAssetCodeSchema, walletDecimalSchema } from './common.schema';

/** `wallet.query.assets.v1`: every asset the wallet keeps, with its deposit and withdrawal rules. */
export const assetsRequestSchema = z.object({}).strict();

export const walletAssetSchema = z.object({
  asset: walletAssetCodeSchema,
  /** Decimals of its smallest unit: the finest amount a deposit or withdrawal can have is 10^-decimals. */
  decimals: z.number().int().min(0).max(36),
  /** Deposits and withdrawals are taken only while it is enabled. */
  enabled: z.boolean(),
  /** Confirmations a chain deposit needs before it is credited. */
  depositConfirmations: z.number().int().min(1),
  /** A withdrawal above this amount waits for an operator (PENDING_APPROVAL); null: never. */
  withdrawalApprovalAbove: walletDecimalSchema.nullable(),
});

export const assetsReplySchema = z.object({ assets: z.array(walletAssetSchema) });

export type WalletAsset = z.infer<typeof walletAssetSchema>;
export type AssetsReply = z.infer<typeof assetsReplySchema>;
