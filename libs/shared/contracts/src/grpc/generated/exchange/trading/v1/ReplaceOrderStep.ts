// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from '../../../exchange/common/v1/Order';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from '../../../google/rpc/Status';

export interface ReplaceOrderStep {
  'order'?: (_exchange_common_v1_Order | null);
  'error'?: (_google_rpc_Status | null);
  'outcome'?: "order"|"error";
}

export interface ReplaceOrderStep__Output {
  'order'?: (_exchange_common_v1_Order__Output | null);
  'error'?: (_google_rpc_Status__Output | null);
  'outcome'?: "order"|"error";
}
