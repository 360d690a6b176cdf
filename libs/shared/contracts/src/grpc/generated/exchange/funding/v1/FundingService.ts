// Original file: proto/exchange/funding/v1/funding_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetAssetsRequest as _exchange_funding_v1_GetAssetsRequest, GetAssetsRequest__Output as _exchange_funding_v1_GetAssetsRequest__Output } from '../../../exchange/funding/v1/GetAssetsRequest';
import type { GetAssetsResponse as _exchange_funding_v1_GetAssetsResponse, GetAssetsResponse__Output as _exchange_funding_v1_GetAssetsResponse__Output } from '../../../exchange/funding/v1/GetAssetsResponse';
import type { GetDepositAddressRequest as _exchange_funding_v1_GetDepositAddressRequest, GetDepositAddressRequest__Output as _exchange_funding_v1_GetDepositAddressRequest__Output } from '../../../exchange/funding/v1/GetDepositAddressRequest';
import type { GetDepositAddressResponse as _exchange_funding_v1_GetDepositAddressResponse, GetDepositAddressResponse__Output as _exchange_funding_v1_GetDepositAddressResponse__Output } from '../../../exchange/funding/v1/GetDepositAddressResponse';
import type { ListDepositsRequest as _exchange_funding_v1_ListDepositsRequest, ListDepositsRequest__Output as _exchange_funding_v1_ListDepositsRequest__Output } from '../../../exchange/funding/v1/ListDepositsRequest';
import type { ListDepositsResponse as _exchange_funding_v1_ListDepositsResponse, ListDepositsResponse__Output as _exchange_funding_v1_ListDepositsResponse__Output } from '../../../exchange/funding/v1/ListDepositsResponse';
import type { ListWithdrawalsRequest as _exchange_funding_v1_ListWithdrawalsRequest, ListWithdrawalsRequest__Output as _exchange_funding_v1_ListWithdrawalsRequest__Output } from '../../../exchange/funding/v1/ListWithdrawalsRequest';
import type { ListWithdrawalsResponse as _exchange_funding_v1_ListWithdrawalsResponse, ListWithdrawalsResponse__Output as _exchange_funding_v1_ListWithdrawalsResponse__Output } from '../../../exchange/funding/v1/ListWithdrawalsResponse';
import type { WithdrawRequest as _exchange_funding_v1_WithdrawRequest, WithdrawRequest__Output as _exchange_funding_v1_WithdrawRequest__Output } from '../../../exchange/funding/v1/WithdrawRequest';
import type { WithdrawResponse as _exchange_funding_v1_WithdrawResponse, WithdrawResponse__Output as _exchange_funding_v1_WithdrawResponse__Output } from '../../../exchange/funding/v1/WithdrawResponse';

export interface FundingServiceClient extends grpc.Client {
  GetAssets(argument: _exchange_funding_v1_GetAssetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_GetAssetsResponse__Output>): grpc.ClientUnaryCall;
  GetAssets(argument: _exchange_funding_v1_GetAssetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_GetAssetsResponse__Output>): grpc.ClientUnaryCall;
  GetAssets(argument: _exchange_funding_v1_GetAssetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_GetAssetsResponse__Output>): grpc.ClientUnaryCall;
  GetAssets(argument: _exchange_funding_v1_GetAssetsRequest, callback: grpc.requestCallback<_exchange_funding_v1_GetAssetsResponse__Output>): grpc.ClientUnaryCall;
  getAssets(argument: _exchange_funding_v1_GetAssetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_GetAssetsResponse__Output>): grpc.ClientUnaryCall;
  getAssets(argument: _exchange_funding_v1_GetAssetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_GetAssetsResponse__Output>): grpc.ClientUnaryCall;
  getAssets(argument: _exchange_funding_v1_GetAssetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_GetAssetsResponse__Output>): grpc.ClientUnaryCall;
  getAssets(argument: _exchange_funding_v1_GetAssetsRequest, callback: grpc.requestCallback<_exchange_funding_v1_GetAssetsResponse__Output>): grpc.ClientUnaryCall;
  
  GetDepositAddress(argument: _exchange_funding_v1_GetDepositAddressRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_GetDepositAddressResponse__Output>): grpc.ClientUnaryCall;
  GetDepositAddress(argument: _exchange_funding_v1_GetDepositAddressRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_GetDepositAddressResponse__Output>): grpc.ClientUnaryCall;
  GetDepositAddress(argument: _exchange_funding_v1_GetDepositAddressRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_GetDepositAddressResponse__Output>): grpc.ClientUnaryCall;
  GetDepositAddress(argument: _exchange_funding_v1_GetDepositAddressRequest, callback: grpc.requestCallback<_exchange_funding_v1_GetDepositAddressResponse__Output>): grpc.ClientUnaryCall;
  getDepositAddress(argument: _exchange_funding_v1_GetDepositAddressRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_GetDepositAddressResponse__Output>): grpc.ClientUnaryCall;
  getDepositAddress(argument: _exchange_funding_v1_GetDepositAddressRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_GetDepositAddressResponse__Output>): grpc.ClientUnaryCall;
  getDepositAddress(argument: _exchange_funding_v1_GetDepositAddressRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_GetDepositAddressResponse__Output>): grpc.ClientUnaryCall;
  getDepositAddress(argument: _exchange_funding_v1_GetDepositAddressRequest, callback: grpc.requestCallback<_exchange_funding_v1_GetDepositAddressResponse__Output>): grpc.ClientUnaryCall;
  
