// Original file: proto/exchange/trading/v1/trading_service.proto

import type { ReplaceOrderStep as _exchange_trading_v1_ReplaceOrderStep, ReplaceOrderStep__Output as _exchange_trading_v1_ReplaceOrderStep__Output } from '../../../exchange/trading/v1/ReplaceOrderStep';
import type { Fill as _exchange_common_v1_Fill, Fill__Output as _exchange_common_v1_Fill__Output } from '../../../exchange/common/v1/Fill';

export interface ReplaceOrderResponse {
  'cancel'?: (_exchange_trading_v1_ReplaceOrderStep | null);
  'newOrder'?: (_exchange_trading_v1_ReplaceOrderStep | null);
  'fills'?: (_exchange_common_v1_Fill)[];
}

export interface ReplaceOrderResponse__Output {
  'cancel': (_exchange_trading_v1_ReplaceOrderStep__Output | null);
  'newOrder': (_exchange_trading_v1_ReplaceOrderStep__Output | null);
  'fills': (_exchange_common_v1_Fill__Output)[];
}
