import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Fill as _exchange_common_v1_Fill, Fill__Output as _exchange_common_v1_Fill__Output } from './exchange/common/v1/Fill';
import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from './exchange/common/v1/Order';
import type { PriceLevel as _exchange_common_v1_PriceLevel, PriceLevel__Output as _exchange_common_v1_PriceLevel__Output } from './exchange/common/v1/PriceLevel';
import type { Trade as _exchange_common_v1_Trade, Trade__Output as _exchange_common_v1_Trade__Output } from './exchange/common/v1/Trade';
import type { AmendOrderRequest as _exchange_trading_v1_AmendOrderRequest, AmendOrderRequest__Output as _exchange_trading_v1_AmendOrderRequest__Output } from './exchange/trading/v1/AmendOrderRequest';
import type { AmendOrderResponse as _exchange_trading_v1_AmendOrderResponse, AmendOrderResponse__Output as _exchange_trading_v1_AmendOrderResponse__Output } from './exchange/trading/v1/AmendOrderResponse';
import type { CancelAllRequest as _exchange_trading_v1_CancelAllRequest, CancelAllRequest__Output as _exchange_trading_v1_CancelAllRequest__Output } from './exchange/trading/v1/CancelAllRequest';
import type { CancelAllResponse as _exchange_trading_v1_CancelAllResponse, CancelAllResponse__Output as _exchange_trading_v1_CancelAllResponse__Output } from './exchange/trading/v1/CancelAllResponse';
import type { CancelOrderRequest as _exchange_trading_v1_CancelOrderRequest, CancelOrderRequest__Output as _exchange_trading_v1_CancelOrderRequest__Output } from './exchange/trading/v1/CancelOrderRequest';
import type { CancelOrderResponse as _exchange_trading_v1_CancelOrderResponse, CancelOrderResponse__Output as _exchange_trading_v1_CancelOrderResponse__Output } from './exchange/trading/v1/CancelOrderResponse';
import type { GetOrderRequest as _exchange_trading_v1_GetOrderRequest, GetOrderRequest__Output as _exchange_trading_v1_GetOrderRequest__Output } from './exchange/trading/v1/GetOrderRequest';
import type { GetOrderResponse as _exchange_trading_v1_GetOrderResponse, GetOrderResponse__Output as _exchange_trading_v1_GetOrderResponse__Output } from './exchange/trading/v1/GetOrderResponse';
import type { ListOpenOrdersRequest as _exchange_trading_v1_ListOpenOrdersRequest, ListOpenOrdersRequest__Output as _exchange_trading_v1_ListOpenOrdersRequest__Output } from './exchange/trading/v1/ListOpenOrdersRequest';
import type { ListOpenOrdersResponse as _exchange_trading_v1_ListOpenOrdersResponse, ListOpenOrdersResponse__Output as _exchange_trading_v1_ListOpenOrdersResponse__Output } from './exchange/trading/v1/ListOpenOrdersResponse';
import type { ListOrderAmendmentsRequest as _exchange_trading_v1_ListOrderAmendmentsRequest, ListOrderAmendmentsRequest__Output as _exchange_trading_v1_ListOrderAmendmentsRequest__Output } from './exchange/trading/v1/ListOrderAmendmentsRequest';
import type { ListOrderAmendmentsResponse as _exchange_trading_v1_ListOrderAmendmentsResponse, ListOrderAmendmentsResponse__Output as _exchange_trading_v1_ListOrderAmendmentsResponse__Output } from './exchange/trading/v1/ListOrderAmendmentsResponse';
import type { ListOrdersRequest as _exchange_trading_v1_ListOrdersRequest, ListOrdersRequest__Output as _exchange_trading_v1_ListOrdersRequest__Output } from './exchange/trading/v1/ListOrdersRequest';
import type { ListOrdersResponse as _exchange_trading_v1_ListOrdersResponse, ListOrdersResponse__Output as _exchange_trading_v1_ListOrdersResponse__Output } from './exchange/trading/v1/ListOrdersResponse';
import type { ListPreventedMatchesRequest as _exchange_trading_v1_ListPreventedMatchesRequest, ListPreventedMatchesRequest__Output as _exchange_trading_v1_ListPreventedMatchesRequest__Output } from './exchange/trading/v1/ListPreventedMatchesRequest';
import type { ListPreventedMatchesResponse as _exchange_trading_v1_ListPreventedMatchesResponse, ListPreventedMatchesResponse__Output as _exchange_trading_v1_ListPreventedMatchesResponse__Output } from './exchange/trading/v1/ListPreventedMatchesResponse';
import type { ListTradesRequest as _exchange_trading_v1_ListTradesRequest, ListTradesRequest__Output as _exchange_trading_v1_ListTradesRequest__Output } from './exchange/trading/v1/ListTradesRequest';
import type { ListTradesResponse as _exchange_trading_v1_ListTradesResponse, ListTradesResponse__Output as _exchange_trading_v1_ListTradesResponse__Output } from './exchange/trading/v1/ListTradesResponse';
import type { OrderAmendment as _exchange_trading_v1_OrderAmendment, OrderAmendment__Output as _exchange_trading_v1_OrderAmendment__Output } from './exchange/trading/v1/OrderAmendment';
import type { OrderRef as _exchange_trading_v1_OrderRef, OrderRef__Output as _exchange_trading_v1_OrderRef__Output } from './exchange/trading/v1/OrderRef';
import type { PlaceOrderRequest as _exchange_trading_v1_PlaceOrderRequest, PlaceOrderRequest__Output as _exchange_trading_v1_PlaceOrderRequest__Output } from './exchange/trading/v1/PlaceOrderRequest';
import type { PlaceOrderResponse as _exchange_trading_v1_PlaceOrderResponse, PlaceOrderResponse__Output as _exchange_trading_v1_PlaceOrderResponse__Output } from './exchange/trading/v1/PlaceOrderResponse';
import type { PlaceOrdersRequest as _exchange_trading_v1_PlaceOrdersRequest, PlaceOrdersRequest__Output as _exchange_trading_v1_PlaceOrdersRequest__Output } from './exchange/trading/v1/PlaceOrdersRequest';
import type { PlaceOrdersResponse as _exchange_trading_v1_PlaceOrdersResponse, PlaceOrdersResponse__Output as _exchange_trading_v1_PlaceOrdersResponse__Output } from './exchange/trading/v1/PlaceOrdersResponse';
import type { PlaceOrdersResult as _exchange_trading_v1_PlaceOrdersResult, PlaceOrdersResult__Output as _exchange_trading_v1_PlaceOrdersResult__Output } from './exchange/trading/v1/PlaceOrdersResult';
import type { PreventedMatch as _exchange_trading_v1_PreventedMatch, PreventedMatch__Output as _exchange_trading_v1_PreventedMatch__Output } from './exchange/trading/v1/PreventedMatch';
import type { ReplaceOrderRequest as _exchange_trading_v1_ReplaceOrderRequest, ReplaceOrderRequest__Output as _exchange_trading_v1_ReplaceOrderRequest__Output } from './exchange/trading/v1/ReplaceOrderRequest';
import type { ReplaceOrderResponse as _exchange_trading_v1_ReplaceOrderResponse, ReplaceOrderResponse__Output as _exchange_trading_v1_ReplaceOrderResponse__Output } from './exchange/trading/v1/ReplaceOrderResponse';
import type { ReplaceOrderStep as _exchange_trading_v1_ReplaceOrderStep, ReplaceOrderStep__Output as _exchange_trading_v1_ReplaceOrderStep__Output } from './exchange/trading/v1/ReplaceOrderStep';
import type { TradingServiceClient as _exchange_trading_v1_TradingServiceClient, TradingServiceDefinition as _exchange_trading_v1_TradingServiceDefinition } from './exchange/trading/v1/TradingService';
import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from './google/protobuf/Any';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from './google/rpc/Status';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  exchange: {
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
    trading: {
      v1: {
        AmendOrderRequest: MessageTypeDefinition<_exchange_trading_v1_AmendOrderRequest, _exchange_trading_v1_AmendOrderRequest__Output>
        AmendOrderResponse: MessageTypeDefinition<_exchange_trading_v1_AmendOrderResponse, _exchange_trading_v1_AmendOrderResponse__Output>
        CancelAllRequest: MessageTypeDefinition<_exchange_trading_v1_CancelAllRequest, _exchange_trading_v1_CancelAllRequest__Output>
        CancelAllResponse: MessageTypeDefinition<_exchange_trading_v1_CancelAllResponse, _exchange_trading_v1_CancelAllResponse__Output>
        CancelOrderRequest: MessageTypeDefinition<_exchange_trading_v1_CancelOrderRequest, _exchange_trading_v1_CancelOrderRequest__Output>
        CancelOrderResponse: MessageTypeDefinition<_exchange_trading_v1_CancelOrderResponse, _exchange_trading_v1_CancelOrderResponse__Output>
        CancelRestriction: EnumTypeDefinition
        GetOrderRequest: MessageTypeDefinition<_exchange_trading_v1_GetOrderRequest, _exchange_trading_v1_GetOrderRequest__Output>
        GetOrderResponse: MessageTypeDefinition<_exchange_trading_v1_GetOrderResponse, _exchange_trading_v1_GetOrderResponse__Output>
        ListOpenOrdersRequest: MessageTypeDefinition<_exchange_trading_v1_ListOpenOrdersRequest, _exchange_trading_v1_ListOpenOrdersRequest__Output>
        ListOpenOrdersResponse: MessageTypeDefinition<_exchange_trading_v1_ListOpenOrdersResponse, _exchange_trading_v1_ListOpenOrdersResponse__Output>
        ListOrderAmendmentsRequest: MessageTypeDefinition<_exchange_trading_v1_ListOrderAmendmentsRequest, _exchange_trading_v1_ListOrderAmendmentsRequest__Output>
        ListOrderAmendmentsResponse: MessageTypeDefinition<_exchange_trading_v1_ListOrderAmendmentsResponse, _exchange_trading_v1_ListOrderAmendmentsResponse__Output>
        ListOrdersRequest: MessageTypeDefinition<_exchange_trading_v1_ListOrdersRequest, _exchange_trading_v1_ListOrdersRequest__Output>
        ListOrdersResponse: MessageTypeDefinition<_exchange_trading_v1_ListOrdersResponse, _exchange_trading_v1_ListOrdersResponse__Output>
        ListPreventedMatchesRequest: MessageTypeDefinition<_exchange_trading_v1_ListPreventedMatchesRequest, _exchange_trading_v1_ListPreventedMatchesRequest__Output>
        ListPreventedMatchesResponse: MessageTypeDefinition<_exchange_trading_v1_ListPreventedMatchesResponse, _exchange_trading_v1_ListPreventedMatchesResponse__Output>
        ListTradesRequest: MessageTypeDefinition<_exchange_trading_v1_ListTradesRequest, _exchange_trading_v1_ListTradesRequest__Output>
        ListTradesResponse: MessageTypeDefinition<_exchange_trading_v1_ListTradesResponse, _exchange_trading_v1_ListTradesResponse__Output>
        OrderAmendment: MessageTypeDefinition<_exchange_trading_v1_OrderAmendment, _exchange_trading_v1_OrderAmendment__Output>
        OrderRef: MessageTypeDefinition<_exchange_trading_v1_OrderRef, _exchange_trading_v1_OrderRef__Output>
        PlaceOrderRequest: MessageTypeDefinition<_exchange_trading_v1_PlaceOrderRequest, _exchange_trading_v1_PlaceOrderRequest__Output>
        PlaceOrderResponse: MessageTypeDefinition<_exchange_trading_v1_PlaceOrderResponse, _exchange_trading_v1_PlaceOrderResponse__Output>
        PlaceOrdersRequest: MessageTypeDefinition<_exchange_trading_v1_PlaceOrdersRequest, _exchange_trading_v1_PlaceOrdersRequest__Output>
        PlaceOrdersResponse: MessageTypeDefinition<_exchange_trading_v1_PlaceOrdersResponse, _exchange_trading_v1_PlaceOrdersResponse__Output>
        PlaceOrdersResult: MessageTypeDefinition<_exchange_trading_v1_PlaceOrdersResult, _exchange_trading_v1_PlaceOrdersResult__Output>
        PreventedMatch: MessageTypeDefinition<_exchange_trading_v1_PreventedMatch, _exchange_trading_v1_PreventedMatch__Output>
        ReplaceOrderRequest: MessageTypeDefinition<_exchange_trading_v1_ReplaceOrderRequest, _exchange_trading_v1_ReplaceOrderRequest__Output>
        ReplaceOrderResponse: MessageTypeDefinition<_exchange_trading_v1_ReplaceOrderResponse, _exchange_trading_v1_ReplaceOrderResponse__Output>
        ReplaceOrderStep: MessageTypeDefinition<_exchange_trading_v1_ReplaceOrderStep, _exchange_trading_v1_ReplaceOrderStep__Output>
        ResponseType: EnumTypeDefinition
        TradingService: SubtypeConstructor<typeof grpc.Client, _exchange_trading_v1_TradingServiceClient> & { service: _exchange_trading_v1_TradingServiceDefinition }
      }
    }
  }
  google: {
    protobuf: {
      Any: MessageTypeDefinition<_google_protobuf_Any, _google_protobuf_Any__Output>
    }
    rpc: {
      Status: MessageTypeDefinition<_google_rpc_Status, _google_rpc_Status__Output>
    }
  }
}

