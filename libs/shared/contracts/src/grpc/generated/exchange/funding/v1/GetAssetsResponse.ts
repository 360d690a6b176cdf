// Original file: proto/exchange/funding/v1/funding_service.proto

import type { Asset as _exchange_funding_v1_Asset, Asset__Output as _exchange_funding_v1_Asset__Output } from '../../../exchange/funding/v1/Asset';

export interface GetAssetsResponse {
  'assets'?: (_exchange_funding_v1_Asset)[];
}

export interface GetAssetsResponse__Output {
  'assets': (_exchange_funding_v1_Asset__Output)[];
}
