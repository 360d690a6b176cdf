// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { AggTrade as _exchange_marketdata_v1_AggTrade, AggTrade__Output as _exchange_marketdata_v1_AggTrade__Output } from '../../../exchange/marketdata/v1/AggTrade';

export interface GetAggTradesResponse {
  'trades'?: (_exchange_marketdata_v1_AggTrade)[];
}

export interface GetAggTradesResponse__Output {
  'trades': (_exchange_marketdata_v1_AggTrade__Output)[];
}
