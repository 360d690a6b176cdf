import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Asset as _exchange_funding_v1_Asset, Asset__Output as _exchange_funding_v1_Asset__Output } from './exchange/funding/v1/Asset';
import type { Deposit as _exchange_funding_v1_Deposit, Deposit__Output as _exchange_funding_v1_Deposit__Output } from './exchange/funding/v1/Deposit';
import type { FundingServiceClient as _exchange_funding_v1_FundingServiceClient, FundingServiceDefinition as _exchange_funding_v1_FundingServiceDefinition } from './exchange/funding/v1/FundingService';
import type { GetAssetsRequest as _exchange_funding_v1_GetAssetsRequest, GetAssetsRequest__Output as _exchange_funding_v1_GetAssetsRequest__Output } from './exchange/funding/v1/GetAssetsRequest';
import type { GetAssetsResponse as _exchange_funding_v1_GetAssetsResponse, GetAssetsResponse__Output as _exchange_funding_v1_GetAssetsResponse__Output } from './exchange/funding/v1/GetAssetsResponse';
import type { GetDepositAddressRequest as _exchange_funding_v1_GetDepositAddressRequest, GetDepositAddressRequest__Output as _exchange_funding_v1_GetDepositAddressRequest__Output } from './exchange/funding/v1/GetDepositAddressRequest';
import type { GetDepositAddressResponse as _exchange_funding_v1_GetDepositAddressResponse, GetDepositAddressResponse__Output as _exchange_funding_v1_GetDepositAddressResponse__Output } from './exchange/funding/v1/GetDepositAddressResponse';
import type { ListDepositsRequest as _exchange_funding_v1_ListDepositsRequest, ListDepositsRequest__Output as _exchange_funding_v1_ListDepositsRequest__Output } from './exchange/funding/v1/ListDepositsRequest';
import type { ListDepositsResponse as _exchange_funding_v1_ListDepositsResponse, ListDepositsResponse__Output as _exchange_funding_v1_ListDepositsResponse__Output } from './exchange/funding/v1/ListDepositsResponse';
import type { ListWithdrawalsRequest as _exchange_funding_v1_ListWithdrawalsRequest, ListWithdrawalsRequest__Output as _exchange_funding_v1_ListWithdrawalsRequest__Output } from './exchange/funding/v1/ListWithdrawalsRequest';
import type { ListWithdrawalsResponse as _exchange_funding_v1_ListWithdrawalsResponse, ListWithdrawalsResponse__Output as _exchange_funding_v1_ListWithdrawalsResponse__Output } from './exchange/funding/v1/ListWithdrawalsResponse';
import type { Network as _exchange_funding_v1_Network, Network__Output as _exchange_funding_v1_Network__Output } from './exchange/funding/v1/Network';
import type { WithdrawRequest as _exchange_funding_v1_WithdrawRequest, WithdrawRequest__Output as _exchange_funding_v1_WithdrawRequest__Output } from './exchange/funding/v1/WithdrawRequest';
import type { WithdrawResponse as _exchange_funding_v1_WithdrawResponse, WithdrawResponse__Output as _exchange_funding_v1_WithdrawResponse__Output } from './exchange/funding/v1/WithdrawResponse';
import type { Withdrawal as _exchange_funding_v1_Withdrawal, Withdrawal__Output as _exchange_funding_v1_Withdrawal__Output } from './exchange/funding/v1/Withdrawal';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  exchange: {
    funding: {
      v1: {
        Asset: MessageTypeDefinition<_exchange_funding_v1_Asset, _exchange_funding_v1_Asset__Output>
        Deposit: MessageTypeDefinition<_exchange_funding_v1_Deposit, _exchange_funding_v1_Deposit__Output>
        DepositStatus: EnumTypeDefinition
        FundingService: SubtypeConstructor<typeof grpc.Client, _exchange_funding_v1_FundingServiceClient> & { service: _exchange_funding_v1_FundingServiceDefinition }
        GetAssetsRequest: MessageTypeDefinition<_exchange_funding_v1_GetAssetsRequest, _exchange_funding_v1_GetAssetsRequest__Output>
        GetAssetsResponse: MessageTypeDefinition<_exchange_funding_v1_GetAssetsResponse, _exchange_funding_v1_GetAssetsResponse__Output>
        GetDepositAddressRequest: MessageTypeDefinition<_exchange_funding_v1_GetDepositAddressRequest, _exchange_funding_v1_GetDepositAddressRequest__Output>
        GetDepositAddressResponse: MessageTypeDefinition<_exchange_funding_v1_GetDepositAddressResponse, _exchange_funding_v1_GetDepositAddressResponse__Output>
        ListDepositsRequest: MessageTypeDefinition<_exchange_funding_v1_ListDepositsRequest, _exchange_funding_v1_ListDepositsRequest__Output>
        ListDepositsResponse: MessageTypeDefinition<_exchange_funding_v1_ListDepositsResponse, _exchange_funding_v1_ListDepositsResponse__Output>
        ListWithdrawalsRequest: MessageTypeDefinition<_exchange_funding_v1_ListWithdrawalsRequest, _exchange_funding_v1_ListWithdrawalsRequest__Output>
        ListWithdrawalsResponse: MessageTypeDefinition<_exchange_funding_v1_ListWithdrawalsResponse, _exchange_funding_v1_ListWithdrawalsResponse__Output>
        Network: MessageTypeDefinition<_exchange_funding_v1_Network, _exchange_funding_v1_Network__Output>
        WithdrawRequest: MessageTypeDefinition<_exchange_funding_v1_WithdrawRequest, _exchange_funding_v1_WithdrawRequest__Output>
        WithdrawResponse: MessageTypeDefinition<_exchange_funding_v1_WithdrawResponse, _exchange_funding_v1_WithdrawResponse__Output>
        Withdrawal: MessageTypeDefinition<_exchange_funding_v1_Withdrawal, _exchange_funding_v1_Withdrawal__Output>
        WithdrawalStatus: EnumTypeDefinition
      }
    }
  }
}

