// Original file: proto/exchange/marketdata/v1/market_data_service.proto


export interface GetExchangeInfoRequest {
  'symbols'?: (string)[];
}

export interface GetExchangeInfoRequest__Output {
  'symbols': (string)[];
}
