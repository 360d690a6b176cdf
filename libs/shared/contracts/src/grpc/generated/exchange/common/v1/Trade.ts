// Original file: proto/exchange/common/v1/common.proto

import type { Side as _exchange_common_v1_Side, Side__Output as _exchange_common_v1_Side__Output } from '../../../exchange/common/v1/Side';
import type { Long } from '@grpc/proto-loader';

export interface Trade {
  'symbol'?: (string);
  'id'?: (number | string | Long);
  'orderId'?: (number | string | Long);
  'side'?: (_exchange_common_v1_Side);
  'price'?: (string);
  'qty'?: (string);
  'quoteQty'?: (string);
  'commission'?: (string);
  'commissionAsset'?: (string);
  'timeMs'?: (number | string | Long);
  'isBuyer'?: (boolean);
  'isMaker'?: (boolean);
}

export interface Trade__Output {
  'symbol': (string);
  'id': (string);
  'orderId': (string);
  'side': (_exchange_common_v1_Side__Output);
  'price': (string);
  'qty': (string);
  'quoteQty': (string);
  'commission': (string);
  'commissionAsset': (string);
  'timeMs': (string);
  'isBuyer': (boolean);
  'isMaker': (boolean);
}
