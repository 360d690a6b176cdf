// Original file: proto/exchange/trading/v1/trading_service.proto

import type { OrderAmendment as _exchange_trading_v1_OrderAmendment, OrderAmendment__Output as _exchange_trading_v1_OrderAmendment__Output } from '../../../exchange/trading/v1/OrderAmendment';

export interface ListOrderAmendmentsResponse {
  'amendments'?: (_exchange_trading_v1_OrderAmendment)[];
}

export interface ListOrderAmendmentsResponse__Output {
  'amendments': (_exchange_trading_v1_OrderAmendment__Output)[];
}
