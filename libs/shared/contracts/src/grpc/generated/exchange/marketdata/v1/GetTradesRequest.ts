// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface GetTradesRequest {
  'symbol'?: (string);
  'fromId'?: (number | string | Long);
  'limit'?: (number);
}

export interface GetTradesRequest__Output {
  'symbol': (string);
  'fromId': (string);
  'limit': (number);
}
