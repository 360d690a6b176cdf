// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetAggTradesRequest as _exchange_marketdata_v1_GetAggTradesRequest, GetAggTradesRequest__Output as _exchange_marketdata_v1_GetAggTradesRequest__Output } from '../../../exchange/marketdata/v1/GetAggTradesRequest';
import type { GetAggTradesResponse as _exchange_marketdata_v1_GetAggTradesResponse, GetAggTradesResponse__Output as _exchange_marketdata_v1_GetAggTradesResponse__Output } from '../../../exchange/marketdata/v1/GetAggTradesResponse';
import type { GetAvgPriceRequest as _exchange_marketdata_v1_GetAvgPriceRequest, GetAvgPriceRequest__Output as _exchange_marketdata_v1_GetAvgPriceRequest__Output } from '../../../exchange/marketdata/v1/GetAvgPriceRequest';
import type { GetAvgPriceResponse as _exchange_marketdata_v1_GetAvgPriceResponse, GetAvgPriceResponse__Output as _exchange_marketdata_v1_GetAvgPriceResponse__Output } from '../../../exchange/marketdata/v1/GetAvgPriceResponse';
import type { GetCandlesRequest as _exchange_marketdata_v1_GetCandlesRequest, GetCandlesRequest__Output as _exchange_marketdata_v1_GetCandlesRequest__Output } from '../../../exchange/marketdata/v1/GetCandlesRequest';
import type { GetCandlesResponse as _exchange_marketdata_v1_GetCandlesResponse, GetCandlesResponse__Output as _exchange_marketdata_v1_GetCandlesResponse__Output } from '../../../exchange/marketdata/v1/GetCandlesResponse';
import type { GetExchangeInfoRequest as _exchange_marketdata_v1_GetExchangeInfoRequest, GetExchangeInfoRequest__Output as _exchange_marketdata_v1_GetExchangeInfoRequest__Output } from '../../../exchange/marketdata/v1/GetExchangeInfoRequest';
import type { GetExchangeInfoResponse as _exchange_marketdata_v1_GetExchangeInfoResponse, GetExchangeInfoResponse__Output as _exchange_marketdata_v1_GetExchangeInfoResponse__Output } from '../../../exchange/marketdata/v1/GetExchangeInfoResponse';
import type { GetOrderBookRequest as _exchange_marketdata_v1_GetOrderBookRequest, GetOrderBookRequest__Output as _exchange_marketdata_v1_GetOrderBookRequest__Output } from '../../../exchange/marketdata/v1/GetOrderBookRequest';
import type { GetOrderBookResponse as _exchange_marketdata_v1_GetOrderBookResponse, GetOrderBookResponse__Output as _exchange_marketdata_v1_GetOrderBookResponse__Output } from '../../../exchange/marketdata/v1/GetOrderBookResponse';
import type { GetTickersRequest as _exchange_marketdata_v1_GetTickersRequest, GetTickersRequest__Output as _exchange_marketdata_v1_GetTickersRequest__Output } from '../../../exchange/marketdata/v1/GetTickersRequest';
import type { GetTickersResponse as _exchange_marketdata_v1_GetTickersResponse, GetTickersResponse__Output as _exchange_marketdata_v1_GetTickersResponse__Output } from '../../../exchange/marketdata/v1/GetTickersResponse';
import type { GetTradesRequest as _exchange_marketdata_v1_GetTradesRequest, GetTradesRequest__Output as _exchange_marketdata_v1_GetTradesRequest__Output } from '../../../exchange/marketdata/v1/GetTradesRequest';
import type { GetTradesResponse as _exchange_marketdata_v1_GetTradesResponse, GetTradesResponse__Output as _exchange_marketdata_v1_GetTradesResponse__Output } from '../../../exchange/marketdata/v1/GetTradesResponse';
import type { StreamBookDiffsRequest as _exchange_marketdata_v1_StreamBookDiffsRequest, StreamBookDiffsRequest__Output as _exchange_marketdata_v1_StreamBookDiffsRequest__Output } from '../../../exchange/marketdata/v1/StreamBookDiffsRequest';
import type { StreamBookDiffsResponse as _exchange_marketdata_v1_StreamBookDiffsResponse, StreamBookDiffsResponse__Output as _exchange_marketdata_v1_StreamBookDiffsResponse__Output } from '../../../exchange/marketdata/v1/StreamBookDiffsResponse';
import type { StreamCandlesRequest as _exchange_marketdata_v1_StreamCandlesRequest, StreamCandlesRequest__Output as _exchange_marketdata_v1_StreamCandlesRequest__Output } from '../../../exchange/marketdata/v1/StreamCandlesRequest';
import type { StreamCandlesResponse as _exchange_marketdata_v1_StreamCandlesResponse, StreamCandlesResponse__Output as _exchange_marketdata_v1_StreamCandlesResponse__Output } from '../../../exchange/marketdata/v1/StreamCandlesResponse';
import type { StreamTickersRequest as _exchange_marketdata_v1_StreamTickersRequest, StreamTickersRequest__Output as _exchange_marketdata_v1_StreamTickersRequest__Output } from '../../../exchange/marketdata/v1/StreamTickersRequest';
import type { StreamTickersResponse as _exchange_marketdata_v1_StreamTickersResponse, StreamTickersResponse__Output as _exchange_marketdata_v1_StreamTickersResponse__Output } from '../../../exchange/marketdata/v1/StreamTickersResponse';
import type { StreamTradesRequest as _exchange_marketdata_v1_StreamTradesRequest, StreamTradesRequest__Output as _exchange_marketdata_v1_StreamTradesRequest__Output } from '../../../exchange/marketdata/v1/StreamTradesRequest';
import type { StreamTradesResponse as _exchange_marketdata_v1_StreamTradesResponse, StreamTradesResponse__Output as _exchange_marketdata_v1_StreamTradesResponse__Output } from '../../../exchange/marketdata/v1/StreamTradesResponse';

