// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ListOrderAmendmentsRequest {
  'symbol'?: (string);
  'orderId'?: (number | string | Long);
  'fromExecutionId'?: (number | string | Long);
  'limit'?: (number);
}

export interface ListOrderAmendmentsRequest__Output {
  'symbol': (string);
  'orderId': (string);
  'fromExecutionId': (string);
  'limit': (number);
}
