import { MoneyInvariantError } from './errors/money-invariant.error';

/**
 * Splits `amount` minor units in proportion to `weights` by the largest-remainder method.
 * The shares always sum to `amount` exactly; each share is floor(amount × w / Σw) or one more.
 * Ties in the remainder go to the earlier weight, so the result is deterministic.
 */
export function splitProportionally(amount: bigint, weights: readonly bigint[]): bigint[] {
  if (amount < 0n) throw new MoneyInvariantError('amount to split must not be negative');
  if (weights.length === 0) throw new MoneyInvariantError('at least one weight is needed');
  if (weights.some((weight) => weight < 0n)) throw new MoneyInvariantError('weights must not be negative');
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  if (total === 0n) throw new MoneyInvariantError('weights must not all be zero');

  const shares = weights.map((weight) => (amount * weight) / total);
  const remainders = weights.map((weight, index) => ({ index, remainder: (amount * weight) % total }));
  let left = amount - shares.reduce((sum, share) => sum + share, 0n);
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] += 1n;
    left -= 1n;
  }
  return shares;
}

/** Splits `amount` into `parts` shares that differ by at most one unit, larger shares first. */
export function splitEvenly(amount: bigint, parts: number): bigint[] {
  if (!Number.isSafeInteger(parts) || parts < 1)
    throw new MoneyInvariantError('parts must be a positive integer');
  return splitProportionally(
    amount,
    Array.from({ length: parts }, () => 1n),
  );
}
