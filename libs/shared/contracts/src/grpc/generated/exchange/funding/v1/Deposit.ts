// Original file: proto/exchange/funding/v1/funding_service.proto

import type { DepositStatus as _exchange_funding_v1_DepositStatus, DepositStatus__Output as _exchange_funding_v1_DepositStatus__Output } from '../../../exchange/funding/v1/DepositStatus';
import type { Long } from '@grpc/proto-loader';

export interface Deposit {
  'depositId'?: (string);
  'asset'?: (string);
  'network'?: (string);
  'amount'?: (string);
  'status'?: (_exchange_funding_v1_DepositStatus);
  'address'?: (string);
  'txId'?: (string);
  'confirmations'?: (number);
  'requiredConfirmations'?: (number);
  'insertTimeMs'?: (number | string | Long);
  'completeTimeMs'?: (number | string | Long);
}

export interface Deposit__Output {
  'depositId': (string);
  'asset': (string);
  'network': (string);
  'amount': (string);
  'status': (_exchange_funding_v1_DepositStatus__Output);
  'address': (string);
  'txId': (string);
  'confirmations': (number);
  'requiredConfirmations': (number);
  'insertTimeMs': (string);
  'completeTimeMs': (string);
}
