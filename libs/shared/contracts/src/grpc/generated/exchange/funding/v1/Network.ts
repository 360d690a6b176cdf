// Original file: proto/exchange/funding/v1/funding_service.proto


export interface Network {
  'network'?: (string);
  'isDefault'?: (boolean);
  'depositEnabled'?: (boolean);
  'withdrawEnabled'?: (boolean);
  'depositDescription'?: (string);
  'withdrawDescription'?: (string);
  'withdrawFee'?: (string);
  'withdrawMin'?: (string);
  'withdrawMax'?: (string);
  'withdrawIntegerMultiple'?: (string);
  'minConfirmations'?: (number);
  'unlockConfirmations'?: (number);
  'addressRegex'?: (string);
}

export interface Network__Output {
  'network': (string);
  'isDefault': (boolean);
  'depositEnabled': (boolean);
  'withdrawEnabled': (boolean);
  'depositDescription': (string);
  'withdrawDescription': (string);
  'withdrawFee': (string);
  'withdrawMin': (string);
  'withdrawMax': (string);
  'withdrawIntegerMultiple': (string);
  'minConfirmations': (number);
  'unlockConfirmations': (number);
  'addressRegex': (string);
}
