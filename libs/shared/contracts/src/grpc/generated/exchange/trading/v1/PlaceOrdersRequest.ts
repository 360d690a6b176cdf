// Original file: proto/exchange/trading/v1/trading_service.proto

import type { PlaceOrderRequest as _exchange_trading_v1_PlaceOrderRequest, PlaceOrderRequest__Output as _exchange_trading_v1_PlaceOrderRequest__Output } from '../../../exchange/trading/v1/PlaceOrderRequest';

export interface PlaceOrdersRequest {
  'orders'?: (_exchange_trading_v1_PlaceOrderRequest)[];
}

export interface PlaceOrdersRequest__Output {
  'orders': (_exchange_trading_v1_PlaceOrderRequest__Output)[];
}
