// Original file: proto/exchange/marketdata/v1/market_data_service.proto

import type { Ticker as _exchange_marketdata_v1_Ticker, Ticker__Output as _exchange_marketdata_v1_Ticker__Output } from '../../../exchange/marketdata/v1/Ticker';

export interface GetTickersResponse {
  'tickers'?: (_exchange_marketdata_v1_Ticker)[];
}

export interface GetTickersResponse__Output {
  'tickers': (_exchange_marketdata_v1_Ticker__Output)[];
}
