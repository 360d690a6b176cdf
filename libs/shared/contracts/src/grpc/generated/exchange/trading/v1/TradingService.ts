// Original file: proto/exchange/trading/v1/trading_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AmendOrderRequest as _exchange_trading_v1_AmendOrderRequest, AmendOrderRequest__Output as _exchange_trading_v1_AmendOrderRequest__Output } from '../../../exchange/trading/v1/AmendOrderRequest';
import type { AmendOrderResponse as _exchange_trading_v1_AmendOrderResponse, AmendOrderResponse__Output as _exchange_trading_v1_AmendOrderResponse__Output } from '../../../exchange/trading/v1/AmendOrderResponse';
import type { CancelAllRequest as _exchange_trading_v1_CancelAllRequest, CancelAllRequest__Output as _exchange_trading_v1_CancelAllRequest__Output } from '../../../exchange/trading/v1/CancelAllRequest';
import type { CancelAllResponse as _exchange_trading_v1_CancelAllResponse, CancelAllResponse__Output as _exchange_trading_v1_CancelAllResponse__Output } from '../../../exchange/trading/v1/CancelAllResponse';
import type { CancelOrderRequest as _exchange_trading_v1_CancelOrderRequest, CancelOrderRequest__Output as _exchange_trading_v1_CancelOrderRequest__Output } from '../../../exchange/trading/v1/CancelOrderRequest';
import type { CancelOrderResponse as _exchange_trading_v1_CancelOrderResponse, CancelOrderResponse__Output as _exchange_trading_v1_CancelOrderResponse__Output } from '../../../exchange/trading/v1/CancelOrderResponse';
import type { GetOrderRequest as _exchange_trading_v1_GetOrderRequest, GetOrderRequest__Output as _exchange_trading_v1_GetOrderRequest__Output } from '../../../exchange/trading/v1/GetOrderRequest';
import type { GetOrderResponse as _exchange_trading_v1_GetOrderResponse, GetOrderResponse__Output as _exchange_trading_v1_GetOrderResponse__Output } from '../../../exchange/trading/v1/GetOrderResponse';
import type { ListOpenOrdersRequest as _exchange_trading_v1_ListOpenOrdersRequest, ListOpenOrdersRequest__Output as _exchange_trading_v1_ListOpenOrdersRequest__Output } from '../../../exchange/trading/v1/ListOpenOrdersRequest';
import type { ListOpenOrdersResponse as _exchange_trading_v1_ListOpenOrdersResponse, ListOpenOrdersResponse__Output as _exchange_trading_v1_ListOpenOrdersResponse__Output } from '../../../exchange/trading/v1/ListOpenOrdersResponse';
import type { ListOrderAmendmentsRequest as _exchange_trading_v1_ListOrderAmendmentsRequest, ListOrderAmendmentsRequest__Output as _exchange_trading_v1_ListOrderAmendmentsRequest__Output } from '../../../exchange/trading/v1/ListOrderAmendmentsRequest';
import type { ListOrderAmendmentsResponse as _exchange_trading_v1_ListOrderAmendmentsResponse, ListOrderAmendmentsResponse__Output as _exchange_trading_v1_ListOrderAmendmentsResponse__Output } from '../../../exchange/trading/v1/ListOrderAmendmentsResponse';
import type { ListOrdersRequest as _exchange_trading_v1_ListOrdersRequest, ListOrdersRequest__Output as _exchange_trading_v1_ListOrdersRequest__Output } from '../../../exchange/trading/v1/ListOrdersRequest';
import type { ListOrdersResponse as _exchange_trading_v1_ListOrdersResponse, ListOrdersResponse__Output as _exchange_trading_v1_ListOrdersResponse__Output } from '../../../exchange/trading/v1/ListOrdersResponse';
import type { ListPreventedMatchesRequest as _exchange_trading_v1_ListPreventedMatchesRequest, ListPreventedMatchesRequest__Output as _exchange_trading_v1_ListPreventedMatchesRequest__Output } from '../../../exchange/trading/v1/ListPreventedMatchesRequest';
import type { ListPreventedMatchesResponse as _exchange_trading_v1_ListPreventedMatchesResponse, ListPreventedMatchesResponse__Output as _exchange_trading_v1_ListPreventedMatchesResponse__Output } from '../../../exchange/trading/v1/ListPreventedMatchesResponse';
import type { ListTradesRequest as _exchange_trading_v1_ListTradesRequest, ListTradesRequest__Output as _exchange_trading_v1_ListTradesRequest__Output } from '../../../exchange/trading/v1/ListTradesRequest';
import type { ListTradesResponse as _exchange_trading_v1_ListTradesResponse, ListTradesResponse__Output as _exchange_trading_v1_ListTradesResponse__Output } from '../../../exchange/trading/v1/ListTradesResponse';
import type { PlaceOrderRequest as _exchange_trading_v1_PlaceOrderRequest, PlaceOrderRequest__Output as _exchange_trading_v1_PlaceOrderRequest__Output } from '../../../exchange/trading/v1/PlaceOrderRequest';
import type { PlaceOrderResponse as _exchange_trading_v1_PlaceOrderResponse, PlaceOrderResponse__Output as _exchange_trading_v1_PlaceOrderResponse__Output } from '../../../exchange/trading/v1/PlaceOrderResponse';
import type { PlaceOrdersRequest as _exchange_trading_v1_PlaceOrdersRequest, PlaceOrdersRequest__Output as _exchange_trading_v1_PlaceOrdersRequest__Output } from '../../../exchange/trading/v1/PlaceOrdersRequest';
import type { PlaceOrdersResponse as _exchange_trading_v1_PlaceOrdersResponse, PlaceOrdersResponse__Output as _exchange_trading_v1_PlaceOrdersResponse__Output } from '../../../exchange/trading/v1/PlaceOrdersResponse';
import type { ReplaceOrderRequest as _exchange_trading_v1_ReplaceOrderRequest, ReplaceOrderRequest__Output as _exchange_trading_v1_ReplaceOrderRequest__Output } from '../../../exchange/trading/v1/ReplaceOrderRequest';
import type { ReplaceOrderResponse as _exchange_trading_v1_ReplaceOrderResponse, ReplaceOrderResponse__Output as _exchange_trading_v1_ReplaceOrderResponse__Output } from '../../../exchange/trading/v1/ReplaceOrderResponse';

