// Original file: proto/exchange/trading/v1/trading_service.proto


export interface CancelAllRequest {
  'symbol'?: (string);
}

export interface CancelAllRequest__Output {
  'symbol': (string);
}
