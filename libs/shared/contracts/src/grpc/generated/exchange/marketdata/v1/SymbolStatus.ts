// Original file: proto/exchange/marketdata/v1/market_data_service.proto

export const SymbolStatus = {
  SYMBOL_STATUS_UNSPECIFIED: 'SYMBOL_STATUS_UNSPECIFIED',
  SYMBOL_STATUS_TRADING: 'SYMBOL_STATUS_TRADING',
  SYMBOL_STATUS_HALT: 'SYMBOL_STATUS_HALT',
  SYMBOL_STATUS_BREAK: 'SYMBOL_STATUS_BREAK',
} as const;

export type SymbolStatus =
  | 'SYMBOL_STATUS_UNSPECIFIED'
  | 0
  | 'SYMBOL_STATUS_TRADING'
  | 1
  | 'SYMBOL_STATUS_HALT'
  | 2
  | 'SYMBOL_STATUS_BREAK'
  | 3

export type SymbolStatus__Output = typeof SymbolStatus[keyof typeof SymbolStatus]
