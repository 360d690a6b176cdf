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

/**
 * `wallet.cmd.deposit-address.v1`: the user's deposit address for an asset (the network is the asset's own chain),
 * created on the first request and the same afterwards. 2920 when the wallet runs without a chain watcher.
 */
export const depositAddressRequestSchema = z.object({
  userId: walletUserIdSchema,
  asset: walletAssetCodeSchema,
});

export const depositAddressReplySchema = z.object({
  asset: z.string(),
  /** The chain the address is on (here the asset's code, as for the history's `network`). */
  network: z.string(),
  address: z.string(),
  /** Memo / tag: none of the supported chains needs one. */
  tag: z.string(),
});

const chainAddressSchema = z.string().regex(/^[\x21-\x7e]{1,128}$/);

/**
 * `wallet.cmd.sim-transfer.v1` (simulated chain only, for the demo and tests): somebody outside pays `amount` of
 * `asset` to `address`; the transfer waits in the simulated mempool for the next block. 2920 without the
 * simulated chain.
 */
export const simTransferRequestSchema = z.object({
  asset: walletAssetCodeSchema,
  address: chainAddressSchema,
  amount: walletDecimalSchema,
});
export const simTransferReplySchema = z.object({ txid: z.string(), vout: z.number().int().nonnegative() });

/** `wallet.cmd.sim-mine.v1`: the simulated chain produces `blocks` blocks at once (tests, impatient demos). */
export const simMineRequestSchema = z.object({ blocks: z.number().int().min(1).max(100).default(1) });
/**
 * `wallet.cmd.sim-reorg.v1`: the simulated chain forgets its last `depth` blocks; their transfers go back to the
 * mempool and are mined again in the next blocks (a reorg: the same transfers seen twice), except those whose
 * txid is in `drop`: the new chain carries a double spend instead, so they vanish (a pending deposit of theirs is
 * reverted, docs/wallet.md "Reverted deposits").
 */
export const simReorgRequestSchema = z.object({
  depth: z.number().int().min(1).max(100),
  drop: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(100)
    .default([]),
});
export const simChainReplySchema = z.object({ height: z.number().int().nonnegative() });

export type DepositAddressRequest = z.infer<typeof depositAddressRequestSchema>;
export type DepositAddressReply = z.infer<typeof depositAddressReplySchema>;
export type SimTransferRequest = z.infer<typeof simTransferRequestSchema>;
export type SimTransferReply = z.infer<typeof simTransferReplySchema>;
export type SimMineRequest = z.infer<typeof simMineRequestSchema>;
export type SimReorgRequest = z.infer<typeof simReorgRequestSchema>;
export type SimChainReply = z.infer<typeof simChainReplySchema>;
