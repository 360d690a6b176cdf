import {
  type BroadcastObservation,
  type ChainTransferRef,
  type TransferSighting,
} from '@exchange/wallet-domain';

/** A transfer the chain shows paying some address: mined at `blockHeight`, or still in the mempool (null). */
export interface ObservedTransfer extends ChainTransferRef {
  readonly asset: string;
  readonly address: string;
  /** Minor units of `asset`. */
  readonly amount: bigint;
  readonly blockHeight: number | null;
}

/** What a scan found: the chain's tip and the transfers mined at or above the height asked for, plus the mempool's. */
export interface ChainScan {
  readonly tip: number;
  readonly transfers: readonly ObservedTransfer[];
}

/** The answer of `ChainWatcher.sightings`. */
export interface TransferSightings {
  readonly tip: number;
  readonly sightings: Map<string, TransferSighting>;
}

/** A withdrawal to send: the chain integration signs and broadcasts it once per `withdrawalId`. */
export interface WithdrawalBroadcast {
  readonly withdrawalId: string;
  readonly asset: string;
  readonly address: string;
  /** Minor units that leave (the network fee is reported back by `observe`). */
  readonly amount: bigint;
}

export type BroadcastResult =
  { readonly ok: true; readonly txid: string } | { readonly ok: false; readonly reason: string };

/**
 * What the wallet needs from a chain (the port a real integration implements: a node or an indexer per network,
 * plus a signer). The wallet keeps every decision (what is ours, when it is credited, what the ledger says); the
 * watcher only observes and sends. Every method may be called again for the same thing after a crash, so each
 * must be idempotent: `broadcast` above all (the same `withdrawalId` must never pay twice).
 */
export interface ChainWatcher {
  /** Names the watcher's scan cursor (`chain_cursor.watcher`). */
  readonly name: string;
  /** A fresh address for `asset` that nobody else holds (an HD wallet derives the next one). */
  newAddress(asset: string): Promise<string>;
  /** Transfers in blocks at `fromHeight` and above, and in the mempool; the wallet picks the ones to its addresses. */
  scan(fromHeight: number): Promise<ChainScan>;
  /**
   * Where each transfer is now, keyed by `chainDepositId`, with the tip they were counted at: mined (with its
   * confirmations), in the mempool, or MISSING (neither: dropped by a reorg and replaced by a double spend, or
   * evicted). A real integration answers MISSING only when its node no longer knows the transaction at all.
   */
  sightings(refs: readonly ChainTransferRef[]): Promise<TransferSightings>;
  /** Sends the withdrawal, or says at once why the chain refuses it (then nothing was sent). */
  broadcast(withdrawal: WithdrawalBroadcast): Promise<BroadcastResult>;
  /** How a sent withdrawal stands: its confirmations and fee, or that the chain dropped it. */
  observe(txid: string): Promise<BroadcastObservation>;
}

/** The Nest token of the configured `ChainWatcher` (null when `WALLET_CHAIN_WATCHER=off`). */
export const CHAIN_WATCHER = Symbol('CHAIN_WATCHER');
