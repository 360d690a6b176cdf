// Original file: proto/exchange/trading/v1/trading_service.proto

import type { SelfTradePreventionMode as _exchange_common_v1_SelfTradePreventionMode, SelfTradePreventionMode__Output as _exchange_common_v1_SelfTradePreventionMode__Output } from '../../../exchange/common/v1/SelfTradePreventionMode';
import type { Long } from '@grpc/proto-loader';

export interface PreventedMatch {
  'symbol'?: (string);
  'preventedMatchId'?: (number | string | Long);
  'takerOrderId'?: (number | string | Long);
  'makerOrderId'?: (number | string | Long);
  'selfTradePreventionMode'?: (_exchange_common_v1_SelfTradePreventionMode);
  'price'?: (string);
  'takerPreventedQuantity'?: (string);
  'makerPreventedQuantity'?: (string);
  'transactTimeMs'?: (number | string | Long);
}

export interface PreventedMatch__Output {
  'symbol': (string);
  'preventedMatchId': (string);
  'takerOrderId': (string);
  'makerOrderId': (string);
  'selfTradePreventionMode': (_exchange_common_v1_SelfTradePreventionMode__Output);
  'price': (string);
  'takerPreventedQuantity': (string);
  'makerPreventedQuantity': (string);
  'transactTimeMs': (string);
}
