// Original file: proto/exchange/common/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface Fill {
  'tradeId'?: (number | string | Long);
  'price'?: (string);
  'qty'?: (string);
  'commission'?: (string);
  'commissionAsset'?: (string);
}

export interface Fill__Output {
  'tradeId': (string);
  'price': (string);
  'qty': (string);
  'commission': (string);
  'commissionAsset': (string);
}
