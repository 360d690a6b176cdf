// Original file: proto/exchange/funding/v1/funding_service.proto

import type { WithdrawalStatus as _exchange_funding_v1_WithdrawalStatus, WithdrawalStatus__Output as _exchange_funding_v1_WithdrawalStatus__Output } from '../../../exchange/funding/v1/WithdrawalStatus';
import type { Long } from '@grpc/proto-loader';

export interface Withdrawal {
  'withdrawalId'?: (string);
  'clientWithdrawalId'?: (string);
  'asset'?: (string);
  'network'?: (string);
  'amount'?: (string);
  'transactionFee'?: (string);
  'address'?: (string);
  'status'?: (_exchange_funding_v1_WithdrawalStatus);
  'txId'?: (string);
  'confirmations'?: (number);
  'info'?: (string);
  'applyTimeMs'?: (number | string | Long);
  'completeTimeMs'?: (number | string | Long);
}

export interface Withdrawal__Output {
  'withdrawalId': (string);
  'clientWithdrawalId': (string);
  'asset': (string);
  'network': (string);
  'amount': (string);
  'transactionFee': (string);
  'address': (string);
  'status': (_exchange_funding_v1_WithdrawalStatus__Output);
  'txId': (string);
  'confirmations': (number);
  'info': (string);
  'applyTimeMs': (string);
  'completeTimeMs': (string);
}
