/**
 * Every typed rejection of the money library. Numbered by subsystem:
 * 10xx decimal strings, 11xx market scales, 12xx fees.
 * Wallet codes start at 2000 (see `@exchange/wallet-domain`); never reuse a number.
 */
export enum MoneyErrorCode {
  // 10xx: decimal strings and asset scales
  NOT_A_STRING = 1001,
  INVALID_DECIMAL_FORMAT = 1002,
  NEGATIVE_NOT_ALLOWED = 1003,
  TOO_MANY_DECIMALS = 1004,
  DECIMAL_TOO_LONG = 1005,
  AMOUNT_OUT_OF_RANGE = 1006,
  INVALID_ASSET_DECIMALS = 1007,
  INVALID_ASSET_CODE = 1008,

  // 11xx: market scales (tick size, step size, ticks and lots)
  INVALID_TICK_SIZE = 1101,
  INVALID_STEP_SIZE = 1102,
  STEP_NOT_IN_BASE_UNITS = 1103,
  TICK_LOT_NOT_IN_QUOTE_UNITS = 1104,
  PRICE_NOT_ON_TICK = 1105,
  QUANTITY_NOT_ON_STEP = 1106,
  NOT_POSITIVE = 1107,
  TICKS_OUT_OF_RANGE = 1108,
  LOTS_OUT_OF_RANGE = 1109,
  SAME_BASE_AND_QUOTE = 1110,

  // 12xx: fees
  INVALID_FEE_RATE = 1201,
}
