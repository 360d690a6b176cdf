// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface PublicTrade {
  'tradeId'?: (number | string | Long);
  'price'?: (string);
  'qty'?: (string);
  'quoteQty'?: (string);
  'tradeTimeMs'?: (number | string | Long);
  'isBuyerMaker'?: (boolean);
}

export interface PublicTrade__Output {
  'tradeId': (string);
  'price': (string);
  'qty': (string);
  'quoteQty': (string);
  'tradeTimeMs': (string);
  'isBuyerMaker': (boolean);
}
