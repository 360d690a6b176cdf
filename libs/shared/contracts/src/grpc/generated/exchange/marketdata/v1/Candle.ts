// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface Candle {
  'openTimeMs'?: (number | string | Long);
  'closeTimeMs'?: (number | string | Long);
  'open'?: (string);
  'high'?: (string);
  'low'?: (string);
  'close'?: (string);
  'volume'?: (string);
  'quoteVolume'?: (string);
  'tradeCount'?: (number | string | Long);
  'takerBuyVolume'?: (string);
  'takerBuyQuoteVolume'?: (string);
}

export interface Candle__Output {
  'openTimeMs': (string);
  'closeTimeMs': (string);
  'open': (string);
  'high': (string);
  'low': (string);
  'close': (string);
  'volume': (string);
  'quoteVolume': (string);
  'tradeCount': (string);
  'takerBuyVolume': (string);
  'takerBuyQuoteVolume': (string);
}
