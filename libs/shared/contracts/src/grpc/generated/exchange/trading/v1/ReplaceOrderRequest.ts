// Original file: proto/exchange/trading/v1/trading_service.proto

import type { OrderRef as _exchange_trading_v1_OrderRef, OrderRef__Output as _exchange_trading_v1_OrderRef__Output } from '../../../exchange/trading/v1/OrderRef';
import type { PlaceOrderRequest as _exchange_trading_v1_PlaceOrderRequest, PlaceOrderRequest__Output as _exchange_trading_v1_PlaceOrderRequest__Output } from '../../../exchange/trading/v1/PlaceOrderRequest';
import type { CancelRestriction as _exchange_trading_v1_CancelRestriction, CancelRestriction__Output as _exchange_trading_v1_CancelRestriction__Output } from '../../../exchange/trading/v1/CancelRestriction';

export interface ReplaceOrderRequest {
  'cancelRef'?: (_exchange_trading_v1_OrderRef | null);
  'newOrder'?: (_exchange_trading_v1_PlaceOrderRequest | null);
  'allowCancelFailure'?: (boolean);
  'cancelRestriction'?: (_exchange_trading_v1_CancelRestriction);
  'cancelWhenOrderLimitExceeded'?: (boolean);
}

export interface ReplaceOrderRequest__Output {
  'cancelRef': (_exchange_trading_v1_OrderRef__Output | null);
  'newOrder': (_exchange_trading_v1_PlaceOrderRequest__Output | null);
  'allowCancelFailure': (boolean);
  'cancelRestriction': (_exchange_trading_v1_CancelRestriction__Output);
  'cancelWhenOrderLimitExceeded': (boolean);
}
