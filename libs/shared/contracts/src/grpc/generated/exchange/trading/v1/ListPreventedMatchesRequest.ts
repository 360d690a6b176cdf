// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ListPreventedMatchesRequest {
  'symbol'?: (string);
  'preventedMatchId'?: (number | string | Long);
  'orderId'?: (number | string | Long);
  'fromPreventedMatchId'?: (number | string | Long);
  'limit'?: (number);
}

export interface ListPreventedMatchesRequest__Output {
  'symbol': (string);
  'preventedMatchId': (string);
  'orderId': (string);
  'fromPreventedMatchId': (string);
  'limit': (number);
}
