// Original file: proto/exchange/marketdata/v1/market_data_service.proto


export interface GetAvgPriceRequest {
  'symbol'?: (string);
}

export interface GetAvgPriceRequest__Output {
  'symbol': (string);
}
