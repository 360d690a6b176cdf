/** Error codes of the market-data queries (7000–7999), sent as `RpcException({ code, message })`. */
export enum MarketDataErrorCode {
  INVALID_REQUEST = 7001,
  UNKNOWN_SYMBOL = 7002,
}
