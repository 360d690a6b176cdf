// Original file: proto/exchange/funding/v1/funding_service.proto


export interface GetDepositAddressResponse {
  'asset'?: (string);
  'address'?: (string);
  'tag'?: (string);
}

export interface GetDepositAddressResponse__Output {
  'asset': (string);
  'address': (string);
  'tag': (string);
}
