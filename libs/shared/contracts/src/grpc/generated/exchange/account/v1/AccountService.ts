// Original file: proto/exchange/account/v1/account_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetBalancesRequest as _exchange_account_v1_GetBalancesRequest, GetBalancesRequest__Output as _exchange_account_v1_GetBalancesRequest__Output } from '../../../exchange/account/v1/GetBalancesRequest';
import type { GetBalancesResponse as _exchange_account_v1_GetBalancesResponse, GetBalancesResponse__Output as _exchange_account_v1_GetBalancesResponse__Output } from '../../../exchange/account/v1/GetBalancesResponse';
import type { StreamAccountUpdatesRequest as _exchange_account_v1_StreamAccountUpdatesRequest, StreamAccountUpdatesRequest__Output as _exchange_account_v1_StreamAccountUpdatesRequest__Output } from '../../../exchange/account/v1/StreamAccountUpdatesRequest';
import type { StreamAccountUpdatesResponse as _exchange_account_v1_StreamAccountUpdatesResponse, StreamAccountUpdatesResponse__Output as _exchange_account_v1_StreamAccountUpdatesResponse__Output } from '../../../exchange/account/v1/StreamAccountUpdatesResponse';

export interface AccountServiceClient extends grpc.Client {
  GetBalances(argument: _exchange_account_v1_GetBalancesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_account_v1_GetBalancesResponse__Output>): grpc.ClientUnaryCall;
  GetBalances(argument: _exchange_account_v1_GetBalancesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_account_v1_GetBalancesResponse__Output>): grpc.ClientUnaryCall;
  GetBalances(argument: _exchange_account_v1_GetBalancesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_account_v1_GetBalancesResponse__Output>): grpc.ClientUnaryCall;
  GetBalances(argument: _exchange_account_v1_GetBalancesRequest, callback: grpc.requestCallback<_exchange_account_v1_GetBalancesResponse__Output>): grpc.ClientUnaryCall;
  getBalances(argument: _exchange_account_v1_GetBalancesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_account_v1_GetBalancesResponse__Output>): grpc.ClientUnaryCall;
  getBalances(argument: _exchange_account_v1_GetBalancesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_account_v1_GetBalancesResponse__Output>): grpc.ClientUnaryCall;
  getBalances(argument: _exchange_account_v1_GetBalancesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_account_v1_GetBalancesResponse__Output>): grpc.ClientUnaryCall;
  getBalances(argument: _exchange_account_v1_GetBalancesRequest, callback: grpc.requestCallback<_exchange_account_v1_GetBalancesResponse__Output>): grpc.ClientUnaryCall;
  
  StreamAccountUpdates(argument: _exchange_account_v1_StreamAccountUpdatesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_account_v1_StreamAccountUpdatesResponse__Output>;
  StreamAccountUpdates(argument: _exchange_account_v1_StreamAccountUpdatesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_account_v1_StreamAccountUpdatesResponse__Output>;
  streamAccountUpdates(argument: _exchange_account_v1_StreamAccountUpdatesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_account_v1_StreamAccountUpdatesResponse__Output>;
  streamAccountUpdates(argument: _exchange_account_v1_StreamAccountUpdatesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_account_v1_StreamAccountUpdatesResponse__Output>;
  
}

export interface AccountServiceHandlers extends grpc.UntypedServiceImplementation {
  GetBalances: grpc.handleUnaryCall<_exchange_account_v1_GetBalancesRequest__Output, _exchange_account_v1_GetBalancesResponse>;
  
  StreamAccountUpdates: grpc.handleServerStreamingCall<_exchange_account_v1_StreamAccountUpdatesRequest__Output, _exchange_account_v1_StreamAccountUpdatesResponse>;
  
}

export interface AccountServiceDefinition extends grpc.ServiceDefinition {
  GetBalances: MethodDefinition<_exchange_account_v1_GetBalancesRequest, _exchange_account_v1_GetBalancesResponse, _exchange_account_v1_GetBalancesRequest__Output, _exchange_account_v1_GetBalancesResponse__Output>
  StreamAccountUpdates: MethodDefinition<_exchange_account_v1_StreamAccountUpdatesRequest, _exchange_account_v1_StreamAccountUpdatesResponse, _exchange_account_v1_StreamAccountUpdatesRequest__Output, _exchange_account_v1_StreamAccountUpdatesResponse__Output>
}
