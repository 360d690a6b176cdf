// Original file: proto/exchange/common/v1/common.proto


export interface PriceLevel {
  'price'?: (string);
  'qty'?: (string);
}

export interface PriceLevel__Output {
  'price': (string);
  'qty': (string);
}
