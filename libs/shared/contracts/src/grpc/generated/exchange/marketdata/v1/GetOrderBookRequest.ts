// Original file: proto/exchange/marketdata/v1/market_data_service.proto


export interface GetOrderBookRequest {
  'symbol'?: (string);
  'limit'?: (number);
}

export interface GetOrderBookRequest__Output {
  'symbol': (string);
  'limit': (number);
}
