// Original file: proto/exchange/common/v1/common.proto

export const OrderType = {
  ORDER_TYPE_UNSPECIFIED: 'ORDER_TYPE_UNSPECIFIED',
  ORDER_TYPE_LIMIT: 'ORDER_TYPE_LIMIT',
  ORDER_TYPE_LIMIT_MAKER: 'ORDER_TYPE_LIMIT_MAKER',
  ORDER_TYPE_MARKET: 'ORDER_TYPE_MARKET',
} as const;

export type OrderType =
  | 'ORDER_TYPE_UNSPECIFIED'
  | 0
  | 'ORDER_TYPE_LIMIT'
  | 1
  | 'ORDER_TYPE_LIMIT_MAKER'
  | 2
  | 'ORDER_TYPE_MARKET'
  | 3

export type OrderType__Output = typeof OrderType[keyof typeof OrderType]
