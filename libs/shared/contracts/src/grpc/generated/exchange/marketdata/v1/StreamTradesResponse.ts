// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface StreamTradesResponse {
  'symbol'?: (string);
  'tradeId'?: (number | string | Long);
  'price'?: (string);
  'qty'?: (string);
  'tradeTimeMs'?: (number | string | Long);
  'isBuyerMaker'?: (boolean);
  'eventTimeMs'?: (number | string | Long);
}

export interface StreamTradesResponse__Output {
  'symbol': (string);
  'tradeId': (string);
  'price': (string);
  'qty': (string);
  'tradeTimeMs': (string);
  'isBuyerMaker': (boolean);
  'eventTimeMs': (string);
}
