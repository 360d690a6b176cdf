// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { PublicTrade as _exchange_marketdata_v1_PublicTrade, PublicTrade__Output as _exchange_marketdata_v1_PublicTrade__Output } from '../../../exchange/marketdata/v1/PublicTrade';

export interface GetTradesResponse {
  'trades'?: (_exchange_marketdata_v1_PublicTrade)[];
}

export interface GetTradesResponse__Output {
  'trades': (_exchange_marketdata_v1_PublicTrade__Output)[];
}
