import { BinanceApiError, BinanceErrorCode } from './binance-error-code';

/**
 * An optional integer parameter's value within `range`, as Binance reads one: -1100 when it is not 1 to 20 digits,
 * -1102 when it is out of range; undefined when it was not sent. Shared by the query-string reader of the market
 * routes (`MarketQueryParser`) and the signed routes' `RequestParams` (`integerParam`).
 */
export function integerValue(
  name: string,
  value: string | undefined,
  range: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,20}$/.test(value)) {
    throw new BinanceApiError(
      BinanceErrorCode.ILLEGAL_CHARS,
      `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
    );
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new BinanceApiError(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      `Parameter '${name}' must be from ${range.min} to ${range.max}.`,
    );
  }
  return n;
}
