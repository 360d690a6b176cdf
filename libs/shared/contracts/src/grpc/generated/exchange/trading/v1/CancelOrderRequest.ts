// Original file: proto/exchange/trading/v1/trading_service.proto

import type { OrderRef as _exchange_trading_v1_OrderRef, OrderRef__Output as _exchange_trading_v1_OrderRef__Output } from '../../../exchange/trading/v1/OrderRef';
import type { CancelRestriction as _exchange_trading_v1_CancelRestriction, CancelRestriction__Output as _exchange_trading_v1_CancelRestriction__Output } from '../../../exchange/trading/v1/CancelRestriction';

export interface CancelOrderRequest {
  'symbol'?: (string);
  'ref'?: (_exchange_trading_v1_OrderRef | null);
  'restriction'?: (_exchange_trading_v1_CancelRestriction);
}

export interface CancelOrderRequest__Output {
  'symbol': (string);
  'ref': (_exchange_trading_v1_OrderRef__Output | null);
  'restriction': (_exchange_trading_v1_CancelRestriction__Output);
}
