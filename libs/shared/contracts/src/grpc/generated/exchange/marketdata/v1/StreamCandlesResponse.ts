// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Long } from '@grpc/proto-loader';

export interface StreamCandlesResponse {
  'symbol'?: (string);
  'interval'?: (string);
  'openTimeMs'?: (number | string | Long);
  'closeTimeMs'?: (number | string | Long);
  'open'?: (string);
  'high'?: (string);
  'low'?: (string);
  'close'?: (string);
  'volume'?: (string);
  'quoteVolume'?: (string);
  'tradeCount'?: (number | string | Long);
  'isClosed'?: (boolean);
  'eventTimeMs'?: (number | string | Long);
}

export interface StreamCandlesResponse__Output {
  'symbol': (string);
  'interval': (string);
  'openTimeMs': (string);
  'closeTimeMs': (string);
  'open': (string);
  'high': (string);
  'low': (string);
  'close': (string);
  'volume': (string);
  'quoteVolume': (string);
  'tradeCount': (string);
  'isClosed': (boolean);
  'eventTimeMs': (string);
}
