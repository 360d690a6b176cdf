import { MoneyInvariantError } from './errors/money-invariant.error';
import { MoneyErrorCode } from './money-error-code.enum';
import { err, ok, type Result } from './result.type';

/** Largest `decimals` an asset may declare (ETH-like tokens use 18). */
export const MAX_ASSET_DECIMALS = 36;

/** Longest decimal string accepted, sign and point included: bounds the work a request can cause. */
export const MAX_DECIMAL_LENGTH = 80;

/** Binance formats every decimal with this many fractional digits ("30000.00000000"). */
export const BINANCE_FRACTION_DIGITS = 8;

const DECIMAL_PATTERN = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/**
 * An exact decimal as an integer and a power of ten: value = (negative ? -1 : 1) * digits / 10^scale.
 * `scale` is the number of fractional digits as written (trailing zeros included).
 */
export interface DecimalParts {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly scale: number;
}

export interface ParseDecimalPartsOptions {
  /** Accept a leading `-`. Default false: amounts, prices and quantities are never signed. */
  readonly allowNegative?: boolean;
}

export interface ParseDecimalOptions extends ParseDecimalPartsOptions {
  /**
   * Accept more fractional digits than `decimals` when every extra digit is `0`
   * ("1.50000000" for a 2-decimal asset). Default false: any extra digit is rejected.
   * A non-zero extra digit is always rejected; nothing is ever rounded.
   */
  readonly allowExcessZeros?: boolean;
  /** Reject magnitudes above this many minor units. */
  readonly max?: bigint;
}

export type TrailingZeros = 'pad' | 'trim';

export interface FormatDecimalOptions {
  /** `pad` (default): exactly `decimals` fractional digits. `trim`: drop trailing zeros and a bare point. */
  readonly trailingZeros?: TrailingZeros;
  /** After trimming or padding, pad with zeros to at least this many fractional digits. Never removes digits. */
  readonly minFractionDigits?: number;
}

export function isValidDecimals(decimals: number): boolean {
  return Number.isInteger(decimals) && decimals >= 0 && decimals <= MAX_ASSET_DECIMALS;
}

export function pow10(exponent: number): bigint {
  if (!Number.isInteger(exponent) || exponent < 0) {
    throw new MoneyInvariantError(`pow10 needs a non-negative integer exponent, got ${exponent}`);
  }
  return 10n ** BigInt(exponent);
}

/**
 * Grammar check and exact decomposition of a decimal string: ASCII digits, an optional single `.`
 * with digits on both sides, an optional leading `-` only if allowed. No `+`, exponent, spaces,
 * separators, or bare `.5` / `5.`.
 */
export function parseDecimalParts(
  text: unknown,
  options: ParseDecimalPartsOptions = {},
): Result<DecimalParts, MoneyErrorCode> {
  if (typeof text !== 'string') {
    return err(MoneyErrorCode.NOT_A_STRING, `expected a decimal string, got ${typeof text}`);
  }
  if (text.length > MAX_DECIMAL_LENGTH) {
    return err(
      MoneyErrorCode.DECIMAL_TOO_LONG,
      `decimal string longer than ${MAX_DECIMAL_LENGTH} characters`,
    );
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) {
    return err(MoneyErrorCode.INVALID_DECIMAL_FORMAT, `"${text}" is not a plain decimal number`);
  }
  const [, sign, whole, fraction = ''] = match;
  const negative = sign === '-';
  const digits = BigInt(whole + fraction);
  if (negative && !options.allowNegative) {
    return err(
      MoneyErrorCode.NEGATIVE_NOT_ALLOWED,
      `"${text}" has a sign; only unsigned values are accepted`,
    );
  }
  return ok({ negative: negative && digits !== 0n, digits, scale: fraction.length });
}

/**
 * Parses a decimal string into a bigint count of minor units of an asset with `decimals` places.
 * Rejects, never rounds: more fractional digits than `decimals` is `TOO_MANY_DECIMALS`.
 */
export function parseDecimal(
  text: unknown,
  decimals: number,
  options: ParseDecimalOptions = {},
): Result<bigint, MoneyErrorCode> {
  if (!isValidDecimals(decimals)) {
    return err(
      MoneyErrorCode.INVALID_ASSET_DECIMALS,
      `decimals must be an integer in 0..${MAX_ASSET_DECIMALS}`,
    );
  }
  const parts = parseDecimalParts(text, options);
  if (!parts.ok) return parts;
  const { negative, scale } = parts.value;
  let { digits } = parts.value;
  if (scale > decimals) {
    const excess = pow10(scale - decimals);
    if (!options.allowExcessZeros || digits % excess !== 0n) {
      return err(
        MoneyErrorCode.TOO_MANY_DECIMALS,
        `"${String(text)}" has ${scale} fractional digits, at most ${decimals} allowed`,
      );
    }
    digits /= excess;
  } else {
    digits *= pow10(decimals - scale);
  }
  if (options.max !== undefined && digits > options.max) {
    return err(
      MoneyErrorCode.AMOUNT_OUT_OF_RANGE,
      `"${String(text)}" exceeds the maximum ${options.max} minor units`,
    );
  }
  return ok(negative ? -digits : digits);
}

/** Formats minor units as a decimal string. Exact: never rounds (see `FormatDecimalOptions`). */
export function formatDecimal(units: bigint, decimals: number, options?: FormatDecimalOptions): string {
  if (!isValidDecimals(decimals)) {
    throw new MoneyInvariantError(`decimals must be an integer in 0..${MAX_ASSET_DECIMALS}, got ${decimals}`);
  }
  return options === undefined ? formatPadded(units, decimals) : formatWith(units, decimals, options);
}

/** Zeros enough to pad any magnitude to `MAX_ASSET_DECIMALS` fractional digits and a whole zero. */
const ZEROS = '0'.repeat(MAX_ASSET_DECIMALS + 1);

/** `formatDecimal` without options: exactly `decimals` fractional digits (every view and message of an amount). */
function formatPadded(units: bigint, decimals: number): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (digits.length <= decimals) digits = ZEROS.slice(0, decimals + 1 - digits.length) + digits;
  const text =
    decimals === 0
      ? digits
      : `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
  return negative ? `-${text}` : text;
}

function formatWith(units: bigint, decimals: number, options: FormatDecimalOptions): string {
  const minFractionDigits = options.minFractionDigits ?? 0;
  if (!Number.isInteger(minFractionDigits) || minFractionDigits < 0) {
    throw new MoneyInvariantError(
      `minFractionDigits must be a non-negative integer, got ${minFractionDigits}`,
    );
  }
  // The padded text, its fraction trimmed and padded as asked.
  const [whole, padded = ''] = formatPadded(units, decimals).split('.');
  let fraction = padded;
  if ((options.trailingZeros ?? 'pad') === 'trim') fraction = fraction.replace(/0+$/, '');
  fraction = fraction.padEnd(minFractionDigits, '0');
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * Binance style: at least 8 fractional digits ("30000.00000000", "0.00100000").
 * Assets with more than 8 decimals keep their significant digits instead of being rounded.
 */
export function formatBinanceDecimal(units: bigint, decimals: number): string {
  return formatDecimal(units, decimals, {
    trailingZeros: 'trim',
    minFractionDigits: BINANCE_FRACTION_DIGITS,
  });
}
