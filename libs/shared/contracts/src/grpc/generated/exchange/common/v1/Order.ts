// Original file: proto/exchange/common/v1/common.proto

import type { Side as _exchange_common_v1_Side, Side__Output as _exchange_common_v1_Side__Output } from '../../../exchange/common/v1/Side';
import type { OrderType as _exchange_common_v1_OrderType, OrderType__Output as _exchange_common_v1_OrderType__Output } from '../../../exchange/common/v1/OrderType';
import type { TimeInForce as _exchange_common_v1_TimeInForce, TimeInForce__Output as _exchange_common_v1_TimeInForce__Output } from '../../../exchange/common/v1/TimeInForce';
import type { OrderStatus as _exchange_common_v1_OrderStatus, OrderStatus__Output as _exchange_common_v1_OrderStatus__Output } from '../../../exchange/common/v1/OrderStatus';
import type { SelfTradePreventionMode as _exchange_common_v1_SelfTradePreventionMode, SelfTradePreventionMode__Output as _exchange_common_v1_SelfTradePreventionMode__Output } from '../../../exchange/common/v1/SelfTradePreventionMode';
import type { Long } from '@grpc/proto-loader';

export interface Order {
  'symbol'?: (string);
  'orderId'?: (number | string | Long);
  'clientOrderId'?: (string);
  'side'?: (_exchange_common_v1_Side);
  'type'?: (_exchange_common_v1_OrderType);
  'timeInForce'?: (_exchange_common_v1_TimeInForce);
  'price'?: (string);
  'origQty'?: (string);
  'executedQty'?: (string);
  'cumulativeQuoteQty'?: (string);
  'origQuoteOrderQty'?: (string);
  'status'?: (_exchange_common_v1_OrderStatus);
  'timeMs'?: (number | string | Long);
  'updateTimeMs'?: (number | string | Long);
  'isWorking'?: (boolean);
  'stopPrice'?: (string);
  'workingTimeMs'?: (number | string | Long);
  'selfTradePreventionMode'?: (_exchange_common_v1_SelfTradePreventionMode);
  'preventedQuantity'?: (string);
  'preventedMatchId'?: (number | string | Long);
}

export interface Order__Output {
  'symbol': (string);
  'orderId': (string);
  'clientOrderId': (string);
  'side': (_exchange_common_v1_Side__Output);
  'type': (_exchange_common_v1_OrderType__Output);
  'timeInForce': (_exchange_common_v1_TimeInForce__Output);
  'price': (string);
  'origQty': (string);
  'executedQty': (string);
  'cumulativeQuoteQty': (string);
  'origQuoteOrderQty': (string);
  'status': (_exchange_common_v1_OrderStatus__Output);
  'timeMs': (string);
  'updateTimeMs': (string);
  'isWorking': (boolean);
  'stopPrice': (string);
  'workingTimeMs': (string);
  'selfTradePreventionMode': (_exchange_common_v1_SelfTradePreventionMode__Output);
  'preventedQuantity': (string);
  'preventedMatchId': (string);
}
