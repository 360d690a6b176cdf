import { formatDecimal, parseDecimalParts, pow10 } from '@exchange/shared-domain-money';

/**
 * An exact unsigned decimal: value = units / 10^scale. Prices, quantities and amounts in the app are strings from
 * the API or the user; every comparison and product goes through this, never through a float.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

/** A plain unsigned decimal ("12", "0.5", "30000.00000000"), or undefined for anything else. */
export function parseDec(text: string): Decimal | undefined {
  const parts = parseDecimalParts(text.trim());
  if (!parts.ok) return undefined;
  return { units: parts.value.digits, scale: parts.value.scale };
}

/** A decimal string the API sent: a malformed one is a bug in the contract, not user input. */
export function dec(text: string): Decimal {
  const parsed = parseDec(text);
  if (!parsed) throw new Error(`not a decimal: "${text}"`);
  return parsed;
}

function atScale(d: Decimal, scale: number): bigint {
  return d.units * pow10(scale - d.scale);
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = atScale(a, scale);
  const y = atScale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: atScale(a, scale) + atScale(b, scale), scale };
}

/** a − b, floored at zero (amounts are never negative here). */
export function subFloor(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  const units = atScale(a, scale) - atScale(b, scale);
  return { units: units < 0n ? 0n : units, scale };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Exactly representable at `scale` fractional digits, rounding toward zero (`down`) or away from it (`up`). */
export function rescale(d: Decimal, scale: number, rounding: 'down' | 'up'): Decimal {
  if (scale >= d.scale) return { units: atScale(d, scale), scale };
  const divisor = pow10(d.scale - scale);
  let units = d.units / divisor;
  if (rounding === 'up' && d.units % divisor !== 0n) units += 1n;
  return { units, scale };
}

/** a / b to `scale` fractional digits, rounded down; b must be non-zero. */
export function div(a: Decimal, b: Decimal, scale: number): Decimal {
  // a.units/10^a.scale ÷ b.units/10^b.scale = a.units·10^(b.scale + scale − a.scale) / b.units / 10^scale
  const shift = b.scale + scale - a.scale;
  const numerator = shift >= 0 ? a.units * pow10(shift) : a.units / pow10(-shift);
  return { units: numerator / b.units, scale };
}

/** True when `value` is a whole number of `step`s (tick size, step size). */
export function isMultipleOf(value: Decimal, step: Decimal): boolean {
  if (step.units === 0n) return true;
  const scale = Math.max(value.scale, step.scale);
  return atScale(value, scale) % atScale(step, scale) === 0n;
}

/** The nearest multiple of `step` at or below (`down`) or at or above (`up`) `value`. */
export function roundToStep(value: Decimal, step: Decimal, direction: 'down' | 'up'): Decimal {
  if (step.units === 0n) return value;
  const scale = Math.max(value.scale, step.scale);
  const v = atScale(value, scale);
  const s = atScale(step, scale);
  let multiples = v / s;
  if (direction === 'up' && v % s !== 0n) multiples += 1n;
  return { units: multiples * s, scale };
}

/** Number of significant fractional digits of a size: "0.01000000" → 2, "1.00000000" → 0. */
export function fractionDigits(size: string): number {
  const trimmed = dec(size);
  let { units, scale } = trimmed;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return scale;
}

/** Fixed `digits` fractional digits (rounded down), the way an asset's or a market's precision shows it. */
export function toFixed(d: Decimal, digits: number): string {
  return formatDecimal(rescale(d, digits, 'down').units, digits);
}

/** The shortest exact string ("0.5", "30000"). */
export function toPlain(d: Decimal): string {
  return formatDecimal(d.units, d.scale, { trailingZeros: 'trim' });
}

/** Formats an API decimal string with `digits` fractional digits and thousands separators, for display only. */
export function formatAmount(text: string, digits: number): string {
  const parsed = parseDec(text);
  if (!parsed) return text;
  const [whole, fraction] = toFixed(parsed, digits).split('.');
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/**
 * The share a/b as a whole percentage in 0..100 (depth shading widths); not money, so an integer is enough.
 */
export function percentOf(a: Decimal, b: Decimal): number {
  if (b.units === 0n) return 0;
  const scale = Math.max(a.scale, b.scale);
  return Number((atScale(a, scale) * 100n) / atScale(b, scale));
}
