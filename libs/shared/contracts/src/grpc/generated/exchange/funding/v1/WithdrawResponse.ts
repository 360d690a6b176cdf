// Original file: proto/exchange/funding/v1/funding_service.proto


export interface WithdrawResponse {
  'withdrawalId'?: (string);
}

export interface WithdrawResponse__Output {
  'withdrawalId': (string);
}
