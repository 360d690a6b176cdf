// Original file: proto/exchange/trading/v1/trading_service.proto

import type { OrderRef as _exchange_trading_v1_OrderRef, OrderRef__Output as _exchange_trading_v1_OrderRef__Output } from '../../../exchange/trading/v1/OrderRef';

export interface AmendOrderRequest {
  'symbol'?: (string);
  'ref'?: (_exchange_trading_v1_OrderRef | null);
  'newQuantity'?: (string);
  'amendId'?: (string);
}

export interface AmendOrderRequest__Output {
  'symbol': (string);
  'ref': (_exchange_trading_v1_OrderRef__Output | null);
  'newQuantity': (string);
  'amendId': (string);
}
