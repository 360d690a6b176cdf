import { join } from 'node:path';

/** Where the exchange's proto files are (the include root for `exchange/...` and `google/rpc/...` imports). */
export const GRPC_PROTO_ROOT = join(__dirname, '..', '..', 'proto');

/** The service files, relative to `GRPC_PROTO_ROOT`; their imports load with them. */
export const GRPC_PROTO_FILES = [
  'exchange/trading/v1/trading_service.proto',
  'exchange/account/v1/account_service.proto',
  'exchange/marketdata/v1/market_data_service.proto',
  'exchange/funding/v1/funding_service.proto',
] as const;

/**
 * The `@grpc/proto-loader` options the generated types (`./generated`) assume: camelCase fields, 64-bit integers
 * as decimal strings, enums by name, defaults filled in, and the name of the set member of each `oneof`.
 */
export const GRPC_LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [GRPC_PROTO_ROOT],
} as const;

/** Fully qualified service names, as gRPC paths and the health service know them. */
export const GRPC_SERVICES = {
  trading: 'exchange.trading.v1.TradingService',
  account: 'exchange.account.v1.AccountService',
  marketData: 'exchange.marketdata.v1.MarketDataService',
  funding: 'exchange.funding.v1.FundingService',
} as const;
