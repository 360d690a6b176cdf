import { parseDecimal } from '@exchange/shared-domain-money';

/**
 * The limit `WALLET_WITHDRAWAL_APPROVAL_ABOVE` (`ASSET=amount,...`) sets for `asset`, in its minor units; undefined
 * when the asset is not listed. A limit finer than the asset's decimals is rounded down to them (the stricter
 * reading).
 */
export function approvalLimit(
  setting: string,
  asset: { code: string; decimals: number },
): bigint | undefined {
  for (const entry of setting.split(',')) {
    const [code, limit] = entry.split('=');
    if (code !== asset.code || limit === undefined) continue;
    const [whole, fraction = ''] = limit.split('.');
    const trimmed = fraction.slice(0, asset.decimals);
    const units = parseDecimal(trimmed ? `${whole}.${trimmed}` : whole!, asset.decimals);
    if (!units.ok) throw new Error(`WALLET_WITHDRAWAL_APPROVAL_ABOVE: bad amount for ${code}`);
    return units.value;
  }
  return undefined;
}

/**
 * Whether a withdrawal of `amount` minor units of `asset` must wait for an operator: the asset is listed in
 * `WALLET_WITHDRAWAL_APPROVAL_ABOVE` and the amount is above its limit ({@link approvalLimit}).
 */
export function needsApproval(
  setting: string,
  asset: { code: string; decimals: number },
  amount: bigint,
): boolean {
  const limit = approvalLimit(setting, asset);
  return limit !== undefined && amount > limit;
}
