// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { SymbolInfo as _exchange_marketdata_v1_SymbolInfo, SymbolInfo__Output as _exchange_marketdata_v1_SymbolInfo__Output } from '../../../exchange/marketdata/v1/SymbolInfo';
import type { Long } from '@grpc/proto-loader';

export interface GetExchangeInfoResponse {
  'serverTimeMs'?: (number | string | Long);
  'symbols'?: (_exchange_marketdata_v1_SymbolInfo)[];
}

export interface GetExchangeInfoResponse__Output {
  'serverTimeMs': (string);
  'symbols': (_exchange_marketdata_v1_SymbolInfo__Output)[];
}
