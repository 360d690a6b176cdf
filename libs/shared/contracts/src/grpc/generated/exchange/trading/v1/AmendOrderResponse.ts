// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from '../../../exchange/common/v1/Order';

export interface AmendOrderResponse {
  'order'?: (_exchange_common_v1_Order | null);
}

export interface AmendOrderResponse__Output {
  'order': (_exchange_common_v1_Order__Output | null);
}
