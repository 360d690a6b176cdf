import {
  type DecimalParts,
  formatDecimal,
  type FormatDecimalOptions,
  isValidDecimals,
  MAX_ASSET_DECIMALS,
  parseDecimalParts,
  pow10,
} from './decimal.codec';
import { MoneyInvariantError } from './errors/money-invariant.error';
import { MoneyErrorCode } from './money-error-code.enum';
import { err, ok, type Result } from './result.type';

const ASSET_CODE_PATTERN = /^[A-Z0-9]{1,20}$/;

/** An asset as the money rules see it: a code and the number of decimal places of its minor unit. */
export interface AssetScale {
  readonly code: string;
  readonly decimals: number;
}

export interface MarketScaleConfig {
  readonly base: AssetScale;
  readonly quote: AssetScale;
  /** Price increment, in quote per one whole base unit (Binance `PRICE_FILTER.tickSize`). */
  readonly tickSize: string;
  /** Quantity increment, in whole base units (Binance `LOT_SIZE.stepSize`). */
  readonly stepSize: string;
}

/**
 * The integer grid of a market.
 * - price = ticks × tickUnits / 10^tickScale (quote per whole base unit)
 * - quantity = lots × lotBaseUnits base minor units
 * - quote of a fill = ticks × lots × quoteUnitsPerTickLot quote minor units, exactly.
 */
export interface MarketScale {
  readonly base: AssetScale;
  readonly quote: AssetScale;
  /** Canonical (trimmed) tick size. */
  readonly tickSize: string;
  /** Canonical (trimmed) step size. */
  readonly stepSize: string;
  readonly tickUnits: bigint;
  readonly tickScale: number;
  readonly lotBaseUnits: bigint;
  readonly quoteUnitsPerTickLot: bigint;
}

function validateAsset(asset: AssetScale, role: string): Result<AssetScale, MoneyErrorCode> {
  if (typeof asset?.code !== 'string' || !ASSET_CODE_PATTERN.test(asset.code)) {
    return err(MoneyErrorCode.INVALID_ASSET_CODE, `${role} asset code must match ${ASSET_CODE_PATTERN}`);
  }
  if (!isValidDecimals(asset.decimals)) {
    return err(
      MoneyErrorCode.INVALID_ASSET_DECIMALS,
      `${role} asset ${asset.code} decimals must be an integer in 0..${MAX_ASSET_DECIMALS}`,
    );
  }
  return ok(Object.freeze({ code: asset.code, decimals: asset.decimals }));
}

/** Drops trailing fractional zeros: "0.0100" -> digits 1, scale 2. */
function normalise(parts: DecimalParts): DecimalParts {
  let { digits, scale } = parts;
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale -= 1;
  }
  return { negative: parts.negative, digits, scale };
}

/**
 * Validates a market's tick and step sizes against its assets and derives the integer grid.
 * Rejects a step that is not a whole number of base minor units, and a tick × step that is not a
 * whole number of quote minor units (then the quote of a fill could not be settled exactly).
 * A tick smaller than one quote minor unit is fine as long as tick × step is whole.
 */
export function createMarketScale(config: MarketScaleConfig): Result<MarketScale, MoneyErrorCode> {
  const base = validateAsset(config.base, 'base');
  if (!base.ok) return base;
  const quote = validateAsset(config.quote, 'quote');
  if (!quote.ok) return quote;
  if (base.value.code === quote.value.code) {
    return err(MoneyErrorCode.SAME_BASE_AND_QUOTE, `base and quote are both ${base.value.code}`);
  }

  const tickParts = parseDecimalParts(config.tickSize);
  if (!tickParts.ok || tickParts.value.digits === 0n) {
    return err(
      MoneyErrorCode.INVALID_TICK_SIZE,
      `tickSize "${String(config.tickSize)}" must be a positive decimal`,
    );
  }
  const stepParts = parseDecimalParts(config.stepSize);
  if (!stepParts.ok || stepParts.value.digits === 0n) {
    return err(
      MoneyErrorCode.INVALID_STEP_SIZE,
      `stepSize "${String(config.stepSize)}" must be a positive decimal`,
    );
  }
  const tick = normalise(tickParts.value);
  const step = normalise(stepParts.value);

  if (step.scale > base.value.decimals) {
    return err(
      MoneyErrorCode.STEP_NOT_IN_BASE_UNITS,
      `stepSize ${config.stepSize} is finer than one ${base.value.code} minor unit (${base.value.decimals} decimals)`,
    );
  }
  const lotBaseUnits = step.digits * pow10(base.value.decimals - step.scale);

  // quote minor units of one tick × one lot = tickUnits/10^tickScale × lotBaseUnits/10^baseDecimals × 10^quoteDecimals
  const numerator = tick.digits * lotBaseUnits * pow10(quote.value.decimals);
  const denominator = pow10(tick.scale + base.value.decimals);
  if (numerator % denominator !== 0n) {
    return err(
      MoneyErrorCode.TICK_LOT_NOT_IN_QUOTE_UNITS,
      `tickSize ${config.tickSize} × stepSize ${config.stepSize} is not a whole number of ${quote.value.code} minor units`,
    );
  }

  return ok(
    Object.freeze({
      base: base.value,
      quote: quote.value,
      tickSize: formatDecimal(tick.digits, tick.scale),
      stepSize: formatDecimal(step.digits, step.scale),
      tickUnits: tick.digits,
      tickScale: tick.scale,
      lotBaseUnits,
      quoteUnitsPerTickLot: numerator / denominator,
    }),
  );
}

