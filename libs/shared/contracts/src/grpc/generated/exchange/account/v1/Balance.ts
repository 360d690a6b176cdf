// Original file: proto/exchange/account/v1/account_service.proto


export interface Balance {
  'asset'?: (string);
  'free'?: (string);
  'locked'?: (string);
}

export interface Balance__Output {
  'asset': (string);
  'free': (string);
  'locked': (string);
}
