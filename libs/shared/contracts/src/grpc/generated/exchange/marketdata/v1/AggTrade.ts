// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface AggTrade {
  'aggTradeId'?: (number | string | Long);
  'price'?: (string);
  'qty'?: (string);
  'firstTradeId'?: (number | string | Long);
  'lastTradeId'?: (number | string | Long);
  'tradeTimeMs'?: (number | string | Long);
  'isBuyerMaker'?: (boolean);
}

export interface AggTrade__Output {
  'aggTradeId': (string);
  'price': (string);
  'qty': (string);
  'firstTradeId': (string);
  'lastTradeId': (string);
  'tradeTimeMs': (string);
  'isBuyerMaker': (boolean);
}
