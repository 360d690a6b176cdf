// Original file: proto/exchange/account/v1/account_service.proto

import type { OrderUpdate as _exchange_account_v1_OrderUpdate, OrderUpdate__Output as _exchange_account_v1_OrderUpdate__Output } from '../../../exchange/account/v1/OrderUpdate';
import type { BalanceUpdate as _exchange_account_v1_BalanceUpdate, BalanceUpdate__Output as _exchange_account_v1_BalanceUpdate__Output } from '../../../exchange/account/v1/BalanceUpdate';

export interface StreamAccountUpdatesResponse {
  'order'?: (_exchange_account_v1_OrderUpdate | null);
  'balances'?: (_exchange_account_v1_BalanceUpdate | null);
  'update'?: "order"|"balances";
}

export interface StreamAccountUpdatesResponse__Output {
  'order'?: (_exchange_account_v1_OrderUpdate__Output | null);
  'balances'?: (_exchange_account_v1_BalanceUpdate__Output | null);
  'update'?: "order"|"balances";
}