export interface MarketDataServiceClient extends grpc.Client {
  GetAggTrades(argument: _exchange_marketdata_v1_GetAggTradesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAggTradesResponse__Output>): grpc.ClientUnaryCall;
  GetAggTrades(argument: _exchange_marketdata_v1_GetAggTradesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAggTradesResponse__Output>): grpc.ClientUnaryCall;
  GetAggTrades(argument: _exchange_marketdata_v1_GetAggTradesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAggTradesResponse__Output>): grpc.ClientUnaryCall;
  GetAggTrades(argument: _exchange_marketdata_v1_GetAggTradesRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAggTradesResponse__Output>): grpc.ClientUnaryCall;
  getAggTrades(argument: _exchange_marketdata_v1_GetAggTradesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAggTradesResponse__Output>): grpc.ClientUnaryCall;
  getAggTrades(argument: _exchange_marketdata_v1_GetAggTradesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAggTradesResponse__Output>): grpc.ClientUnaryCall;
  getAggTrades(argument: _exchange_marketdata_v1_GetAggTradesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAggTradesResponse__Output>): grpc.ClientUnaryCall;
  getAggTrades(argument: _exchange_marketdata_v1_GetAggTradesRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAggTradesResponse__Output>): grpc.ClientUnaryCall;
  
  GetAvgPrice(argument: _exchange_marketdata_v1_GetAvgPriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAvgPriceResponse__Output>): grpc.ClientUnaryCall;
  GetAvgPrice(argument: _exchange_marketdata_v1_GetAvgPriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAvgPriceResponse__Output>): grpc.ClientUnaryCall;
  GetAvgPrice(argument: _exchange_marketdata_v1_GetAvgPriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAvgPriceResponse__Output>): grpc.ClientUnaryCall;
  GetAvgPrice(argument: _exchange_marketdata_v1_GetAvgPriceRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAvgPriceResponse__Output>): grpc.ClientUnaryCall;
  getAvgPrice(argument: _exchange_marketdata_v1_GetAvgPriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAvgPriceResponse__Output>): grpc.ClientUnaryCall;
  getAvgPrice(argument: _exchange_marketdata_v1_GetAvgPriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAvgPriceResponse__Output>): grpc.ClientUnaryCall;
  getAvgPrice(argument: _exchange_marketdata_v1_GetAvgPriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAvgPriceResponse__Output>): grpc.ClientUnaryCall;
  getAvgPrice(argument: _exchange_marketdata_v1_GetAvgPriceRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetAvgPriceResponse__Output>): grpc.ClientUnaryCall;
  