export interface TradingServiceClient extends grpc.Client {
  AmendOrder(argument: _exchange_trading_v1_AmendOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_AmendOrderResponse__Output>): grpc.ClientUnaryCall;
  AmendOrder(argument: _exchange_trading_v1_AmendOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_AmendOrderResponse__Output>): grpc.ClientUnaryCall;
  AmendOrder(argument: _exchange_trading_v1_AmendOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_AmendOrderResponse__Output>): grpc.ClientUnaryCall;
  AmendOrder(argument: _exchange_trading_v1_AmendOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_AmendOrderResponse__Output>): grpc.ClientUnaryCall;
  amendOrder(argument: _exchange_trading_v1_AmendOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_AmendOrderResponse__Output>): grpc.ClientUnaryCall;
  amendOrder(argument: _exchange_trading_v1_AmendOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_AmendOrderResponse__Output>): grpc.ClientUnaryCall;
  amendOrder(argument: _exchange_trading_v1_AmendOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_AmendOrderResponse__Output>): grpc.ClientUnaryCall;
  amendOrder(argument: _exchange_trading_v1_AmendOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_AmendOrderResponse__Output>): grpc.ClientUnaryCall;
  
  CancelAll(argument: _exchange_trading_v1_CancelAllRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_CancelAllResponse__Output>): grpc.ClientUnaryCall;
  CancelAll(argument: _exchange_trading_v1_CancelAllRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_CancelAllResponse__Output>): grpc.ClientUnaryCall;
  CancelAll(argument: _exchange_trading_v1_CancelAllRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_CancelAllResponse__Output>): grpc.ClientUnaryCall;
  CancelAll(argument: _exchange_trading_v1_CancelAllRequest, callback: grpc.requestCallback<_exchange_trading_v1_CancelAllResponse__Output>): grpc.ClientUnaryCall;
  cancelAll(argument: _exchange_trading_v1_CancelAllRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_CancelAllResponse__Output>): grpc.ClientUnaryCall;
  cancelAll(argument: _exchange_trading_v1_CancelAllRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_CancelAllResponse__Output>): grpc.ClientUnaryCall;
  cancelAll(argument: _exchange_trading_v1_CancelAllRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_CancelAllResponse__Output>): grpc.ClientUnaryCall;
  cancelAll(argument: _exchange_trading_v1_CancelAllRequest, callback: grpc.requestCallback<_exchange_trading_v1_CancelAllResponse__Output>): grpc.ClientUnaryCall;
  
