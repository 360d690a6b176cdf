import { formatDecimal, type FormatDecimalOptions, parseDecimal } from './decimal.codec';
import { MoneyInvariantError } from './errors/money-invariant.error';
import { MoneyErrorCode } from './money-error-code.enum';
import { err, ok, type Result } from './result.type';

/** Fee rates are integer parts per million: 1 bp = 100 ppm, 0.1 % = 1000 ppm, 100 % = 1_000_000 ppm. */
export const PPM = 1_000_000;
const PPM_BIG = 1_000_000n;

/** A maker and a taker rate, both integer ppm in 0..PPM. */
export interface FeeSchedule {
  readonly makerPpm: number;
  readonly takerPpm: number;
}

export interface FeeSplit {
  /** What the venue keeps: ceil(amount × rate / 1e6). */
  readonly fee: bigint;
  /** What the payer keeps: amount − fee. */
  readonly net: bigint;
}

export function isValidFeeRate(ratePpm: number): boolean {
  return Number.isInteger(ratePpm) && ratePpm >= 0 && ratePpm <= PPM;
}

/** Validates an integer ppm rate in 0..1_000_000. Rebates (negative rates) are not supported. */
export function validateFeeRate(ratePpm: unknown): Result<number, MoneyErrorCode> {
  if (typeof ratePpm !== 'number' || !isValidFeeRate(ratePpm)) {
    return err(MoneyErrorCode.INVALID_FEE_RATE, `fee rate must be an integer number of ppm in 0..${PPM}`);
  }
  return ok(ratePpm);
}

/** Integer basis points -> ppm (10 bps -> 1000 ppm). */
export function feeRateFromBps(bps: unknown): Result<number, MoneyErrorCode> {
  if (typeof bps !== 'number' || !Number.isInteger(bps)) {
    return err(
      MoneyErrorCode.INVALID_FEE_RATE,
      'basis points must be an integer; use feeRateFromDecimal for fractions',
    );
  }
  return validateFeeRate(bps * 100);
}

/** A decimal fraction string as Binance prints commission rates ("0.00100000") -> ppm (1000). */
export function feeRateFromDecimal(rate: unknown): Result<number, MoneyErrorCode> {
  const parsed = parseDecimal(rate, 6, { allowExcessZeros: true });
  if (!parsed.ok || parsed.value > PPM_BIG) {
    return err(
      MoneyErrorCode.INVALID_FEE_RATE,
      `fee rate "${String(rate)}" must be a decimal in 0..1 with at most 6 places`,
    );
  }
  return ok(Number(parsed.value));
}

/**
 * A ppm rate as a decimal fraction, `feeRateFromDecimal`'s inverse: 1000 -> "0.001000" (six places), "0.001" with
 * `trailingZeros: 'trim'`, "0.00100000" with `minFractionDigits: 8` (Binance's commission strings).
 */
export function feeRateToDecimal(ratePpm: number, options?: FormatDecimalOptions): string {
  return formatDecimal(BigInt(ratePpm), 6, options);
}

export function createFeeSchedule(schedule: {
  makerPpm: unknown;
  takerPpm: unknown;
}): Result<FeeSchedule, MoneyErrorCode> {
  const maker = validateFeeRate(schedule.makerPpm);
  if (!maker.ok) return err(maker.code, `maker: ${maker.message}`);
  const taker = validateFeeRate(schedule.takerPpm);
  if (!taker.ok) return err(taker.code, `taker: ${taker.message}`);
  return ok(Object.freeze({ makerPpm: maker.value, takerPpm: taker.value }));
}

function assertAmount(amount: bigint, what: string): void {
  if (typeof amount !== 'bigint' || amount < 0n) {
    throw new MoneyInvariantError(`${what} must be a non-negative bigint`);
  }
}

function assertRate(ratePpm: number): void {
  if (!isValidFeeRate(ratePpm)) throw new MoneyInvariantError(`fee rate must be an integer ppm in 0..${PPM}`);
}

/**
 * The fee on `amount` minor units: ceil(amount × ratePpm / 1e6), rounded up for the venue.
 * Always 0 ≤ fee ≤ amount, so charging it can never create or destroy a unit.
 */
export function feeFor(amount: bigint, ratePpm: number): bigint {
  assertAmount(amount, 'amount');
  assertRate(ratePpm);
  return (amount * BigInt(ratePpm) + PPM_BIG - 1n) / PPM_BIG;
}

/** Splits `amount` into the venue's fee and the payer's net; fee + net === amount. */
export function splitFee(amount: bigint, ratePpm: number): FeeSplit {
  const fee = feeFor(amount, ratePpm);
  return { fee, net: amount - fee };
}

/** `amount` plus the largest fee it can attract: the headroom a hold needs when a fee may be taken on top. */
export function withFeeHeadroom(amount: bigint, ratePpm: number): bigint {
  return amount + feeFor(amount, ratePpm);
}
