import { z } from 'zod';

import {
  walletAssetCodeSchema,
  walletClientWithdrawalIdSchema,
  walletSafeIntegerSchema,
  walletUserIdSchema,
} from './common.schema';
import { withdrawalStatusSchema } from './withdrawal.schema';

const ms = walletSafeIntegerSchema;

/**
 * A page of the user's history, newest first: `startTime`/`endTime` (inclusive epoch ms) bound the creation time,
 * `offset` skips that many rows of the window, `limit` (1..1000, default 1000) caps the page. Rows are ordered by
 * time, then id, so paging by `endTime` = the last row's `time` with `offset` = the rows already seen at that
 * time is exact. `startTime > endTime` is 2901.
 */
const page = {
  userId: walletUserIdSchema,
  asset: walletAssetCodeSchema.optional(),
  startTime: ms.optional(),
  endTime: ms.optional(),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(1000),
};
const window = (r: { startTime?: number; endTime?: number }) =>
  r.startTime === undefined || r.endTime === undefined || r.startTime <= r.endTime;

/** `wallet.query.deposits.v1`: the user's deposits (faucet and chain, pending ones too), newest first. */
export const depositsRequestSchema = z
  .object({ ...page, status: z.enum(['PENDING', 'CONFIRMED', 'REVERTED']).optional() })
  .refine(window, { message: 'startTime must not be after endTime' });

export const depositViewSchema = z.object({
  depositId: z.string(),
  asset: z.string(),
  amount: z.string(),
  /** `FAUCET` (development credit) or `CHAIN` (`depositId` is then the chain's txid:vout). */
  source: z.enum(['FAUCET', 'CHAIN']),
  /**
   * `PENDING`: seen on chain, waiting for confirmations (nothing credited yet); `CONFIRMED`: credited; `REVERTED`:
   * its transfer left the chain before it was credited (a reorg, a double spend), nothing was credited.
   */
  status: z.enum(['PENDING', 'CONFIRMED', 'REVERTED']),
  /** Detected (chain) or credited (faucet) at, epoch ms. */
  time: ms,
  /** Credited at (CONFIRMED) or reverted at (REVERTED), epoch ms; null while pending. */
  creditTime: ms.nullable().default(null),
  /** The chain's confirmations when last counted, and how many credit it (0 / 0 for the faucet). */
  confirmations: z.number().int().nonnegative().default(0),
  requiredConfirmations: z.number().int().nonnegative().default(0),
  /** Our deposit address it was paid to (chain only, else empty). */
  address: z.string().default(''),
});
export const depositsReplySchema = z.object({ deposits: z.array(depositViewSchema) });

/**
 * `wallet.query.withdrawals.v1`: the user's withdrawals in any state, newest first; with `clientWithdrawalId`, only
 * the one the client named so (the page's other bounds apply to it too).
 */
export const withdrawalsRequestSchema = z
  .object({
    ...page,
    /** One state, or any of several (Binance's "processing" is REQUESTED and SENT). */
    status: z.union([withdrawalStatusSchema, z.array(withdrawalStatusSchema).min(1).max(6)]).optional(),
    clientWithdrawalId: walletClientWithdrawalIdSchema.optional(),
  })
  .refine(window, { message: 'startTime must not be after endTime' });

export const withdrawalViewSchema = z.object({
  withdrawalId: z.string(),
  asset: z.string(),
  amount: z.string(),
  networkFee: z.string(),
  address: z.string(),
  status: withdrawalStatusSchema,
  /** Why it failed or was rejected; null otherwise. */
  reason: z.string().nullable(),
  /** The operator who approved or rejected it (PENDING_APPROVAL withdrawals only). */
  reviewedBy: z.string().nullable(),
  /** The chain transaction once sent (SENT, COMPLETED, or FAILED after sending), else null. */
  txId: z.string().nullable().default(null),
  /** Its confirmations when last counted (0 before it is sent). */
  confirmations: z.number().int().nonnegative().default(0),
  /** Requested at and last changed at, epoch ms. */
  time: ms,
  updateTime: ms,
  /** The client's own id for it (Binance's `withdrawOrderId`), null when it named none. */
  clientWithdrawalId: z.string().nullable().default(null),
});
export const withdrawalsReplySchema = z.object({ withdrawals: z.array(withdrawalViewSchema) });

/** `wallet.query.pending-withdrawals.v1` (operators): every withdrawal waiting for approval, oldest first. */
export const pendingWithdrawalsRequestSchema = z.object({
  limit: z.number().int().min(1).max(1000).default(100),
});
export const pendingWithdrawalsReplySchema = z.object({
  withdrawals: z.array(withdrawalViewSchema.extend({ userId: z.string() })),
});

/**
 * `wallet.cmd.approve-withdrawal.v1` / `wallet.cmd.reject-withdrawal.v1` (operators): a PENDING_APPROVAL
 * withdrawal goes on to REQUESTED (to be sent) or to REJECTED with its amount back in the user's available
 * balance. Repeating the same decision answers the same; the other decision on a decided one is 2911.
 */
export const reviewWithdrawalRequestSchema = z.object({
  withdrawalId: z.string().min(1).max(64),
  operator: z.string().regex(/^[\x21-\x7e]{1,100}$/),
  reason: z.string().min(1).max(200).optional(),
});

export type DepositsRequest = z.infer<typeof depositsRequestSchema>;
export type DepositView = z.infer<typeof depositViewSchema>;
export type DepositsReply = z.infer<typeof depositsReplySchema>;
export type WithdrawalsRequest = z.infer<typeof withdrawalsRequestSchema>;
export type WithdrawalView = z.infer<typeof withdrawalViewSchema>;
export type WithdrawalsReply = z.infer<typeof withdrawalsReplySchema>;
export type PendingWithdrawalsRequest = z.infer<typeof pendingWithdrawalsRequestSchema>;
export type PendingWithdrawalsReply = z.infer<typeof pendingWithdrawalsReplySchema>;
export type ReviewWithdrawalRequest = z.infer<typeof reviewWithdrawalRequestSchema>;