  GetCandles(argument: _exchange_marketdata_v1_GetCandlesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetCandlesResponse__Output>): grpc.ClientUnaryCall;
  GetCandles(argument: _exchange_marketdata_v1_GetCandlesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetCandlesResponse__Output>): grpc.ClientUnaryCall;
  GetCandles(argument: _exchange_marketdata_v1_GetCandlesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetCandlesResponse__Output>): grpc.ClientUnaryCall;
  GetCandles(argument: _exchange_marketdata_v1_GetCandlesRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetCandlesResponse__Output>): grpc.ClientUnaryCall;
  getCandles(argument: _exchange_marketdata_v1_GetCandlesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetCandlesResponse__Output>): grpc.ClientUnaryCall;
  getCandles(argument: _exchange_marketdata_v1_GetCandlesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetCandlesResponse__Output>): grpc.ClientUnaryCall;
  getCandles(argument: _exchange_marketdata_v1_GetCandlesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetCandlesResponse__Output>): grpc.ClientUnaryCall;
  getCandles(argument: _exchange_marketdata_v1_GetCandlesRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetCandlesResponse__Output>): grpc.ClientUnaryCall;
  
  GetExchangeInfo(argument: _exchange_marketdata_v1_GetExchangeInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetExchangeInfoResponse__Output>): grpc.ClientUnaryCall;
  GetExchangeInfo(argument: _exchange_marketdata_v1_GetExchangeInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetExchangeInfoResponse__Output>): grpc.ClientUnaryCall;
  GetExchangeInfo(argument: _exchange_marketdata_v1_GetExchangeInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetExchangeInfoResponse__Output>): grpc.ClientUnaryCall;
  GetExchangeInfo(argument: _exchange_marketdata_v1_GetExchangeInfoRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetExchangeInfoResponse__Output>): grpc.ClientUnaryCall;
  getExchangeInfo(argument: _exchange_marketdata_v1_GetExchangeInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetExchangeInfoResponse__Output>): grpc.ClientUnaryCall;
  getExchangeInfo(argument: _exchange_marketdata_v1_GetExchangeInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetExchangeInfoResponse__Output>): grpc.ClientUnaryCall;
  getExchangeInfo(argument: _exchange_marketdata_v1_GetExchangeInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetExchangeInfoResponse__Output>): grpc.ClientUnaryCall;
  getExchangeInfo(argument: _exchange_marketdata_v1_GetExchangeInfoRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetExchangeInfoResponse__Output>): grpc.ClientUnaryCall;
  
  GetOrderBook(argument: _exchange_marketdata_v1_GetOrderBookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetOrderBookResponse__Output>): grpc.ClientUnaryCall;
  GetOrderBook(argument: _exchange_marketdata_v1_GetOrderBookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetOrderBookResponse__Output>): grpc.ClientUnaryCall;
  GetOrderBook(argument: _exchange_marketdata_v1_GetOrderBookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetOrderBookResponse__Output>): grpc.ClientUnaryCall;
  GetOrderBook(argument: _exchange_marketdata_v1_GetOrderBookRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetOrderBookResponse__Output>): grpc.ClientUnaryCall;
  getOrderBook(argument: _exchange_marketdata_v1_GetOrderBookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetOrderBookResponse__Output>): grpc.ClientUnaryCall;
  getOrderBook(argument: _exchange_marketdata_v1_GetOrderBookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetOrderBookResponse__Output>): grpc.ClientUnaryCall;
  getOrderBook(argument: _exchange_marketdata_v1_GetOrderBookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetOrderBookResponse__Output>): grpc.ClientUnaryCall;
  getOrderBook(argument: _exchange_marketdata_v1_GetOrderBookRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetOrderBookResponse__Output>): grpc.ClientUnaryCall;
  
  GetTickers(argument: _exchange_marketdata_v1_GetTickersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTickersResponse__Output>): grpc.ClientUnaryCall;
  GetTickers(argument: _exchange_marketdata_v1_GetTickersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTickersResponse__Output>): grpc.ClientUnaryCall;
  GetTickers(argument: _exchange_marketdata_v1_GetTickersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTickersResponse__Output>): grpc.ClientUnaryCall;
  GetTickers(argument: _exchange_marketdata_v1_GetTickersRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTickersResponse__Output>): grpc.ClientUnaryCall;
  getTickers(argument: _exchange_marketdata_v1_GetTickersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTickersResponse__Output>): grpc.ClientUnaryCall;
  getTickers(argument: _exchange_marketdata_v1_GetTickersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTickersResponse__Output>): grpc.ClientUnaryCall;
  getTickers(argument: _exchange_marketdata_v1_GetTickersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTickersResponse__Output>): grpc.ClientUnaryCall;
  getTickers(argument: _exchange_marketdata_v1_GetTickersRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTickersResponse__Output>): grpc.ClientUnaryCall;
  
