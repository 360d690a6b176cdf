// Original file: proto/exchange/funding/v1/funding_service.proto

import type { Deposit as _exchange_funding_v1_Deposit, Deposit__Output as _exchange_funding_v1_Deposit__Output } from '../../../exchange/funding/v1/Deposit';

export interface ListDepositsResponse {
  'deposits'?: (_exchange_funding_v1_Deposit)[];
}

export interface ListDepositsResponse__Output {
  'deposits': (_exchange_funding_v1_Deposit__Output)[];
}
