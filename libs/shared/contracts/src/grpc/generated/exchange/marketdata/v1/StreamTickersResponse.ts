// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface StreamTickersResponse {
  'symbol'?: (string);
  'priceChange'?: (string);
  'priceChangePercent'?: (string);
  'weightedAvgPrice'?: (string);
  'lastPrice'?: (string);
  'lastQty'?: (string);
  'bidPrice'?: (string);
  'bidQty'?: (string);
  'askPrice'?: (string);
  'askQty'?: (string);
  'openPrice'?: (string);
  'highPrice'?: (string);
  'lowPrice'?: (string);
  'volume'?: (string);
  'quoteVolume'?: (string);
  'openTimeMs'?: (number | string | Long);
  'closeTimeMs'?: (number | string | Long);
  'tradeCount'?: (number | string | Long);
  'eventTimeMs'?: (number | string | Long);
}

export interface StreamTickersResponse__Output {
  'symbol': (string);
  'priceChange': (string);
  'priceChangePercent': (string);
  'weightedAvgPrice': (string);
  'lastPrice': (string);
  'lastQty': (string);
  'bidPrice': (string);
  'bidQty': (string);
  'askPrice': (string);
  'askQty': (string);
  'openPrice': (string);
  'highPrice': (string);
  'lowPrice': (string);
  'volume': (string);
  'quoteVolume': (string);
  'openTimeMs': (string);
  'closeTimeMs': (string);
  'tradeCount': (string);
  'eventTimeMs': (string);
}
