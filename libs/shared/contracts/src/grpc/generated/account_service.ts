import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AccountServiceClient as _exchange_account_v1_AccountServiceClient, AccountServiceDefinition as _exchange_account_v1_AccountServiceDefinition } from './exchange/account/v1/AccountService';
import type { Balance as _exchange_account_v1_Balance, Balance__Output as _exchange_account_v1_Balance__Output } from './exchange/account/v1/Balance';
import type { BalanceUpdate as _exchange_account_v1_BalanceUpdate, BalanceUpdate__Output as _exchange_account_v1_BalanceUpdate__Output } from './exchange/account/v1/BalanceUpdate';
import type { GetBalancesRequest as _exchange_account_v1_GetBalancesRequest, GetBalancesRequest__Output as _exchange_account_v1_GetBalancesRequest__Output } from './exchange/account/v1/GetBalancesRequest';
import type { GetBalancesResponse as _exchange_account_v1_GetBalancesResponse, GetBalancesResponse__Output as _exchange_account_v1_GetBalancesResponse__Output } from './exchange/account/v1/GetBalancesResponse';
import type { OrderUpdate as _exchange_account_v1_OrderUpdate, OrderUpdate__Output as _exchange_account_v1_OrderUpdate__Output } from './exchange/account/v1/OrderUpdate';
import type { PreventedMatchRef as _exchange_account_v1_PreventedMatchRef, PreventedMatchRef__Output as _exchange_account_v1_PreventedMatchRef__Output } from './exchange/account/v1/PreventedMatchRef';
import type { StreamAccountUpdatesRequest as _exchange_account_v1_StreamAccountUpdatesRequest, StreamAccountUpdatesRequest__Output as _exchange_account_v1_StreamAccountUpdatesRequest__Output } from './exchange/account/v1/StreamAccountUpdatesRequest';
import type { StreamAccountUpdatesResponse as _exchange_account_v1_StreamAccountUpdatesResponse, StreamAccountUpdatesResponse__Output as _exchange_account_v1_StreamAccountUpdatesResponse__Output } from './exchange/account/v1/StreamAccountUpdatesResponse';
import type { Fill as _exchange_common_v1_Fill, Fill__Output as _exchange_common_v1_Fill__Output } from './exchange/common/v1/Fill';
import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from './exchange/common/v1/Order';
import type { PriceLevel as _exchange_common_v1_PriceLevel, PriceLevel__Output as _exchange_common_v1_PriceLevel__Output } from './exchange/common/v1/PriceLevel';
import type { Trade as _exchange_common_v1_Trade, Trade__Output as _exchange_common_v1_Trade__Output } from './exchange/common/v1/Trade';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  exchange: {
    account: {
      v1: {
        AccountService: SubtypeConstructor<typeof grpc.Client, _exchange_account_v1_AccountServiceClient> & { service: _exchange_account_v1_AccountServiceDefinition }
        Balance: MessageTypeDefinition<_exchange_account_v1_Balance, _exchange_account_v1_Balance__Output>
        BalanceUpdate: MessageTypeDefinition<_exchange_account_v1_BalanceUpdate, _exchange_account_v1_BalanceUpdate__Output>
        ExecutionType: EnumTypeDefinition
        GetBalancesRequest: MessageTypeDefinition<_exchange_account_v1_GetBalancesRequest, _exchange_account_v1_GetBalancesRequest__Output>
        GetBalancesResponse: MessageTypeDefinition<_exchange_account_v1_GetBalancesResponse, _exchange_account_v1_GetBalancesResponse__Output>
        OrderUpdate: MessageTypeDefinition<_exchange_account_v1_OrderUpdate, _exchange_account_v1_OrderUpdate__Output>
        PreventedMatchRef: MessageTypeDefinition<_exchange_account_v1_PreventedMatchRef, _exchange_account_v1_PreventedMatchRef__Output>
        StreamAccountUpdatesRequest: MessageTypeDefinition<_exchange_account_v1_StreamAccountUpdatesRequest, _exchange_account_v1_StreamAccountUpdatesRequest__Output>
        StreamAccountUpdatesResponse: MessageTypeDefinition<_exchange_account_v1_StreamAccountUpdatesResponse, _exchange_account_v1_StreamAccountUpdatesResponse__Output>
      }
    }
    common: {
      v1: {
        Fill: MessageTypeDefinition<_exchange_common_v1_Fill, _exchange_common_v1_Fill__Output>
        Order: MessageTypeDefinition<_exchange_common_v1_Order, _exchange_common_v1_Order__Output>
        OrderStatus: EnumTypeDefinition
        OrderType: EnumTypeDefinition
        PriceLevel: MessageTypeDefinition<_exchange_common_v1_PriceLevel, _exchange_common_v1_PriceLevel__Output>
        SelfTradePreventionMode: EnumTypeDefinition
        Side: EnumTypeDefinition
        TimeInForce: EnumTypeDefinition
        Trade: MessageTypeDefinition<_exchange_common_v1_Trade, _exchange_common_v1_Trade__Output>
      }
    }
  }
}

