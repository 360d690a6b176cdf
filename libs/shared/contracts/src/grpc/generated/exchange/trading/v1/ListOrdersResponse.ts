// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from '../../../exchange/common/v1/Order';

export interface ListOrdersResponse {
  'orders'?: (_exchange_common_v1_Order)[];
}

export interface ListOrdersResponse__Output {
  'orders': (_exchange_common_v1_Order__Output)[];
}
