// Original file: proto/exchange/trading/v1/trading_service.proto

export const ResponseType = {
  RESPONSE_TYPE_UNSPECIFIED: 'RESPONSE_TYPE_UNSPECIFIED',
  RESPONSE_TYPE_ACK: 'RESPONSE_TYPE_ACK',
  RESPONSE_TYPE_RESULT: 'RESPONSE_TYPE_RESULT',
  RESPONSE_TYPE_FULL: 'RESPONSE_TYPE_FULL',
} as const;

export type ResponseType =
  | 'RESPONSE_TYPE_UNSPECIFIED'
  | 0
  | 'RESPONSE_TYPE_ACK'
  | 1
  | 'RESPONSE_TYPE_RESULT'
  | 2
  | 'RESPONSE_TYPE_FULL'
  | 3

export type ResponseType__Output = typeof ResponseType[keyof typeof ResponseType]
