// Original file: proto/exchange/funding/v1/funding_service.proto


export interface WithdrawRequest {
  'asset'?: (string);
  'network'?: (string);
  'address'?: (string);
  'amount'?: (string);
  'clientWithdrawalId'?: (string);
}

export interface WithdrawRequest__Output {
  'asset': (string);
  'network': (string);
  'address': (string);
  'amount': (string);
  'clientWithdrawalId': (string);
}
