// Original file: proto/exchange/funding/v1/funding_service.proto

import type { WithdrawalStatus as _exchange_funding_v1_WithdrawalStatus, WithdrawalStatus__Output as _exchange_funding_v1_WithdrawalStatus__Output } from '../../../exchange/funding/v1/WithdrawalStatus';
import type { Long } from '@grpc/proto-loader';

export interface ListWithdrawalsRequest {
  'asset'?: (string);
  'clientWithdrawalId'?: (string);
  'status'?: (_exchange_funding_v1_WithdrawalStatus);
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  'offset'?: (number);
  'limit'?: (number);
  'withdrawalIds'?: (string)[];
}

export interface ListWithdrawalsRequest__Output {
  'asset': (string);
  'clientWithdrawalId': (string);
  'status': (_exchange_funding_v1_WithdrawalStatus__Output);
  'startTimeMs': (string);
  'endTimeMs': (string);
  'offset': (number);
  'limit': (number);
  'withdrawalIds': (string)[];
}
