// Original file: proto/exchange/funding/v1/funding_service.proto

import type { DepositStatus as _exchange_funding_v1_DepositStatus, DepositStatus__Output as _exchange_funding_v1_DepositStatus__Output } from '../../../exchange/funding/v1/DepositStatus';
import type { Long } from '@grpc/proto-loader';

export interface ListDepositsRequest {
  'asset'?: (string);
  'status'?: (_exchange_funding_v1_DepositStatus);
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  'offset'?: (number);
  'limit'?: (number);
  'txId'?: (string);
}

export interface ListDepositsRequest__Output {
  'asset': (string);
  'status': (_exchange_funding_v1_DepositStatus__Output);
  'startTimeMs': (string);
  'endTimeMs': (string);
  'offset': (number);
  'limit': (number);
  'txId': (string);
}
