/**
 * The exchange's gRPC contracts for TypeScript: where the proto files are, the loader options the generated types
 * assume, the signing canonical form, and the `google.rpc.Status` details of errors. The generated message and
 * service types are in `./generated` (`npm run grpc:generate` rewrites them from the proto files).
 */
export * from './proto-files';
export * from './request-signing';
export * from './status-details';
export type { ProtoGrpcType as TradingProto } from './generated/trading_service';
export type { ProtoGrpcType as AccountProto } from './generated/account_service';
export type { ProtoGrpcType as MarketDataProto } from './generated/market_data_service';
export type { ProtoGrpcType as FundingProto } from './generated/funding_service';
export type {
  AccountServiceClient,
  AccountServiceDefinition,
  AccountServiceHandlers,
} from './generated/exchange/account/v1/AccountService';
export type { Balance, Balance__Output } from './generated/exchange/account/v1/Balance';
export type { BalanceUpdate, BalanceUpdate__Output } from './generated/exchange/account/v1/BalanceUpdate';
// The enum's names as a value too: the gateway sends only the execution types this proto names.
export { ExecutionType } from './generated/exchange/account/v1/ExecutionType';
export type { ExecutionType__Output } from './generated/exchange/account/v1/ExecutionType';
export type {
  GetBalancesRequest,
  GetBalancesRequest__Output,
} from './generated/exchange/account/v1/GetBalancesRequest';
export type {
  GetBalancesResponse,
  GetBalancesResponse__Output,
} from './generated/exchange/account/v1/GetBalancesResponse';
export type { OrderUpdate, OrderUpdate__Output } from './generated/exchange/account/v1/OrderUpdate';
export type {
  PreventedMatchRef,
  PreventedMatchRef__Output,
} from './generated/exchange/account/v1/PreventedMatchRef';
export type {
  StreamAccountUpdatesRequest,
  StreamAccountUpdatesRequest__Output,
} from './generated/exchange/account/v1/StreamAccountUpdatesRequest';
export type {
  StreamAccountUpdatesResponse,
  StreamAccountUpdatesResponse__Output,
} from './generated/exchange/account/v1/StreamAccountUpdatesResponse';
export type { Fill, Fill__Output } from './generated/exchange/common/v1/Fill';
export type { Order, Order__Output } from './generated/exchange/common/v1/Order';
export type { OrderStatus, OrderStatus__Output } from './generated/exchange/common/v1/OrderStatus';
export type { OrderType, OrderType__Output } from './generated/exchange/common/v1/OrderType';
export type { PriceLevel, PriceLevel__Output } from './generated/exchange/common/v1/PriceLevel';
export type {
  SelfTradePreventionMode,
  SelfTradePreventionMode__Output,
} from './generated/exchange/common/v1/SelfTradePreventionMode';
export type { Side, Side__Output } from './generated/exchange/common/v1/Side';
export type { TimeInForce, TimeInForce__Output } from './generated/exchange/common/v1/TimeInForce';
export type { Trade, Trade__Output } from './generated/exchange/common/v1/Trade';
export type { DepositStatus, DepositStatus__Output } from './generated/exchange/funding/v1/DepositStatus';
export type {
  WithdrawalStatus,
  WithdrawalStatus__Output,
} from './generated/exchange/funding/v1/WithdrawalStatus';
export type {
  FundingServiceClient,
  FundingServiceDefinition,
  FundingServiceHandlers,
} from './generated/exchange/funding/v1/FundingService';
export type { Asset, Asset__Output } from './generated/exchange/funding/v1/Asset';
export type { Deposit, Deposit__Output } from './generated/exchange/funding/v1/Deposit';
export type {
  GetAssetsRequest,
  GetAssetsRequest__Output,
} from './generated/exchange/funding/v1/GetAssetsRequest';
export type {
  GetAssetsResponse,
  GetAssetsResponse__Output,
} from './generated/exchange/funding/v1/GetAssetsResponse';
export type {
  GetDepositAddressRequest,
  GetDepositAddressRequest__Output,
} from './generated/exchange/funding/v1/GetDepositAddressRequest';
export type {
  GetDepositAddressResponse,
  GetDepositAddressResponse__Output,
} from './generated/exchange/funding/v1/GetDepositAddressResponse';
export type {
  ListDepositsRequest,
  ListDepositsRequest__Output,
} from './generated/exchange/funding/v1/ListDepositsRequest';
export type {
  ListDepositsResponse,
  ListDepositsResponse__Output,
} from './generated/exchange/funding/v1/ListDepositsResponse';
export type {
  ListWithdrawalsRequest,
  ListWithdrawalsRequest__Output,
} from './generated/exchange/funding/v1/ListWithdrawalsRequest';
export type {
  ListWithdrawalsResponse,
  ListWithdrawalsResponse__Output,
} from './generated/exchange/funding/v1/ListWithdrawalsResponse';
export type { Network, Network__Output } from './generated/exchange/funding/v1/Network';
export type { Withdrawal, Withdrawal__Output } from './generated/exchange/funding/v1/Withdrawal';
export type {
  WithdrawRequest,
  WithdrawRequest__Output,
} from './generated/exchange/funding/v1/WithdrawRequest';
export type {
  WithdrawResponse,
  WithdrawResponse__Output,
} from './generated/exchange/funding/v1/WithdrawResponse';
export type {
  GetExchangeInfoRequest,
  GetExchangeInfoRequest__Output,
} from './generated/exchange/marketdata/v1/GetExchangeInfoRequest';
export type {
  GetExchangeInfoResponse,
  GetExchangeInfoResponse__Output,
} from './generated/exchange/marketdata/v1/GetExchangeInfoResponse';
export type {
  GetOrderBookRequest,
  GetOrderBookRequest__Output,
} from './generated/exchange/marketdata/v1/GetOrderBookRequest';
export type {
  GetOrderBookResponse,
  GetOrderBookResponse__Output,
} from './generated/exchange/marketdata/v1/GetOrderBookResponse';
export type {
  GetTickersRequest,
  GetTickersRequest__Output,
} from './generated/exchange/marketdata/v1/GetTickersRequest';
export type {
  GetTickersResponse,
  GetTickersResponse__Output,
} from './generated/exchange/marketdata/v1/GetTickersResponse';
export type { Ticker, Ticker__Output } from './generated/exchange/marketdata/v1/Ticker';
export type {
  GetTradesRequest,
  GetTradesRequest__Output,
} from './generated/exchange/marketdata/v1/GetTradesRequest';
export type {
  GetTradesResponse,
  GetTradesResponse__Output,
} from './generated/exchange/marketdata/v1/GetTradesResponse';
export type { PublicTrade, PublicTrade__Output } from './generated/exchange/marketdata/v1/PublicTrade';
export type {
  GetAggTradesRequest,
  GetAggTradesRequest__Output,
} from './generated/exchange/marketdata/v1/GetAggTradesRequest';
export type {
  GetAggTradesResponse,
  GetAggTradesResponse__Output,
} from './generated/exchange/marketdata/v1/GetAggTradesResponse';
export type { AggTrade, AggTrade__Output } from './generated/exchange/marketdata/v1/AggTrade';
export type {
  GetCandlesRequest,
  GetCandlesRequest__Output,
} from './generated/exchange/marketdata/v1/GetCandlesRequest';
export type {
  GetCandlesResponse,
  GetCandlesResponse__Output,
} from './generated/exchange/marketdata/v1/GetCandlesResponse';
export type {
  GetAvgPriceRequest,
  GetAvgPriceRequest__Output,
} from './generated/exchange/marketdata/v1/GetAvgPriceRequest';
export type {
  GetAvgPriceResponse,
  GetAvgPriceResponse__Output,
} from './generated/exchange/marketdata/v1/GetAvgPriceResponse';
export type { Candle, Candle__Output } from './generated/exchange/marketdata/v1/Candle';
export type {
  MarketDataServiceClient,
  MarketDataServiceDefinition,
  MarketDataServiceHandlers,
} from './generated/exchange/marketdata/v1/MarketDataService';
export type {
  StreamBookDiffsRequest,
  StreamBookDiffsRequest__Output,
} from './generated/exchange/marketdata/v1/StreamBookDiffsRequest';
export type {
  StreamBookDiffsResponse,
  StreamBookDiffsResponse__Output,
} from './generated/exchange/marketdata/v1/StreamBookDiffsResponse';
export type {
  StreamCandlesRequest,
  StreamCandlesRequest__Output,
} from './generated/exchange/marketdata/v1/StreamCandlesRequest';
export type {
  StreamCandlesResponse,
  StreamCandlesResponse__Output,
} from './generated/exchange/marketdata/v1/StreamCandlesResponse';
export type {
  StreamTickersRequest,
  StreamTickersRequest__Output,
} from './generated/exchange/marketdata/v1/StreamTickersRequest';
export type {
  StreamTickersResponse,
  StreamTickersResponse__Output,
} from './generated/exchange/marketdata/v1/StreamTickersResponse';
export type {
  StreamTradesRequest,
  StreamTradesRequest__Output,
} from './generated/exchange/marketdata/v1/StreamTradesRequest';
export type {
  StreamTradesResponse,
  StreamTradesResponse__Output,
} from './generated/exchange/marketdata/v1/StreamTradesResponse';
export type { SymbolInfo, SymbolInfo__Output } from './generated/exchange/marketdata/v1/SymbolInfo';
export type { SymbolStatus, SymbolStatus__Output } from './generated/exchange/marketdata/v1/SymbolStatus';
export type {
  AmendOrderRequest,
  AmendOrderRequest__Output,
} from './generated/exchange/trading/v1/AmendOrderRequest';
export type {
  ReplaceOrderRequest,
  ReplaceOrderRequest__Output,
} from './generated/exchange/trading/v1/ReplaceOrderRequest';
export type {
  ReplaceOrderResponse,
  ReplaceOrderResponse__Output,
} from './generated/exchange/trading/v1/ReplaceOrderResponse';
export type {
  ReplaceOrderStep,
  ReplaceOrderStep__Output,
} from './generated/exchange/trading/v1/ReplaceOrderStep';
export type {
  AmendOrderResponse,
  AmendOrderResponse__Output,
} from './generated/exchange/trading/v1/AmendOrderResponse';
export type {
  CancelAllRequest,
  CancelAllRequest__Output,
} from './generated/exchange/trading/v1/CancelAllRequest';
export type {
  CancelAllResponse,
  CancelAllResponse__Output,
} from './generated/exchange/trading/v1/CancelAllResponse';
export type {
  CancelOrderRequest,
  CancelOrderRequest__Output,
} from './generated/exchange/trading/v1/CancelOrderRequest';
export type {
  CancelOrderResponse,
  CancelOrderResponse__Output,
} from './generated/exchange/trading/v1/CancelOrderResponse';
export type {
  GetOrderRequest,
  GetOrderRequest__Output,
} from './generated/exchange/trading/v1/GetOrderRequest';
export type {
  GetOrderResponse,
  GetOrderResponse__Output,
} from './generated/exchange/trading/v1/GetOrderResponse';
export type {
  ListOpenOrdersRequest,
  ListOpenOrdersRequest__Output,
} from './generated/exchange/trading/v1/ListOpenOrdersRequest';
export type {
  ListOpenOrdersResponse,
  ListOpenOrdersResponse__Output,
} from './generated/exchange/trading/v1/ListOpenOrdersResponse';
export type {
  ListTradesRequest,
  ListTradesRequest__Output,
} from './generated/exchange/trading/v1/ListTradesRequest';
export type {
  ListTradesResponse,
  ListTradesResponse__Output,
} from './generated/exchange/trading/v1/ListTradesResponse';
export type {
  ListOrderAmendmentsRequest,
  ListOrderAmendmentsRequest__Output,
} from './generated/exchange/trading/v1/ListOrderAmendmentsRequest';
export type {
  ListOrderAmendmentsResponse,
  ListOrderAmendmentsResponse__Output,
} from './generated/exchange/trading/v1/ListOrderAmendmentsResponse';
export type { OrderAmendment, OrderAmendment__Output } from './generated/exchange/trading/v1/OrderAmendment';
export type {
  ListOrdersRequest,
  ListOrdersRequest__Output,
} from './generated/exchange/trading/v1/ListOrdersRequest';
export type {
  ListOrdersResponse,
  ListOrdersResponse__Output,
} from './generated/exchange/trading/v1/ListOrdersResponse';
export type {
  ListPreventedMatchesRequest,
  ListPreventedMatchesRequest__Output,
} from './generated/exchange/trading/v1/ListPreventedMatchesRequest';
export type {
  ListPreventedMatchesResponse,
  ListPreventedMatchesResponse__Output,
} from './generated/exchange/trading/v1/ListPreventedMatchesResponse';
export type { PreventedMatch, PreventedMatch__Output } from './generated/exchange/trading/v1/PreventedMatch';
export type { OrderRef, OrderRef__Output } from './generated/exchange/trading/v1/OrderRef';
export type {
  PlaceOrderRequest,
  PlaceOrderRequest__Output,
} from './generated/exchange/trading/v1/PlaceOrderRequest';
export type {
  PlaceOrderResponse,
  PlaceOrderResponse__Output,
} from './generated/exchange/trading/v1/PlaceOrderResponse';
export type { Status, Status__Output } from './generated/google/rpc/Status';
export type {
  PlaceOrdersRequest,
  PlaceOrdersRequest__Output,
} from './generated/exchange/trading/v1/PlaceOrdersRequest';
export type {
  PlaceOrdersResponse,
  PlaceOrdersResponse__Output,
} from './generated/exchange/trading/v1/PlaceOrdersResponse';
export type {
  PlaceOrdersResult,
  PlaceOrdersResult__Output,
} from './generated/exchange/trading/v1/PlaceOrdersResult';
export type { ResponseType, ResponseType__Output } from './generated/exchange/trading/v1/ResponseType';
export type {
  TradingServiceClient,
  TradingServiceDefinition,
  TradingServiceHandlers,
} from './generated/exchange/trading/v1/TradingService';
