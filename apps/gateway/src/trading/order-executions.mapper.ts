import { type OrderQueryReply, type OrderUpdate } from '@exchange/shared-contracts';
import { parseDecimal } from '@exchange/shared-domain-money';

/**
 * The order and its fills as the executions a request watched from its start left them: the last execution's order
 * (each execution carries the order right after it) and every trade's fill, what `wallet.query.order` would read
 * after the same commit, without asking the wallet again. Undefined when none was seen, or when the fills do not add
 * up to the order's executed quantity (a message of the user's feed was missed): the caller reads the order then.
 */
export function orderFromExecutions(
  updates: readonly OrderUpdate[],
  baseDecimals: number,
): OrderQueryReply | undefined {
  const last = updates.at(-1);
  if (!last) return undefined;
  const fills = updates.flatMap((u) => (u.fill ? [u.fill] : []));
  let filled = 0n;
  for (const fill of fills) {
    const qty = parseDecimal(fill.qty, baseDecimals, { allowExcessZeros: true });
    if (!qty.ok) return undefined;
    filled += qty.value;
  }
  const executed = parseDecimal(last.order.executedQty, baseDecimals, { allowExcessZeros: true });
  return executed.ok && executed.value === filled ? { order: last.order, fills } : undefined;
}
