// Original file: proto/exchange/trading/v1/trading_service.proto


export interface ListOpenOrdersRequest {
  'symbol'?: (string);
}

export interface ListOpenOrdersRequest__Output {
  'symbol': (string);
}
