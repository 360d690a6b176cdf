// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface GetAggTradesRequest {
  'symbol'?: (string);
  'fromId'?: (number | string | Long);
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  'limit'?: (number);
}

export interface GetAggTradesRequest__Output {
  'symbol': (string);
  'fromId': (string);
  'startTimeMs': (string);
  'endTimeMs': (string);
  'limit': (number);
}
