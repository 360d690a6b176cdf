// Original file: proto/exchange/marketdata/v1/market_data_service.proto


export interface StreamTickersRequest {
  'symbol'?: (string);
}

export interface StreamTickersRequest__Output {
  'symbol': (string);
}
