// Original file: proto/exchange/marketdata/v1/market_data_service.proto


export interface GetTickersRequest {
  'symbols'?: (string)[];
  'windowSize'?: (string);
  'tradingDayTimeZone'?: (string);
}

export interface GetTickersRequest__Output {
  'symbols': (string)[];
  'windowSize': (string);
  'tradingDayTimeZone': (string);
}
