// Original file: proto/exchange/account/v1/account_service.proto

import type { Long } from '@grpc/proto-loader';

export interface PreventedMatchRef {
  'preventedMatchId'?: (number | string | Long);
  'counterOrderId'?: (number | string | Long);
  'price'?: (string);
  'quantity'?: (string);
  'quoteQuantity'?: (string);
}

export interface PreventedMatchRef__Output {
  'preventedMatchId': (string);
  'counterOrderId': (string);
  'price': (string);
  'quantity': (string);
  'quoteQuantity': (string);
}
