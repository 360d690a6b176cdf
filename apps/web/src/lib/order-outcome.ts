import { formatAmount } from './decimal';
import { quantityDigits } from './format';
import { type MarketRules } from './market-rules';

/** What the place-order answer tells a trader, in words: an IOC or market order that ended unfilled says so. */
export function describeOrderOutcome(
  order: { orderId: number | string; status: string; origQty: string; executedQty: string },
  rules: MarketRules,
): string {
  const amount = (text: string) => `${formatAmount(text, quantityDigits(rules))}`;
  const filledSome = /[1-9]/.test(order.executedQty);
  const part = `${amount(order.executedQty)} of ${amount(order.origQty)} ${rules.baseAsset}`;
  switch (order.status) {
    case 'FILLED':
      return `Order ${order.orderId} filled (FILLED).`;
    case 'PARTIALLY_FILLED':
      return `Order ${order.orderId} placed, ${part} filled (PARTIALLY_FILLED).`;
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      return filledSome
        ? `Order ${order.orderId} filled ${part}, the rest expired (${order.status}).`
        : `Order ${order.orderId} expired unfilled (${order.status}).`;
    default:
      return `Order ${order.orderId} placed (${order.status}).`;
  }
}