  GetTrades(argument: _exchange_marketdata_v1_GetTradesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTradesResponse__Output>): grpc.ClientUnaryCall;
  GetTrades(argument: _exchange_marketdata_v1_GetTradesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTradesResponse__Output>): grpc.ClientUnaryCall;
  GetTrades(argument: _exchange_marketdata_v1_GetTradesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTradesResponse__Output>): grpc.ClientUnaryCall;
  GetTrades(argument: _exchange_marketdata_v1_GetTradesRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTradesResponse__Output>): grpc.ClientUnaryCall;
  getTrades(argument: _exchange_marketdata_v1_GetTradesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTradesResponse__Output>): grpc.ClientUnaryCall;
  getTrades(argument: _exchange_marketdata_v1_GetTradesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTradesResponse__Output>): grpc.ClientUnaryCall;
  getTrades(argument: _exchange_marketdata_v1_GetTradesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTradesResponse__Output>): grpc.ClientUnaryCall;
  getTrades(argument: _exchange_marketdata_v1_GetTradesRequest, callback: grpc.requestCallback<_exchange_marketdata_v1_GetTradesResponse__Output>): grpc.ClientUnaryCall;
  
  StreamBookDiffs(argument: _exchange_marketdata_v1_StreamBookDiffsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamBookDiffsResponse__Output>;
  StreamBookDiffs(argument: _exchange_marketdata_v1_StreamBookDiffsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamBookDiffsResponse__Output>;
  streamBookDiffs(argument: _exchange_marketdata_v1_StreamBookDiffsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamBookDiffsResponse__Output>;
  streamBookDiffs(argument: _exchange_marketdata_v1_StreamBookDiffsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamBookDiffsResponse__Output>;
  
  StreamCandles(argument: _exchange_marketdata_v1_StreamCandlesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamCandlesResponse__Output>;
  StreamCandles(argument: _exchange_marketdata_v1_StreamCandlesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamCandlesResponse__Output>;
  streamCandles(argument: _exchange_marketdata_v1_StreamCandlesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamCandlesResponse__Output>;
  streamCandles(argument: _exchange_marketdata_v1_StreamCandlesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamCandlesResponse__Output>;
  
  StreamTickers(argument: _exchange_marketdata_v1_StreamTickersRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamTickersResponse__Output>;
  StreamTickers(argument: _exchange_marketdata_v1_StreamTickersRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamTickersResponse__Output>;
  streamTickers(argument: _exchange_marketdata_v1_StreamTickersRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamTickersResponse__Output>;
  streamTickers(argument: _exchange_marketdata_v1_StreamTickersRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamTickersResponse__Output>;
  
  StreamTrades(argument: _exchange_marketdata_v1_StreamTradesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamTradesResponse__Output>;
  StreamTrades(argument: _exchange_marketdata_v1_StreamTradesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamTradesResponse__Output>;
  streamTrades(argument: _exchange_marketdata_v1_StreamTradesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamTradesResponse__Output>;
  streamTrades(argument: _exchange_marketdata_v1_StreamTradesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_exchange_marketdata_v1_StreamTradesResponse__Output>;
  
}

export interface MarketDataServiceHandlers extends grpc.UntypedServiceImplementation {
  GetAggTrades: grpc.handleUnaryCall<_exchange_marketdata_v1_GetAggTradesRequest__Output, _exchange_marketdata_v1_GetAggTradesResponse>;
  
  GetAvgPrice: grpc.handleUnaryCall<_exchange_marketdata_v1_GetAvgPriceRequest__Output, _exchange_marketdata_v1_GetAvgPriceResponse>;
  
  GetCandles: grpc.handleUnaryCall<_exchange_marketdata_v1_GetCandlesRequest__Output, _exchange_marketdata_v1_GetCandlesResponse>;
  
  GetExchangeInfo: grpc.handleUnaryCall<_exchange_marketdata_v1_GetExchangeInfoRequest__Output, _exchange_marketdata_v1_GetExchangeInfoResponse>;
  
  GetOrderBook: grpc.handleUnaryCall<_exchange_marketdata_v1_GetOrderBookRequest__Output, _exchange_marketdata_v1_GetOrderBookResponse>;
  
  GetTickers: grpc.handleUnaryCall<_exchange_marketdata_v1_GetTickersRequest__Output, _exchange_marketdata_v1_GetTickersResponse>;
  
  GetTrades: grpc.handleUnaryCall<_exchange_marketdata_v1_GetTradesRequest__Output, _exchange_marketdata_v1_GetTradesResponse>;
  
  StreamBookDiffs: grpc.handleServerStreamingCall<_exchange_marketdata_v1_StreamBookDiffsRequest__Output, _exchange_marketdata_v1_StreamBookDiffsResponse>;
  
  StreamCandles: grpc.handleServerStreamingCall<_exchange_marketdata_v1_StreamCandlesRequest__Output, _exchange_marketdata_v1_StreamCandlesResponse>;
  
  StreamTickers: grpc.handleServerStreamingCall<_exchange_marketdata_v1_StreamTickersRequest__Output, _exchange_marketdata_v1_StreamTickersResponse>;
  
  StreamTrades: grpc.handleServerStreamingCall<_exchange_marketdata_v1_StreamTradesRequest__Output, _exchange_marketdata_v1_StreamTradesResponse>;
  
}

export interface MarketDataServiceDefinition extends grpc.ServiceDefinition {
  GetAggTrades: MethodDefinition<_exchange_marketdata_v1_GetAggTradesRequest, _exchange_marketdata_v1_GetAggTradesResponse, _exchange_marketdata_v1_GetAggTradesRequest__Output, _exchange_marketdata_v1_GetAggTradesResponse__Output>
  GetAvgPrice: MethodDefinition<_exchange_marketdata_v1_GetAvgPriceRequest, _exchange_marketdata_v1_GetAvgPriceResponse, _exchange_marketdata_v1_GetAvgPriceRequest__Output, _exchange_marketdata_v1_GetAvgPriceResponse__Output>
  GetCandles: MethodDefinition<_exchange_marketdata_v1_GetCandlesRequest, _exchange_marketdata_v1_GetCandlesResponse, _exchange_marketdata_v1_GetCandlesRequest__Output, _exchange_marketdata_v1_GetCandlesResponse__Output>
  GetExchangeInfo: MethodDefinition<_exchange_marketdata_v1_GetExchangeInfoRequest, _exchange_marketdata_v1_GetExchangeInfoResponse, _exchange_marketdata_v1_GetExchangeInfoRequest__Output, _exchange_marketdata_v1_GetExchangeInfoResponse__Output>
  GetOrderBook: MethodDefinition<_exchange_marketdata_v1_GetOrderBookRequest, _exchange_marketdata_v1_GetOrderBookResponse, _exchange_marketdata_v1_GetOrderBookRequest__Output, _exchange_marketdata_v1_GetOrderBookResponse__Output>
  GetTickers: MethodDefinition<_exchange_marketdata_v1_GetTickersRequest, _exchange_marketdata_v1_GetTickersResponse, _exchange_marketdata_v1_GetTickersRequest__Output, _exchange_marketdata_v1_GetTickersResponse__Output>
  GetTrades: MethodDefinition<_exchange_marketdata_v1_GetTradesRequest, _exchange_marketdata_v1_GetTradesResponse, _exchange_marketdata_v1_GetTradesRequest__Output, _exchange_marketdata_v1_GetTradesResponse__Output>
  StreamBookDiffs: MethodDefinition<_exchange_marketdata_v1_StreamBookDiffsRequest, _exchange_marketdata_v1_StreamBookDiffsResponse, _exchange_marketdata_v1_StreamBookDiffsRequest__Output, _exchange_marketdata_v1_StreamBookDiffsResponse__Output>
  StreamCandles: MethodDefinition<_exchange_marketdata_v1_StreamCandlesRequest, _exchange_marketdata_v1_StreamCandlesResponse, _exchange_marketdata_v1_StreamCandlesRequest__Output, _exchange_marketdata_v1_StreamCandlesResponse__Output>
  StreamTickers: MethodDefinition<_exchange_marketdata_v1_StreamTickersRequest, _exchange_marketdata_v1_StreamTickersResponse, _exchange_marketdata_v1_StreamTickersRequest__Output, _exchange_marketdata_v1_StreamTickersResponse__Output>
  StreamTrades: MethodDefinition<_exchange_marketdata_v1_StreamTradesRequest, _exchange_marketdata_v1_StreamTradesResponse, _exchange_marketdata_v1_StreamTradesRequest__Output, _exchange_marketdata_v1_StreamTradesResponse__Output>
}