  ListDeposits(argument: _exchange_funding_v1_ListDepositsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_ListDepositsResponse__Output>): grpc.ClientUnaryCall;
  ListDeposits(argument: _exchange_funding_v1_ListDepositsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_ListDepositsResponse__Output>): grpc.ClientUnaryCall;
  ListDeposits(argument: _exchange_funding_v1_ListDepositsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_ListDepositsResponse__Output>): grpc.ClientUnaryCall;
  ListDeposits(argument: _exchange_funding_v1_ListDepositsRequest, callback: grpc.requestCallback<_exchange_funding_v1_ListDepositsResponse__Output>): grpc.ClientUnaryCall;
  listDeposits(argument: _exchange_funding_v1_ListDepositsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_ListDepositsResponse__Output>): grpc.ClientUnaryCall;
  listDeposits(argument: _exchange_funding_v1_ListDepositsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_ListDepositsResponse__Output>): grpc.ClientUnaryCall;
  listDeposits(argument: _exchange_funding_v1_ListDepositsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_ListDepositsResponse__Output>): grpc.ClientUnaryCall;
  listDeposits(argument: _exchange_funding_v1_ListDepositsRequest, callback: grpc.requestCallback<_exchange_funding_v1_ListDepositsResponse__Output>): grpc.ClientUnaryCall;
  
  ListWithdrawals(argument: _exchange_funding_v1_ListWithdrawalsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_ListWithdrawalsResponse__Output>): grpc.ClientUnaryCall;
  ListWithdrawals(argument: _exchange_funding_v1_ListWithdrawalsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_ListWithdrawalsResponse__Output>): grpc.ClientUnaryCall;
  ListWithdrawals(argument: _exchange_funding_v1_ListWithdrawalsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_ListWithdrawalsResponse__Output>): grpc.ClientUnaryCall;
  ListWithdrawals(argument: _exchange_funding_v1_ListWithdrawalsRequest, callback: grpc.requestCallback<_exchange_funding_v1_ListWithdrawalsResponse__Output>): grpc.ClientUnaryCall;
  listWithdrawals(argument: _exchange_funding_v1_ListWithdrawalsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_ListWithdrawalsResponse__Output>): grpc.ClientUnaryCall;
  listWithdrawals(argument: _exchange_funding_v1_ListWithdrawalsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_ListWithdrawalsResponse__Output>): grpc.ClientUnaryCall;
  listWithdrawals(argument: _exchange_funding_v1_ListWithdrawalsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_ListWithdrawalsResponse__Output>): grpc.ClientUnaryCall;
  listWithdrawals(argument: _exchange_funding_v1_ListWithdrawalsRequest, callback: grpc.requestCallback<_exchange_funding_v1_ListWithdrawalsResponse__Output>): grpc.ClientUnaryCall;
  
  Withdraw(argument: _exchange_funding_v1_WithdrawRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  Withdraw(argument: _exchange_funding_v1_WithdrawRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  Withdraw(argument: _exchange_funding_v1_WithdrawRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  Withdraw(argument: _exchange_funding_v1_WithdrawRequest, callback: grpc.requestCallback<_exchange_funding_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  withdraw(argument: _exchange_funding_v1_WithdrawRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  withdraw(argument: _exchange_funding_v1_WithdrawRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_funding_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  withdraw(argument: _exchange_funding_v1_WithdrawRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_funding_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  withdraw(argument: _exchange_funding_v1_WithdrawRequest, callback: grpc.requestCallback<_exchange_funding_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface FundingServiceHandlers extends grpc.UntypedServiceImplementation {
  GetAssets: grpc.handleUnaryCall<_exchange_funding_v1_GetAssetsRequest__Output, _exchange_funding_v1_GetAssetsResponse>;
  
  GetDepositAddress: grpc.handleUnaryCall<_exchange_funding_v1_GetDepositAddressRequest__Output, _exchange_funding_v1_GetDepositAddressResponse>;
  
  ListDeposits: grpc.handleUnaryCall<_exchange_funding_v1_ListDepositsRequest__Output, _exchange_funding_v1_ListDepositsResponse>;
  
  ListWithdrawals: grpc.handleUnaryCall<_exchange_funding_v1_ListWithdrawalsRequest__Output, _exchange_funding_v1_ListWithdrawalsResponse>;
  
  Withdraw: grpc.handleUnaryCall<_exchange_funding_v1_WithdrawRequest__Output, _exchange_funding_v1_WithdrawResponse>;
  
}

export interface FundingServiceDefinition extends grpc.ServiceDefinition {
  GetAssets: MethodDefinition<_exchange_funding_v1_GetAssetsRequest, _exchange_funding_v1_GetAssetsResponse, _exchange_funding_v1_GetAssetsRequest__Output, _exchange_funding_v1_GetAssetsResponse__Output>
  GetDepositAddress: MethodDefinition<_exchange_funding_v1_GetDepositAddressRequest, _exchange_funding_v1_GetDepositAddressResponse, _exchange_funding_v1_GetDepositAddressRequest__Output, _exchange_funding_v1_GetDepositAddressResponse__Output>
  ListDeposits: MethodDefinition<_exchange_funding_v1_ListDepositsRequest, _exchange_funding_v1_ListDepositsResponse, _exchange_funding_v1_ListDepositsRequest__Output, _exchange_funding_v1_ListDepositsResponse__Output>
  ListWithdrawals: MethodDefinition<_exchange_funding_v1_ListWithdrawalsRequest, _exchange_funding_v1_ListWithdrawalsResponse, _exchange_funding_v1_ListWithdrawalsRequest__Output, _exchange_funding_v1_ListWithdrawalsResponse__Output>
  Withdraw: MethodDefinition<_exchange_funding_v1_WithdrawRequest, _exchange_funding_v1_WithdrawResponse, _exchange_funding_v1_WithdrawRequest__Output, _exchange_funding_v1_WithdrawResponse__Output>
}
