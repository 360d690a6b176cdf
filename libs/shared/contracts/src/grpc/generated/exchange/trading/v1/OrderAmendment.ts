// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Long } from '@grpc/proto-loader';

export interface OrderAmendment {
  'symbol'?: (string);
  'orderId'?: (number | string | Long);
  'executionId'?: (number | string | Long);
  'clientOrderId'?: (string);
  'origQty'?: (string);
  'newQty'?: (string);
  'timeMs'?: (number | string | Long);
}

export interface OrderAmendment__Output {
  'symbol': (string);
  'orderId': (string);
  'executionId': (string);
  'clientOrderId': (string);
  'origQty': (string);
  'newQty': (string);
  'timeMs': (string);
}
