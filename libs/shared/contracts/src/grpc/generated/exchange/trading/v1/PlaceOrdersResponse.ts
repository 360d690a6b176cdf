// Original file: proto/exchange/trading/v1/trading_service.proto

import type { PlaceOrdersResult as _exchange_trading_v1_PlaceOrdersResult, PlaceOrdersResult__Output as _exchange_trading_v1_PlaceOrdersResult__Output } from '../../../exchange/trading/v1/PlaceOrdersResult';

export interface PlaceOrdersResponse {
  'results'?: (_exchange_trading_v1_PlaceOrdersResult)[];
}

export interface PlaceOrdersResponse__Output {
  'results': (_exchange_trading_v1_PlaceOrdersResult__Output)[];
}
