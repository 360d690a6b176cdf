// Original file: proto/exchange/trading/v1/trading_service.proto

import type { PreventedMatch as _exchange_trading_v1_PreventedMatch, PreventedMatch__Output as _exchange_trading_v1_PreventedMatch__Output } from '../../../exchange/trading/v1/PreventedMatch';

export interface ListPreventedMatchesResponse {
  'matches'?: (_exchange_trading_v1_PreventedMatch)[];
}

export interface ListPreventedMatchesResponse__Output {
  'matches': (_exchange_trading_v1_PreventedMatch__Output)[];
}
