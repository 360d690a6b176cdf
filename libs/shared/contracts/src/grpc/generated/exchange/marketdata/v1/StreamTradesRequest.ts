// Original file: proto/exchange/marketdata/v1/market_data_service.proto


export interface StreamTradesRequest {
  'symbol'?: (string);
}

export interface StreamTradesRequest__Output {
  'symbol': (string);
}
