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

export type DepositStatus = 'PENDING' | 'CONFIRMED';

/** What to do with a detected chain deposit given its confirmations now. */
export type DepositStep =
  /** Below the threshold: record the count, credit nothing. */
  | { readonly kind: 'WAIT'; readonly confirmations: number }
  /** The threshold is reached: move it from DEPOSITS_IN_FLIGHT to the user, once. */
  | { readonly kind: 'CREDIT'; readonly confirmations: number }
  /** Already credited: only the count may still be recorded. */
  | { readonly kind: 'DONE'; readonly confirmations: number };

export function nextDepositStep(status: DepositStatus, confirmations: number, required: number): DepositStep {
  if (status === 'CONFIRMED') return { kind: 'DONE', confirmations };
  return confirmations >= required ? { kind: 'CREDIT', confirmations } : { kind: 'WAIT', confirmations };
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
