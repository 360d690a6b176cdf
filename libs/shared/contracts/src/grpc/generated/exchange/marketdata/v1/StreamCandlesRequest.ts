// Original file: proto/exchange/marketdata/v1/market_data_service.proto


export interface StreamCandlesRequest {
  'symbol'?: (string);
  'interval'?: (string);
}

export interface StreamCandlesRequest__Output {
  'symbol': (string);
  'interval': (string);
}
