// Original file: proto/exchange/funding/v1/funding_service.proto

import type { Withdrawal as _exchange_funding_v1_Withdrawal, Withdrawal__Output as _exchange_funding_v1_Withdrawal__Output } from '../../../exchange/funding/v1/Withdrawal';

export interface ListWithdrawalsResponse {
  'withdrawals'?: (_exchange_funding_v1_Withdrawal)[];
}

export interface ListWithdrawalsResponse__Output {
  'withdrawals': (_exchange_funding_v1_Withdrawal__Output)[];
}
