// Original file: proto/exchange/funding/v1/funding_service.proto

import type { Network as _exchange_funding_v1_Network, Network__Output as _exchange_funding_v1_Network__Output } from '../../../exchange/funding/v1/Network';

export interface Asset {
  'asset'?: (string);
  'free'?: (string);
  'locked'?: (string);
  'withdrawing'?: (string);
  'trading'?: (boolean);
  'depositEnabled'?: (boolean);
  'withdrawEnabled'?: (boolean);
  'networks'?: (_exchange_funding_v1_Network)[];
}

export interface Asset__Output {
  'asset': (string);
  'free': (string);
  'locked': (string);
  'withdrawing': (string);
  'trading': (boolean);
  'depositEnabled': (boolean);
  'withdrawEnabled': (boolean);
  'networks': (_exchange_funding_v1_Network__Output)[];
}
