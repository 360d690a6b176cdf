import { type MarketRules } from './market-rules';
import { fractionDigits, formatAmount } from './decimal';

export function priceDigits(rules: MarketRules): number {
  return fractionDigits(rules.tickSize);
}

export function quantityDigits(rules: MarketRules): number {
  return fractionDigits(rules.stepSize);
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

export function formatDateTime(value: number | string): string {
  return new Date(value).toLocaleString(undefined, { hour12: false });
}

/** A signed percentage string from the API ("-1.25") for display: "+1.25 %". */
export function formatPercent(text: string): string {
  const negative = text.startsWith('-');
  const magnitude = formatAmount(negative ? text.slice(1) : text, 2);
  return `${negative ? '−' : '+'}${magnitude} %`;
}

/**
 * A 24 h volume in its asset's precision (rounded down like every amount), with the fraction's trailing zeros
 * dropped: a volume is a total, not an order amount, so "1,234.5" reads better than "1,234.50000000".
 */
export function formatVolume(text: string, assetDigits: number): string {
  const fixed = formatAmount(text, assetDigits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** An exact amount with thousands separators and without the fraction's trailing zeros: a fee "0.00007152". */
export function formatExact(text: string): string {
  return formatVolume(text, text.split('.')[1]?.length ?? 0);
}

/** The order types that execute at the market's prices: they have no limit price to show. */
const MARKET_PRICED: readonly string[] = ['MARKET', 'STOP_LOSS', 'TAKE_PROFIT'];

/** Whether an order of `type` shows "Market" where a limit order shows its price. */
export function isMarketPriced(type: string): boolean {
  return MARKET_PRICED.includes(type);
}
