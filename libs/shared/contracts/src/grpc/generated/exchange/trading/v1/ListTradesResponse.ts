// Original file: proto/exchange/trading/v1/trading_service.proto

import type { Trade as _exchange_common_v1_Trade, Trade__Output as _exchange_common_v1_Trade__Output } from '../../../exchange/common/v1/Trade';

export interface ListTradesResponse {
  'trades'?: (_exchange_common_v1_Trade)[];
}

export interface ListTradesResponse__Output {
  'trades': (_exchange_common_v1_Trade__Output)[];
}
