// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Side as _exchange_common_v1_Side, Side__Output as _exchange_common_v1_Side__Output } from '../../../exchange/common/v1/Side';
import type { OrderType as _exchange_common_v1_OrderType, OrderType__Output as _exchange_common_v1_OrderType__Output } from '../../../exchange/common/v1/OrderType';
import type { TimeInForce as _exchange_common_v1_TimeInForce, TimeInForce__Output as _exchange_common_v1_TimeInForce__Output } from '../../../exchange/common/v1/TimeInForce';
import type { ResponseType as _exchange_trading_v1_ResponseType, ResponseType__Output as _exchange_trading_v1_ResponseType__Output } from '../../../exchange/trading/v1/ResponseType';
import type { SelfTradePreventionMode as _exchange_common_v1_SelfTradePreventionMode, SelfTradePreventionMode__Output as _exchange_common_v1_SelfTradePreventionMode__Output } from '../../../exchange/common/v1/SelfTradePreventionMode';

export interface PlaceOrderRequest {
  'symbol'?: (string);
  'side'?: (_exchange_common_v1_Side);
  'type'?: (_exchange_common_v1_OrderType);
  'timeInForce'?: (_exchange_common_v1_TimeInForce);
  'quantity'?: (string);
  'quoteOrderQty'?: (string);
  'price'?: (string);
  'clientOrderId'?: (string);
  'responseType'?: (_exchange_trading_v1_ResponseType);
  'selfTradePreventionMode'?: (_exchange_common_v1_SelfTradePreventionMode);
  'stopPrice'?: (string);
}

export interface PlaceOrderRequest__Output {
  'symbol': (string);
  'side': (_exchange_common_v1_Side__Output);
  'type': (_exchange_common_v1_OrderType__Output);
  'timeInForce': (_exchange_common_v1_TimeInForce__Output);
  'quantity': (string);
  'quoteOrderQty': (string);
  'price': (string);
  'clientOrderId': (string);
  'responseType': (_exchange_trading_v1_ResponseType__Output);
  'selfTradePreventionMode': (_exchange_common_v1_SelfTradePreventionMode__Output);
  'stopPrice': (string);
}
