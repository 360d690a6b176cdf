/**
 * Rules for money that moves on a chain: how a transfer is named, how many confirmations it has, and what the
 * wallet does next with a detected deposit or a sent withdrawal. Plain functions; the chain watcher (a port
 * implemented in the wallet app) supplies the observations.
 */

/** One output of a chain transaction: the unit a deposit is credited by, at most once. */
export interface ChainTransferRef {
  readonly txid: string;
  readonly vout: number;
}

/** A chain deposit's id, unique per venue: `<txid>:<vout>` (also its idempotency key). */
export function chainDepositId(ref: ChainTransferRef): string {
  return `${ref.txid}:${ref.vout}`;
}

/**
 * Confirmations of a transfer mined at `blockHeight` when the chain's tip is `tip`: the block itself counts one.
 * Not mined (in the mempool, or sent back there by a reorg) is 0.
 */
export function confirmationsAt(blockHeight: number | null, tip: number): number {
  if (blockHeight === null || blockHeight > tip) return 0;
  return tip - blockHeight + 1;
}

/**
 * A chain deposit's life: PENDING (seen, money in DEPOSITS_IN_FLIGHT) ends CONFIRMED (credited to the user) or
 * REVERTED (its transfer left the chain: the money goes back out of DEPOSITS_IN_FLIGHT, nobody was credited).
 * CONFIRMED is final; a REVERTED `txid:vout` that shows up again is PENDING again only as `detectAgain` allows.
 */
export type DepositStatus = 'PENDING' | 'CONFIRMED' | 'REVERTED';

/** Where the chain holds a transfer now. */
export type TransferSighting =
  /** In a block of the canonical chain. */
  | { readonly kind: 'MINED'; readonly confirmations: number }
  /** Waiting in the mempool (never mined, or sent back there by a reorg): it may still be mined. */
  | { readonly kind: 'MEMPOOL' }
  /** Neither: a reorg dropped it and a double spend replaced it, or the mempool evicted it. */
  | { readonly kind: 'MISSING' };

/** What the watcher keeps of a chain deposit between passes. */
export interface WatchedDeposit {
  readonly status: DepositStatus;
  readonly requiredConfirmations: number;
  /** The tip at which the watcher first found its transfer MISSING; null while the chain shows it. */
  readonly missingSince: number | null;
  /** A credited deposit already reported lost (the operators' incident is raised once). */
  readonly lost: boolean;
}

/** What to do with a chain deposit given where its transfer is now. */
export type DepositStep =
  /** Pending below the threshold: record the count and since when it is missing (null: seen), credit nothing. */
  | { readonly kind: 'WAIT'; readonly confirmations: number; readonly missingSince: number | null }
  /** The threshold is reached: move it from DEPOSITS_IN_FLIGHT to the user, once. */
  | { readonly kind: 'CREDIT'; readonly confirmations: number }
  /** Pending and missing for `revertAfterBlocks` blocks: take it back out of DEPOSITS_IN_FLIGHT, once. */
  | { readonly kind: 'REVERT' }
  /** Credited: only the count (and whether its transfer is missing, or back) may still be recorded. */
  | {
      readonly kind: 'DONE';
      readonly confirmations: number;
      readonly missingSince: number | null;
      readonly lost: boolean;
    }
  /**
   * Credited, and its transfer missing for `revertAfterBlocks` blocks: the credit stands (the user may have traded
   * or withdrawn it); operators are told, once.
   */
  | { readonly kind: 'LOST'; readonly missingSince: number }
  /** Reverted: nothing more happens. */
  | { readonly kind: 'NONE' };

/**
 * The deposit rule. A pending deposit is credited at its required confirmations, and reverted once its transfer
 * has been MISSING (neither mined nor in the mempool) while the chain grew by `revertAfterBlocks` blocks since the
 * watcher first missed it (`tip - missingSince >= revertAfterBlocks`); seeing it again, mined or in the mempool,
 * resets the wait. A tip that a reorg lowered below `missingSince` only makes the wait longer. A credited deposit is
 * never reverted: the same wait makes it LOST once (an operations incident), and seeing it again clears that.
 */
