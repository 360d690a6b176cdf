import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Fill as _exchange_common_v1_Fill, Fill__Output as _exchange_common_v1_Fill__Output } from './exchange/common/v1/Fill';
import type { Order as _exchange_common_v1_Order, Order__Output as _exchange_common_v1_Order__Output } from './exchange/common/v1/Order';
import type { PriceLevel as _exchange_common_v1_PriceLevel, PriceLevel__Output as _exchange_common_v1_PriceLevel__Output } from './exchange/common/v1/PriceLevel';
import type { Trade as _exchange_common_v1_Trade, Trade__Output as _exchange_common_v1_Trade__Output } from './exchange/common/v1/Trade';
import type { AggTrade as _exchange_marketdata_v1_AggTrade, AggTrade__Output as _exchange_marketdata_v1_AggTrade__Output } from './exchange/marketdata/v1/AggTrade';
import type { Candle as _exchange_marketdata_v1_Candle, Candle__Output as _exchange_marketdata_v1_Candle__Output } from './exchange/marketdata/v1/Candle';
import type { GetAggTradesRequest as _exchange_marketdata_v1_GetAggTradesRequest, GetAggTradesRequest__Output as _exchange_marketdata_v1_GetAggTradesRequest__Output } from './exchange/marketdata/v1/GetAggTradesRequest';
import type { GetAggTradesResponse as _exchange_marketdata_v1_GetAggTradesResponse, GetAggTradesResponse__Output as _exchange_marketdata_v1_GetAggTradesResponse__Output } from './exchange/marketdata/v1/GetAggTradesResponse';
import type { GetAvgPriceRequest as _exchange_marketdata_v1_GetAvgPriceRequest, GetAvgPriceRequest__Output as _exchange_marketdata_v1_GetAvgPriceRequest__Output } from './exchange/marketdata/v1/GetAvgPriceRequest';
import type { GetAvgPriceResponse as _exchange_marketdata_v1_GetAvgPriceResponse, GetAvgPriceResponse__Output as _exchange_marketdata_v1_GetAvgPriceResponse__Output } from './exchange/marketdata/v1/GetAvgPriceResponse';
import type { GetCandlesRequest as _exchange_marketdata_v1_GetCandlesRequest, GetCandlesRequest__Output as _exchange_marketdata_v1_GetCandlesRequest__Output } from './exchange/marketdata/v1/GetCandlesRequest';
import type { GetCandlesResponse as _exchange_marketdata_v1_GetCandlesResponse, GetCandlesResponse__Output as _exchange_marketdata_v1_GetCandlesResponse__Output } from './exchange/marketdata/v1/GetCandlesResponse';
import type { GetExchangeInfoRequest as _exchange_marketdata_v1_GetExchangeInfoRequest, GetExchangeInfoRequest__Output as _exchange_marketdata_v1_GetExchangeInfoRequest__Output } from './exchange/marketdata/v1/GetExchangeInfoRequest';
import type { GetExchangeInfoResponse as _exchange_marketdata_v1_GetExchangeInfoResponse, GetExchangeInfoResponse__Output as _exchange_marketdata_v1_GetExchangeInfoResponse__Output } from './exchange/marketdata/v1/GetExchangeInfoResponse';
import type { GetOrderBookRequest as _exchange_marketdata_v1_GetOrderBookRequest, GetOrderBookRequest__Output as _exchange_marketdata_v1_GetOrderBookRequest__Output } from './exchange/marketdata/v1/GetOrderBookRequest';
import type { GetOrderBookResponse as _exchange_marketdata_v1_GetOrderBookResponse, GetOrderBookResponse__Output as _exchange_marketdata_v1_GetOrderBookResponse__Output } from './exchange/marketdata/v1/GetOrderBookResponse';
import type { GetTickersRequest as _exchange_marketdata_v1_GetTickersRequest, GetTickersRequest__Output as _exchange_marketdata_v1_GetTickersRequest__Output } from './exchange/marketdata/v1/GetTickersRequest';
import type { GetTickersResponse as _exchange_marketdata_v1_GetTickersResponse, GetTickersResponse__Output as _exchange_marketdata_v1_GetTickersResponse__Output } from './exchange/marketdata/v1/GetTickersResponse';
import type { GetTradesRequest as _exchange_marketdata_v1_GetTradesRequest, GetTradesRequest__Output as _exchange_marketdata_v1_GetTradesRequest__Output } from './exchange/marketdata/v1/GetTradesRequest';
import type { GetTradesResponse as _exchange_marketdata_v1_GetTradesResponse, GetTradesResponse__Output as _exchange_marketdata_v1_GetTradesResponse__Output } from './exchange/marketdata/v1/GetTradesResponse';
import type { MarketDataServiceClient as _exchange_marketdata_v1_MarketDataServiceClient, MarketDataServiceDefinition as _exchange_marketdata_v1_MarketDataServiceDefinition } from './exchange/marketdata/v1/MarketDataService';
import type { PublicTrade as _exchange_marketdata_v1_PublicTrade, PublicTrade__Output as _exchange_marketdata_v1_PublicTrade__Output } from './exchange/marketdata/v1/PublicTrade';
import type { StreamBookDiffsRequest as _exchange_marketdata_v1_StreamBookDiffsRequest, StreamBookDiffsRequest__Output as _exchange_marketdata_v1_StreamBookDiffsRequest__Output } from './exchange/marketdata/v1/StreamBookDiffsRequest';
import type { StreamBookDiffsResponse as _exchange_marketdata_v1_StreamBookDiffsResponse, StreamBookDiffsResponse__Output as _exchange_marketdata_v1_StreamBookDiffsResponse__Output } from './exchange/marketdata/v1/StreamBookDiffsResponse';
import type { StreamCandlesRequest as _exchange_marketdata_v1_StreamCandlesRequest, StreamCandlesRequest__Output as _exchange_marketdata_v1_StreamCandlesRequest__Output } from './exchange/marketdata/v1/StreamCandlesRequest';
import type { StreamCandlesResponse as _exchange_marketdata_v1_StreamCandlesResponse, StreamCandlesResponse__Output as _exchange_marketdata_v1_StreamCandlesResponse__Output } from './exchange/marketdata/v1/StreamCandlesResponse';
import type { StreamTickersRequest as _exchange_marketdata_v1_StreamTickersRequest, StreamTickersRequest__Output as _exchange_marketdata_v1_StreamTickersRequest__Output } from './exchange/marketdata/v1/StreamTickersRequest';
import type { StreamTickersResponse as _exchange_marketdata_v1_StreamTickersResponse, StreamTickersResponse__Output as _exchange_marketdata_v1_StreamTickersResponse__Output } from './exchange/marketdata/v1/StreamTickersResponse';
import type { StreamTradesRequest as _exchange_marketdata_v1_StreamTradesRequest, StreamTradesRequest__Output as _exchange_marketdata_v1_StreamTradesRequest__Output } from './exchange/marketdata/v1/StreamTradesRequest';
import type { StreamTradesResponse as _exchange_marketdata_v1_StreamTradesResponse, StreamTradesResponse__Output as _exchange_marketdata_v1_StreamTradesResponse__Output } from './exchange/marketdata/v1/StreamTradesResponse';
import type { SymbolInfo as _exchange_marketdata_v1_SymbolInfo, SymbolInfo__Output as _exchange_marketdata_v1_SymbolInfo__Output } from './exchange/marketdata/v1/SymbolInfo';
import type { Ticker as _exchange_marketdata_v1_Ticker, Ticker__Output as _exchange_marketdata_v1_Ticker__Output } from './exchange/marketdata/v1/Ticker';

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
    marketdata: {
      v1: {
        AggTrade: MessageTypeDefinition<_exchange_marketdata_v1_AggTrade, _exchange_marketdata_v1_AggTrade__Output>
        Candle: MessageTypeDefinition<_exchange_marketdata_v1_Candle, _exchange_marketdata_v1_Candle__Output>
        GetAggTradesRequest: MessageTypeDefinition<_exchange_marketdata_v1_GetAggTradesRequest, _exchange_marketdata_v1_GetAggTradesRequest__Output>
        GetAggTradesResponse: MessageTypeDefinition<_exchange_marketdata_v1_GetAggTradesResponse, _exchange_marketdata_v1_GetAggTradesResponse__Output>
        GetAvgPriceRequest: MessageTypeDefinition<_exchange_marketdata_v1_GetAvgPriceRequest, _exchange_marketdata_v1_GetAvgPriceRequest__Output>
        GetAvgPriceResponse: MessageTypeDefinition<_exchange_marketdata_v1_GetAvgPriceResponse, _exchange_marketdata_v1_GetAvgPriceResponse__Output>
        GetCandlesRequest: MessageTypeDefinition<_exchange_marketdata_v1_GetCandlesRequest, _exchange_marketdata_v1_GetCandlesRequest__Output>
        GetCandlesResponse: MessageTypeDefinition<_exchange_marketdata_v1_GetCandlesResponse, _exchange_marketdata_v1_GetCandlesResponse__Output>
        GetExchangeInfoRequest: MessageTypeDefinition<_exchange_marketdata_v1_GetExchangeInfoRequest, _exchange_marketdata_v1_GetExchangeInfoRequest__Output>
        GetExchangeInfoResponse: MessageTypeDefinition<_exchange_marketdata_v1_GetExchangeInfoResponse, _exchange_marketdata_v1_GetExchangeInfoResponse__Output>
        GetOrderBookRequest: MessageTypeDefinition<_exchange_marketdata_v1_GetOrderBookRequest, _exchange_marketdata_v1_GetOrderBookRequest__Output>
        GetOrderBookResponse: MessageTypeDefinition<_exchange_marketdata_v1_GetOrderBookResponse, _exchange_marketdata_v1_GetOrderBookResponse__Output>
        GetTickersRequest: MessageTypeDefinition<_exchange_marketdata_v1_GetTickersRequest, _exchange_marketdata_v1_GetTickersRequest__Output>
        GetTickersResponse: MessageTypeDefinition<_exchange_marketdata_v1_GetTickersResponse, _exchange_marketdata_v1_GetTickersResponse__Output>
        GetTradesRequest: MessageTypeDefinition<_exchange_marketdata_v1_GetTradesRequest, _exchange_marketdata_v1_GetTradesRequest__Output>
        GetTradesResponse: MessageTypeDefinition<_exchange_marketdata_v1_GetTradesResponse, _exchange_marketdata_v1_GetTradesResponse__Output>
        MarketDataService: SubtypeConstructor<typeof grpc.Client, _exchange_marketdata_v1_MarketDataServiceClient> & { service: _exchange_marketdata_v1_MarketDataServiceDefinition }
        PublicTrade: MessageTypeDefinition<_exchange_marketdata_v1_PublicTrade, _exchange_marketdata_v1_PublicTrade__Output>
        StreamBookDiffsRequest: MessageTypeDefinition<_exchange_marketdata_v1_StreamBookDiffsRequest, _exchange_marketdata_v1_StreamBookDiffsRequest__Output>
        StreamBookDiffsResponse: MessageTypeDefinition<_exchange_marketdata_v1_StreamBookDiffsResponse, _exchange_marketdata_v1_StreamBookDiffsResponse__Output>
        StreamCandlesRequest: MessageTypeDefinition<_exchange_marketdata_v1_StreamCandlesRequest, _exchange_marketdata_v1_StreamCandlesRequest__Output>
        StreamCandlesResponse: MessageTypeDefinition<_exchange_marketdata_v1_StreamCandlesResponse, _exchange_marketdata_v1_StreamCandlesResponse__Output>
        StreamTickersRequest: MessageTypeDefinition<_exchange_marketdata_v1_StreamTickersRequest, _exchange_marketdata_v1_StreamTickersRequest__Output>
        StreamTickersResponse: MessageTypeDefinition<_exchange_marketdata_v1_StreamTickersResponse, _exchange_marketdata_v1_StreamTickersResponse__Output>
        StreamTradesRequest: MessageTypeDefinition<_exchange_marketdata_v1_StreamTradesRequest, _exchange_marketdata_v1_StreamTradesRequest__Output>
        StreamTradesResponse: MessageTypeDefinition<_exchange_marketdata_v1_StreamTradesResponse, _exchange_marketdata_v1_StreamTradesResponse__Output>
        SymbolInfo: MessageTypeDefinition<_exchange_marketdata_v1_SymbolInfo, _exchange_marketdata_v1_SymbolInfo__Output>
        SymbolStatus: EnumTypeDefinition
        Ticker: MessageTypeDefinition<_exchange_marketdata_v1_Ticker, _exchange_marketdata_v1_Ticker__Output>
      }
    }
  }
}

