// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface Ticker {
  'symbol'?: (string);
  'priceChange'?: (string);
  'priceChangePercent'?: (string);
  'weightedAvgPrice'?: (string);
  'openPrice'?: (string);
  'highPrice'?: (string);
  'lowPrice'?: (string);
  'lastPrice'?: (string);
  'volume'?: (string);
  'quoteVolume'?: (string);
  'openTimeMs'?: (number | string | Long);
  'closeTimeMs'?: (number | string | Long);
  'firstTradeId'?: (number | string | Long);
  'lastTradeId'?: (number | string | Long);
  'tradeCount'?: (number | string | Long);
}

export interface Ticker__Output {
  'symbol': (string);
  'priceChange': (string);
  'priceChangePercent': (string);
  'weightedAvgPrice': (string);
  'openPrice': (string);
  'highPrice': (string);
  'lowPrice': (string);
  'lastPrice': (string);
  'volume': (string);
  'quoteVolume': (string);
  'openTimeMs': (string);
  'closeTimeMs': (string);
  'firstTradeId': (string);
  'lastTradeId': (string);
  'tradeCount': (string);
}
