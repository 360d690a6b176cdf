// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ListTradesRequest {
  'symbol'?: (string);
  'orderId'?: (number | string | Long);
  'fromId'?: (number | string | Long);
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  'limit'?: (number);
}

export interface ListTradesRequest__Output {
  'symbol': (string);
  'orderId': (string);
  'fromId': (string);
  'startTimeMs': (string);
  'endTimeMs': (string);
  'limit': (number);
}
