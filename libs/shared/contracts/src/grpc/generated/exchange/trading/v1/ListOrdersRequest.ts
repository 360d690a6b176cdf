// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ListOrdersRequest {
  'symbol'?: (string);
  'orderId'?: (number | string | Long);
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  'limit'?: (number);
}

export interface ListOrdersRequest__Output {
  'symbol': (string);
  'orderId': (string);
  'startTimeMs': (string);
  'endTimeMs': (string);
  'limit': (number);
}
