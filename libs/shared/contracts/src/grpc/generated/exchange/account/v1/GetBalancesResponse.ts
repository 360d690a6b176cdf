// Original file: proto/exchange/account/v1/account_service.proto

import type { Balance as _exchange_account_v1_Balance, Balance__Output as _exchange_account_v1_Balance__Output } from '../../../exchange/account/v1/Balance';

export interface GetBalancesResponse {
  'balances'?: (_exchange_account_v1_Balance)[];
}

export interface GetBalancesResponse__Output {
  'balances': (_exchange_account_v1_Balance__Output)[];
}
