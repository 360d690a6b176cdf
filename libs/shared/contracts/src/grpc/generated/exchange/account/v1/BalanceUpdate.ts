// Original file: proto/exchange/account/v1/account_service.proto

import type { Balance as _exchange_account_v1_Balance, Balance__Output as _exchange_account_v1_Balance__Output } from '../../../exchange/account/v1/Balance';
import type { Long } from '@grpc/proto-loader';

export interface BalanceUpdate {
  'balances'?: (_exchange_account_v1_Balance)[];
  'eventTimeMs'?: (number | string | Long);
}

export interface BalanceUpdate__Output {
  'balances': (_exchange_account_v1_Balance__Output)[];
  'eventTimeMs': (string);
}
