import { z } from 'zod';

import {
  walletAssetCodeSchema,
  walletClientWithdrawalIdSchema,
  walletDecimalSchema,
  walletIdempotencyKeySchema,
  walletUserIdSchema,
} from './common.schema';

/** `wallet.cmd.request-withdrawal.v1`: moves the amount out of the user's available balance into WITHDRAWALS_IN_FLIGHT. */
export const requestWithdrawalRequestSchema = z.object({
  userId: walletUserIdSchema,
  asset: walletAssetCodeSchema,
  amount: walletDecimalSchema,
  address: z.string().regex(/^[\x21-\x7e]{1,128}$/),
  idempotencyKey: walletIdempotencyKeySchema,
  /**
   * The client's own id for it (Binance's `withdrawOrderId`), kept on the withdrawal and shown in its history. One
   * per user: asked again with the same asset, amount and address it answers the first request's withdrawal
   * (whatever the idempotency key); with another, 2102 IDEMPOTENCY_CONFLICT and nothing moves.
   */
  clientWithdrawalId: walletClientWithdrawalIdSchema.optional(),
});

/** `wallet.cmd.complete-withdrawal.v1` (operators, or a watcher outside the wallet): REQUESTED or SENT, confirmed; the venue keeps `networkFee` (default 0) of the amount. */
export const completeWithdrawalRequestSchema = z.object({
  withdrawalId: z.string().min(1).max(64),
  networkFee: walletDecimalSchema.optional(),
});

/** `wallet.cmd.fail-withdrawal.v1`: REQUESTED or SENT, failed; the amount returns to the user's available balance. */
export const failWithdrawalRequestSchema = z.object({
  withdrawalId: z.string().min(1).max(64),
  reason: z.string().min(1).max(200),
});

/**
 * PENDING_APPROVAL: above the asset's approval threshold, waiting for an operator (funds already held);
 * REQUESTED: to be sent; SENT: broadcast by the chain watcher, waiting for confirmations; COMPLETED / FAILED:
 * confirmed, or not sent / dropped by the chain (funds back); REJECTED: refused by an operator (funds back).
 */
export const withdrawalStatusSchema = z.enum([
  'PENDING_APPROVAL',
  'REQUESTED',
  'SENT',
  'COMPLETED',
  'FAILED',
  'REJECTED',
]);

export const withdrawalReplySchema = z.object({
  withdrawalId: z.string(),
  userId: z.string(),
  asset: z.string(),
  amount: z.string(),
  networkFee: z.string(),
  address: z.string(),
  status: withdrawalStatusSchema,
  clientWithdrawalId: z.string().nullable().default(null),
});

export type RequestWithdrawalRequest = z.infer<typeof requestWithdrawalRequestSchema>;
export type CompleteWithdrawalRequest = z.infer<typeof completeWithdrawalRequestSchema>;
export type FailWithdrawalRequest = z.infer<typeof failWithdrawalRequestSchema>;
export type WithdrawalReply = z.infer<typeof withdrawalReplySchema>;