  CancelOrder(argument: _exchange_trading_v1_CancelOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _exchange_trading_v1_CancelOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _exchange_trading_v1_CancelOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _exchange_trading_v1_CancelOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _exchange_trading_v1_CancelOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _exchange_trading_v1_CancelOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _exchange_trading_v1_CancelOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _exchange_trading_v1_CancelOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  
  GetOrder(argument: _exchange_trading_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _exchange_trading_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _exchange_trading_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _exchange_trading_v1_GetOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _exchange_trading_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _exchange_trading_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _exchange_trading_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _exchange_trading_v1_GetOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  
  ListOpenOrders(argument: _exchange_trading_v1_ListOpenOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOpenOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOpenOrders(argument: _exchange_trading_v1_ListOpenOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListOpenOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOpenOrders(argument: _exchange_trading_v1_ListOpenOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOpenOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOpenOrders(argument: _exchange_trading_v1_ListOpenOrdersRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListOpenOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOpenOrders(argument: _exchange_trading_v1_ListOpenOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOpenOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOpenOrders(argument: _exchange_trading_v1_ListOpenOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListOpenOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOpenOrders(argument: _exchange_trading_v1_ListOpenOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOpenOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOpenOrders(argument: _exchange_trading_v1_ListOpenOrdersRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListOpenOrdersResponse__Output>): grpc.ClientUnaryCall;
  
  ListOrderAmendments(argument: _exchange_trading_v1_ListOrderAmendmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOrderAmendmentsResponse__Output>): grpc.ClientUnaryCall;
  ListOrderAmendments(argument: _exchange_trading_v1_ListOrderAmendmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListOrderAmendmentsResponse__Output>): grpc.ClientUnaryCall;
  ListOrderAmendments(argument: _exchange_trading_v1_ListOrderAmendmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOrderAmendmentsResponse__Output>): grpc.ClientUnaryCall;
  ListOrderAmendments(argument: _exchange_trading_v1_ListOrderAmendmentsRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListOrderAmendmentsResponse__Output>): grpc.ClientUnaryCall;
  listOrderAmendments(argument: _exchange_trading_v1_ListOrderAmendmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOrderAmendmentsResponse__Output>): grpc.ClientUnaryCall;
  listOrderAmendments(argument: _exchange_trading_v1_ListOrderAmendmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListOrderAmendmentsResponse__Output>): grpc.ClientUnaryCall;
  listOrderAmendments(argument: _exchange_trading_v1_ListOrderAmendmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOrderAmendmentsResponse__Output>): grpc.ClientUnaryCall;
  listOrderAmendments(argument: _exchange_trading_v1_ListOrderAmendmentsRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListOrderAmendmentsResponse__Output>): grpc.ClientUnaryCall;
  
  ListOrders(argument: _exchange_trading_v1_ListOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _exchange_trading_v1_ListOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _exchange_trading_v1_ListOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _exchange_trading_v1_ListOrdersRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _exchange_trading_v1_ListOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _exchange_trading_v1_ListOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _exchange_trading_v1_ListOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _exchange_trading_v1_ListOrdersRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  
  ListPreventedMatches(argument: _exchange_trading_v1_ListPreventedMatchesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListPreventedMatchesResponse__Output>): grpc.ClientUnaryCall;
  ListPreventedMatches(argument: _exchange_trading_v1_ListPreventedMatchesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListPreventedMatchesResponse__Output>): grpc.ClientUnaryCall;
  ListPreventedMatches(argument: _exchange_trading_v1_ListPreventedMatchesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListPreventedMatchesResponse__Output>): grpc.ClientUnaryCall;
  ListPreventedMatches(argument: _exchange_trading_v1_ListPreventedMatchesRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListPreventedMatchesResponse__Output>): grpc.ClientUnaryCall;
  listPreventedMatches(argument: _exchange_trading_v1_ListPreventedMatchesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListPreventedMatchesResponse__Output>): grpc.ClientUnaryCall;
  listPreventedMatches(argument: _exchange_trading_v1_ListPreventedMatchesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListPreventedMatchesResponse__Output>): grpc.ClientUnaryCall;
  listPreventedMatches(argument: _exchange_trading_v1_ListPreventedMatchesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListPreventedMatchesResponse__Output>): grpc.ClientUnaryCall;
  listPreventedMatches(argument: _exchange_trading_v1_ListPreventedMatchesRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListPreventedMatchesResponse__Output>): grpc.ClientUnaryCall;
  
  ListTrades(argument: _exchange_trading_v1_ListTradesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListTradesResponse__Output>): grpc.ClientUnaryCall;
  ListTrades(argument: _exchange_trading_v1_ListTradesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListTradesResponse__Output>): grpc.ClientUnaryCall;
  ListTrades(argument: _exchange_trading_v1_ListTradesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListTradesResponse__Output>): grpc.ClientUnaryCall;
  ListTrades(argument: _exchange_trading_v1_ListTradesRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListTradesResponse__Output>): grpc.ClientUnaryCall;
  listTrades(argument: _exchange_trading_v1_ListTradesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListTradesResponse__Output>): grpc.ClientUnaryCall;
  listTrades(argument: _exchange_trading_v1_ListTradesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ListTradesResponse__Output>): grpc.ClientUnaryCall;
  listTrades(argument: _exchange_trading_v1_ListTradesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ListTradesResponse__Output>): grpc.ClientUnaryCall;
  listTrades(argument: _exchange_trading_v1_ListTradesRequest, callback: grpc.requestCallback<_exchange_trading_v1_ListTradesResponse__Output>): grpc.ClientUnaryCall;
  
  PlaceOrder(argument: _exchange_trading_v1_PlaceOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _exchange_trading_v1_PlaceOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _exchange_trading_v1_PlaceOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _exchange_trading_v1_PlaceOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _exchange_trading_v1_PlaceOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _exchange_trading_v1_PlaceOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _exchange_trading_v1_PlaceOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _exchange_trading_v1_PlaceOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  
  PlaceOrders(argument: _exchange_trading_v1_PlaceOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrdersResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrders(argument: _exchange_trading_v1_PlaceOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrdersResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrders(argument: _exchange_trading_v1_PlaceOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrdersResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrders(argument: _exchange_trading_v1_PlaceOrdersRequest, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrdersResponse__Output>): grpc.ClientUnaryCall;
  placeOrders(argument: _exchange_trading_v1_PlaceOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrdersResponse__Output>): grpc.ClientUnaryCall;
  placeOrders(argument: _exchange_trading_v1_PlaceOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrdersResponse__Output>): grpc.ClientUnaryCall;
  placeOrders(argument: _exchange_trading_v1_PlaceOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrdersResponse__Output>): grpc.ClientUnaryCall;
  placeOrders(argument: _exchange_trading_v1_PlaceOrdersRequest, callback: grpc.requestCallback<_exchange_trading_v1_PlaceOrdersResponse__Output>): grpc.ClientUnaryCall;
  
  ReplaceOrder(argument: _exchange_trading_v1_ReplaceOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ReplaceOrderResponse__Output>): grpc.ClientUnaryCall;
  ReplaceOrder(argument: _exchange_trading_v1_ReplaceOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ReplaceOrderResponse__Output>): grpc.ClientUnaryCall;
  ReplaceOrder(argument: _exchange_trading_v1_ReplaceOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ReplaceOrderResponse__Output>): grpc.ClientUnaryCall;
  ReplaceOrder(argument: _exchange_trading_v1_ReplaceOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_ReplaceOrderResponse__Output>): grpc.ClientUnaryCall;
  replaceOrder(argument: _exchange_trading_v1_ReplaceOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ReplaceOrderResponse__Output>): grpc.ClientUnaryCall;
  replaceOrder(argument: _exchange_trading_v1_ReplaceOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_trading_v1_ReplaceOrderResponse__Output>): grpc.ClientUnaryCall;
  replaceOrder(argument: _exchange_trading_v1_ReplaceOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_trading_v1_ReplaceOrderResponse__Output>): grpc.ClientUnaryCall;
  replaceOrder(argument: _exchange_trading_v1_ReplaceOrderRequest, callback: grpc.requestCallback<_exchange_trading_v1_ReplaceOrderResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface TradingServiceHandlers extends grpc.UntypedServiceImplementation {
  AmendOrder: grpc.handleUnaryCall<_exchange_trading_v1_AmendOrderRequest__Output, _exchange_trading_v1_AmendOrderResponse>;
  
  CancelAll: grpc.handleUnaryCall<_exchange_trading_v1_CancelAllRequest__Output, _exchange_trading_v1_CancelAllResponse>;
  
  CancelOrder: grpc.handleUnaryCall<_exchange_trading_v1_CancelOrderRequest__Output, _exchange_trading_v1_CancelOrderResponse>;
  
  GetOrder: grpc.handleUnaryCall<_exchange_trading_v1_GetOrderRequest__Output, _exchange_trading_v1_GetOrderResponse>;
  
  ListOpenOrders: grpc.handleUnaryCall<_exchange_trading_v1_ListOpenOrdersRequest__Output, _exchange_trading_v1_ListOpenOrdersResponse>;
  
  ListOrderAmendments: grpc.handleUnaryCall<_exchange_trading_v1_ListOrderAmendmentsRequest__Output, _exchange_trading_v1_ListOrderAmendmentsResponse>;
  
  ListOrders: grpc.handleUnaryCall<_exchange_trading_v1_ListOrdersRequest__Output, _exchange_trading_v1_ListOrdersResponse>;
  
  ListPreventedMatches: grpc.handleUnaryCall<_exchange_trading_v1_ListPreventedMatchesRequest__Output, _exchange_trading_v1_ListPreventedMatchesResponse>;
  
  ListTrades: grpc.handleUnaryCall<_exchange_trading_v1_ListTradesRequest__Output, _exchange_trading_v1_ListTradesResponse>;
  
  PlaceOrder: grpc.handleUnaryCall<_exchange_trading_v1_PlaceOrderRequest__Output, _exchange_trading_v1_PlaceOrderResponse>;
  
  PlaceOrders: grpc.handleUnaryCall<_exchange_trading_v1_PlaceOrdersRequest__Output, _exchange_trading_v1_PlaceOrdersResponse>;
  
  ReplaceOrder: grpc.handleUnaryCall<_exchange_trading_v1_ReplaceOrderRequest__Output, _exchange_trading_v1_ReplaceOrderResponse>;
  
}

export interface TradingServiceDefinition extends grpc.ServiceDefinition {
  AmendOrder: MethodDefinition<_exchange_trading_v1_AmendOrderRequest, _exchange_trading_v1_AmendOrderResponse, _exchange_trading_v1_AmendOrderRequest__Output, _exchange_trading_v1_AmendOrderResponse__Output>
  CancelAll: MethodDefinition<_exchange_trading_v1_CancelAllRequest, _exchange_trading_v1_CancelAllResponse, _exchange_trading_v1_CancelAllRequest__Output, _exchange_trading_v1_CancelAllResponse__Output>
  CancelOrder: MethodDefinition<_exchange_trading_v1_CancelOrderRequest, _exchange_trading_v1_CancelOrderResponse, _exchange_trading_v1_CancelOrderRequest__Output, _exchange_trading_v1_CancelOrderResponse__Output>
  GetOrder: MethodDefinition<_exchange_trading_v1_GetOrderRequest, _exchange_trading_v1_GetOrderResponse, _exchange_trading_v1_GetOrderRequest__Output, _exchange_trading_v1_GetOrderResponse__Output>
  ListOpenOrders: MethodDefinition<_exchange_trading_v1_ListOpenOrdersRequest, _exchange_trading_v1_ListOpenOrdersResponse, _exchange_trading_v1_ListOpenOrdersRequest__Output, _exchange_trading_v1_ListOpenOrdersResponse__Output>
  ListOrderAmendments: MethodDefinition<_exchange_trading_v1_ListOrderAmendmentsRequest, _exchange_trading_v1_ListOrderAmendmentsResponse, _exchange_trading_v1_ListOrderAmendmentsRequest__Output, _exchange_trading_v1_ListOrderAmendmentsResponse__Output>
  ListOrders: MethodDefinition<_exchange_trading_v1_ListOrdersRequest, _exchange_trading_v1_ListOrdersResponse, _exchange_trading_v1_ListOrdersRequest__Output, _exchange_trading_v1_ListOrdersResponse__Output>
  ListPreventedMatches: MethodDefinition<_exchange_trading_v1_ListPreventedMatchesRequest, _exchange_trading_v1_ListPreventedMatchesResponse, _exchange_trading_v1_ListPreventedMatchesRequest__Output, _exchange_trading_v1_ListPreventedMatchesResponse__Output>
  ListTrades: MethodDefinition<_exchange_trading_v1_ListTradesRequest, _exchange_trading_v1_ListTradesResponse, _exchange_trading_v1_ListTradesRequest__Output, _exchange_trading_v1_ListTradesResponse__Output>
  PlaceOrder: MethodDefinition<_exchange_trading_v1_PlaceOrderRequest, _exchange_trading_v1_PlaceOrderResponse, _exchange_trading_v1_PlaceOrderRequest__Output, _exchange_trading_v1_PlaceOrderResponse__Output>
  PlaceOrders: MethodDefinition<_exchange_trading_v1_PlaceOrdersRequest, _exchange_trading_v1_PlaceOrdersResponse, _exchange_trading_v1_PlaceOrdersRequest__Output, _exchange_trading_v1_PlaceOrdersResponse__Output>
  ReplaceOrder: MethodDefinition<_exchange_trading_v1_ReplaceOrderRequest, _exchange_trading_v1_ReplaceOrderResponse, _exchange_trading_v1_ReplaceOrderRequest__Output, _exchange_trading_v1_ReplaceOrderResponse__Output>
}
