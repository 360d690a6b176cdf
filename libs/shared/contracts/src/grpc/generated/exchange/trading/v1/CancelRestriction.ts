// Original file: proto/exchange/trading/v1/trading_service.proto

export const CancelRestriction = {
  CANCEL_RESTRICTION_UNSPECIFIED: 'CANCEL_RESTRICTION_UNSPECIFIED',
  CANCEL_RESTRICTION_ONLY_NEW: 'CANCEL_RESTRICTION_ONLY_NEW',
  CANCEL_RESTRICTION_ONLY_PARTIALLY_FILLED: 'CANCEL_RESTRICTION_ONLY_PARTIALLY_FILLED',
} as const;

export type CancelRestriction =
  | 'CANCEL_RESTRICTION_UNSPECIFIED'
  | 0
  | 'CANCEL_RESTRICTION_ONLY_NEW'
  | 1
  | 'CANCEL_RESTRICTION_ONLY_PARTIALLY_FILLED'
  | 2

export type CancelRestriction__Output = typeof CancelRestriction[keyof typeof CancelRestriction]
