// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface GetCandlesRequest {
  'symbol'?: (string);
  'interval'?: (string);
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  'limit'?: (number);
}

export interface GetCandlesRequest__Output {
  'symbol': (string);
  'interval': (string);
  'startTimeMs': (string);
  'endTimeMs': (string);
  'limit': (number);
}
