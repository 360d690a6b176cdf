export { splitEvenly, splitProportionally } from './amount-split.util';
export {
  BINANCE_FRACTION_DIGITS,
  type DecimalParts,
  formatBinanceDecimal,
  formatDecimal,
  type FormatDecimalOptions,
  isValidDecimals,
  MAX_ASSET_DECIMALS,
  MAX_DECIMAL_LENGTH,
  parseDecimal,
  type ParseDecimalOptions,
  parseDecimalParts,
  type ParseDecimalPartsOptions,
  pow10,
  type TrailingZeros,
} from './decimal.codec';
export { MoneyInvariantError } from './errors/money-invariant.error';
export {
  createFeeSchedule,
  feeFor,
  feeRateFromBps,
  feeRateFromDecimal,
  feeRateToDecimal,
  type FeeSchedule,
  type FeeSplit,
  isValidFeeRate,
  PPM,
  splitFee,
  validateFeeRate,
  withFeeHeadroom,
} from './fee.policy';
export {
  assertCount,
  type AssetScale,
  createMarketScale,
  fillQuoteUnits,
  lotsToBaseUnits,
  lotsToQuantity,
  type MarketScale,
  type MarketScaleConfig,
  priceToTicks,
  quantityToLots,
  ticksToPrice,
} from './market-scale.model';
export { MoneyErrorCode } from './money-error-code.enum';
export { type Err, err, type Ok, ok, type Result } from './result.type';
