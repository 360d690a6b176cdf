// Original file: proto/exchange/account/v1/account_service.proto

import type { ExecutionType as _exchange_account_v1_ExecutionType, ExecutionType__Output as _exchange_account_v1_ExecutionType__Output } from '../../../exchange/account/v1/ExecutionType';
import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from '../../../exchange/common/v1/Order';
import type { Fill as _exchange_common_v1_Fill, Fill__Output as _exchange_common_v1_Fill__Output } from '../../../exchange/common/v1/Fill';
import type { PreventedMatchRef as _exchange_account_v1_PreventedMatchRef, PreventedMatchRef__Output as _exchange_account_v1_PreventedMatchRef__Output } from '../../../exchange/account/v1/PreventedMatchRef';
import type { Long } from '@grpc/proto-loader';

export interface OrderUpdate {
  'executionType'?: (_exchange_account_v1_ExecutionType);
  'order'?: (_exchange_common_v1_Order | null);
  'fill'?: (_exchange_common_v1_Fill | null);
  'isMaker'?: (boolean);
  'rejectReason'?: (string);
  'eventTimeMs'?: (number | string | Long);
  'prevention'?: (_exchange_account_v1_PreventedMatchRef | null);
}

export interface OrderUpdate__Output {
  'executionType': (_exchange_account_v1_ExecutionType__Output);
  'order': (_exchange_common_v1_Order__Output | null);
  'fill': (_exchange_common_v1_Fill__Output | null);
  'isMaker': (boolean);
  'rejectReason': (string);
  'eventTimeMs': (string);
  'prevention': (_exchange_account_v1_PreventedMatchRef__Output | null);
}
