// Original file: proto/exchange/common/v1/common.proto

export const TimeInForce = {
  TIME_IN_FORCE_UNSPECIFIED: 'TIME_IN_FORCE_UNSPECIFIED',
  TIME_IN_FORCE_GTC: 'TIME_IN_FORCE_GTC',
  TIME_IN_FORCE_IOC: 'TIME_IN_FORCE_IOC',
  TIME_IN_FORCE_FOK: 'TIME_IN_FORCE_FOK',
} as const;

export type TimeInForce =
  | 'TIME_IN_FORCE_UNSPECIFIED'
  | 0
  | 'TIME_IN_FORCE_GTC'
  | 1
  | 'TIME_IN_FORCE_IOC'
  | 2
  | 'TIME_IN_FORCE_FOK'
  | 3

export type TimeInForce__Output = typeof TimeInForce[keyof typeof TimeInForce]
