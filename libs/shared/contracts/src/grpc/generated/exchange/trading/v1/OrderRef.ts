// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Long } from '@grpc/proto-loader';

export interface OrderRef {
  'orderId'?: (number | string | Long);
  'clientOrderId'?: (string);
  'ref'?: "orderId"|"clientOrderId";
}

export interface OrderRef__Output {
  'orderId'?: (string);
  'clientOrderId'?: (string);
  'ref'?: "orderId"|"clientOrderId";
}