/**
 * Divides an exact decimal by a grid unit (unit = unitDigits / 10^unitScale).
 * Returns the integer count, or undefined when the value is not on the grid.
 */
function countOnGrid(value: DecimalParts, unitDigits: bigint, unitScale: number): bigint | undefined {
  const numerator = value.digits * pow10(unitScale);
  const denominator = pow10(value.scale) * unitDigits;
  return numerator % denominator === 0n ? numerator / denominator : undefined;
}

function toSafeCount(
  count: bigint,
  text: string,
  code: MoneyErrorCode.TICKS_OUT_OF_RANGE | MoneyErrorCode.LOTS_OUT_OF_RANGE,
): Result<number, MoneyErrorCode> {
  if (count > BigInt(Number.MAX_SAFE_INTEGER)) {
    return err(code, `"${text}" is beyond the market's safe integer range`);
  }
  return ok(Number(count));
}

/** "30000.01" -> integer ticks. Rejects zero, negatives, malformed strings and prices off the tick grid. */
export function priceToTicks(scale: MarketScale, price: unknown): Result<number, MoneyErrorCode> {
  const parts = parseDecimalParts(price);
  if (!parts.ok) return parts;
  if (parts.value.digits === 0n) return err(MoneyErrorCode.NOT_POSITIVE, 'price must be positive');
  const ticks = countOnGrid(parts.value, scale.tickUnits, scale.tickScale);
  if (ticks === undefined) {
    return err(
      MoneyErrorCode.PRICE_NOT_ON_TICK,
      `price ${String(price)} is not a multiple of tickSize ${scale.tickSize}`,
    );
  }
  return toSafeCount(ticks, String(price), MoneyErrorCode.TICKS_OUT_OF_RANGE);
}

/** "0.001" -> integer lots. Rejects zero, negatives, malformed strings and quantities off the step grid. */
export function quantityToLots(scale: MarketScale, quantity: unknown): Result<number, MoneyErrorCode> {
  const parts = parseDecimalParts(quantity);
  if (!parts.ok) return parts;
  if (parts.value.digits === 0n) return err(MoneyErrorCode.NOT_POSITIVE, 'quantity must be positive');
  const lots = countOnGrid(parts.value, scale.lotBaseUnits, scale.base.decimals);
  if (lots === undefined) {
    return err(
      MoneyErrorCode.QUANTITY_NOT_ON_STEP,
      `quantity ${String(quantity)} is not a multiple of stepSize ${scale.stepSize}`,
    );
  }
  return toSafeCount(lots, String(quantity), MoneyErrorCode.LOTS_OUT_OF_RANGE);
}

/** Throws on a count that intake should have rejected: a negative, fractional or unsafe number. */
export function assertCount(count: number | bigint, what: string): bigint {
  if (typeof count === 'number' && !Number.isSafeInteger(count)) {
    throw new MoneyInvariantError(`${what} must be a safe integer, got ${count}`);
  }
  const value = BigInt(count);
  if (value < 0n) throw new MoneyInvariantError(`${what} must not be negative, got ${count}`);
  return value;
}

/** Integer ticks -> price string; padded to the tick's decimals by default ("30000.01"). */
export function ticksToPrice(
  scale: MarketScale,
  ticks: number | bigint,
  format?: FormatDecimalOptions,
): string {
  return formatDecimal(assertCount(ticks, 'ticks') * scale.tickUnits, scale.tickScale, format);
}

/** Integer lots -> quantity string; padded to the base asset's decimals by default. */
export function lotsToQuantity(
  scale: MarketScale,
  lots: number | bigint,
  format?: FormatDecimalOptions,
): string {
  return formatDecimal(lotsToBaseUnits(scale, lots), scale.base.decimals, format);
}

/** Integer lots -> base minor units. */
export function lotsToBaseUnits(scale: MarketScale, lots: number | bigint): bigint {
  return assertCount(lots, 'lots') * scale.lotBaseUnits;
}

/** The exact quote amount, in quote minor units, of `lots` at `ticks` (price × quantity). */
export function fillQuoteUnits(scale: MarketScale, ticks: number | bigint, lots: number | bigint): bigint {
  return assertCount(ticks, 'ticks') * assertCount(lots, 'lots') * scale.quoteUnitsPerTickLot;
}
