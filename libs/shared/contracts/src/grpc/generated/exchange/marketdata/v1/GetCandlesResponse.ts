// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Candle as _exchange_marketdata_v1_Candle, Candle__Output as _exchange_marketdata_v1_Candle__Output } from '../../../exchange/marketdata/v1/Candle';

export interface GetCandlesResponse {
  'symbol'?: (string);
  'interval'?: (string);
  'candles'?: (_exchange_marketdata_v1_Candle)[];
}

export interface GetCandlesResponse__Output {
  'symbol': (string);
  'interval': (string);
  'candles': (_exchange_marketdata_v1_Candle__Output)[];
}