export function nextDepositStep(
  deposit: WatchedDeposit,
  sighting: TransferSighting,
  tip: number,
  revertAfterBlocks: number,
): DepositStep {
  if (deposit.status === 'REVERTED') return { kind: 'NONE' };
  if (sighting.kind === 'MISSING') {
    const missingSince = deposit.missingSince ?? tip;
    const gone = tip - missingSince >= revertAfterBlocks;
    if (deposit.status === 'PENDING') {
      return gone ? { kind: 'REVERT' } : { kind: 'WAIT', confirmations: 0, missingSince };
    }
    if (gone && !deposit.lost) return { kind: 'LOST', missingSince };
    return { kind: 'DONE', confirmations: 0, missingSince, lost: deposit.lost };
  }
  const confirmations = sighting.kind === 'MINED' ? sighting.confirmations : 0;
  if (deposit.status === 'CONFIRMED') {
    return { kind: 'DONE', confirmations, missingSince: null, lost: false };
  }
  return confirmations >= deposit.requiredConfirmations
    ? { kind: 'CREDIT', confirmations }
    : { kind: 'WAIT', confirmations, missingSince: null };
}

/**
 * Whether a deposit the watcher finds on the chain again is detected again: only a REVERTED one, and only while it
 * has been detected again fewer than `limit` times (`WALLET_DEPOSIT_REDETECT_LIMIT`; 0: never). A transfer that
 * vanished and came back (the sender rebroadcast what the mempool evicted, a second reorg restored the old chain) is
 * the user's money; the limit stops a chain that keeps flipping from detecting and reverting it for ever.
 */
export function detectAgain(deposit: { status: DepositStatus; round: number }, limit: number): boolean {
  return deposit.status === 'REVERTED' && deposit.round < limit;
}

/** What the chain says about a sent withdrawal. */
export type BroadcastObservation =
  | { readonly kind: 'SEEN'; readonly confirmations: number; readonly networkFee: bigint }
  | { readonly kind: 'FAILED'; readonly reason: string };

export type WithdrawalStep =
  | { readonly kind: 'WAIT'; readonly confirmations: number }
  | { readonly kind: 'COMPLETE'; readonly confirmations: number; readonly networkFee: bigint }
  | { readonly kind: 'FAIL'; readonly reason: string };

/** A SENT withdrawal completes at `required` confirmations, or fails (funds back) when the chain drops it. */
export function nextWithdrawalStep(observation: BroadcastObservation, required: number): WithdrawalStep {
  if (observation.kind === 'FAILED') return { kind: 'FAIL', reason: observation.reason };
  if (observation.confirmations >= required) {
    return {
      kind: 'COMPLETE',
      confirmations: observation.confirmations,
      networkFee: observation.networkFee,
    };
  }
  return { kind: 'WAIT', confirmations: observation.confirmations };
}

/**
 * Confirmations each asset needs: `fallback` unless `perAsset` (`ASSET=n,...`, e.g. `BTC=2,ETH=12`) names it.
 * Returns undefined for a malformed setting (the config check names it).
 */
export function confirmationRule(
  fallback: number,
  perAsset: string,
): ((asset: string) => number) | undefined {
  if (!Number.isSafeInteger(fallback) || fallback < 1) return undefined;
  const counts = new Map<string, number>();
  for (const entry of perAsset.split(',').filter((e) => e.trim() !== '')) {
    const match = /^([A-Z0-9]{1,20})=([0-9]{1,6})$/.exec(entry.trim());
    if (!match || Number(match[2]) < 1) return undefined;
    counts.set(match[1]!, Number(match[2]));
  }
  return (asset) => counts.get(asset) ?? fallback;
}
