// Original file: proto/exchange/marketdata/v1/market_data_service.proto


export interface StreamBookDiffsRequest {
  'symbol'?: (string);
}

export interface StreamBookDiffsRequest__Output {
  'symbol': (string);
}
