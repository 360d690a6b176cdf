// Original file: proto/exchange/funding/v1/funding_service.proto

export const DepositStatus = {
  DEPOSIT_STATUS_UNSPECIFIED: 'DEPOSIT_STATUS_UNSPECIFIED',
  DEPOSIT_STATUS_PENDING: 'DEPOSIT_STATUS_PENDING',
  DEPOSIT_STATUS_CONFIRMED: 'DEPOSIT_STATUS_CONFIRMED',
  DEPOSIT_STATUS_REVERTED: 'DEPOSIT_STATUS_REVERTED',
} as const;

export type DepositStatus =
  | 'DEPOSIT_STATUS_UNSPECIFIED'
  | 0
  | 'DEPOSIT_STATUS_PENDING'
  | 1
  | 'DEPOSIT_STATUS_CONFIRMED'
  | 2
  | 'DEPOSIT_STATUS_REVERTED'
  | 3

export type DepositStatus__Output = typeof DepositStatus[keyof typeof DepositStatus]
