// Original file: proto/exchange/funding/v1/funding_service.proto


export interface GetDepositAddressRequest {
  'asset'?: (string);
  'network'?: (string);
}

export interface GetDepositAddressRequest__Output {
  'asset': (string);
  'network': (string);
}
