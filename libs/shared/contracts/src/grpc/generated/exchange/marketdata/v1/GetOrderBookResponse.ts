// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { PriceLevel as _exchange_common_v1_PriceLevel, PriceLevel__Output as _exchange_common_v1_PriceLevel__Output } from '../../../exchange/common/v1/PriceLevel';
import type { Long } from '@grpc/proto-loader';

export interface GetOrderBookResponse {
  'lastUpdateId'?: (number | string | Long);
  'bids'?: (_exchange_common_v1_PriceLevel)[];
  'asks'?: (_exchange_common_v1_PriceLevel)[];
}

export interface GetOrderBookResponse__Output {
  'lastUpdateId': (string);
  'bids': (_exchange_common_v1_PriceLevel__Output)[];
  'asks': (_exchange_common_v1_PriceLevel__Output)[];
}
