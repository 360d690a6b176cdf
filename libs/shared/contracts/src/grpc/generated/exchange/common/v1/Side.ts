// Original file: proto/exchange/common/v1/common.proto

export const Side = {
  SIDE_UNSPECIFIED: 'SIDE_UNSPECIFIED',
  SIDE_BUY: 'SIDE_BUY',
  SIDE_SELL: 'SIDE_SELL',
} as const;

export type Side =
  | 'SIDE_UNSPECIFIED'
  | 0
  | 'SIDE_BUY'
  | 1
  | 'SIDE_SELL'
  | 2

export type Side__Output = typeof Side[keyof typeof Side]
