// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from '../../../exchange/common/v1/Order';
import type { Fill as _exchange_common_v1_Fill, Fill__Output as _exchange_common_v1_Fill__Output } from '../../../exchange/common/v1/Fill';

export interface GetOrderResponse {
  'order'?: (_exchange_common_v1_Order | null);
  'fills'?: (_exchange_common_v1_Fill)[];
}

export interface GetOrderResponse__Output {
  'order': (_exchange_common_v1_Order__Output | null);
  'fills': (_exchange_common_v1_Fill__Output)[];
}
