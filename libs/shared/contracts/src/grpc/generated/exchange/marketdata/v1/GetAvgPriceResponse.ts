// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface GetAvgPriceResponse {
  'mins'?: (number);
  'price'?: (string);
  'lastTradeTimeMs'?: (number | string | Long);
}

export interface GetAvgPriceResponse__Output {
  'mins': (number);
  'price': (string);
  'lastTradeTimeMs': (string);
}
