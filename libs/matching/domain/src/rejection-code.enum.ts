/**
 * Every reason the engine can refuse a command, numbered by subsystem:
 * 1xxx the command's shape, 2xxx the market's status, 3xxx the order's state and rules.
 * Codes are part of the event contract: never renumber or reuse one.
 */
export enum RejectionCode {
  MISSING_FIELD = 1001,
  INVALID_FIELD = 1002,
  UNEXPECTED_FIELD = 1003,
  NOTIONAL_OUT_OF_RANGE = 1004,
  UNKNOWN_COMMAND = 1005,

  MARKET_HALTED = 2001,
  MARKET_CANCEL_ONLY = 2002,

  DUPLICATE_ORDER_ID = 3001,
  UNKNOWN_ORDER = 3002,
  NOT_ORDER_OWNER = 3003,
  ORDER_NOT_OPEN = 3004,
  LIMIT_MAKER_WOULD_TAKE = 3005,
  STOP_WOULD_TRIGGER_IMMEDIATELY = 3006,
  STOP_NOT_AMENDABLE = 3007,
  AMEND_QUANTITY_UNCHANGED = 3008,
  /** A restricted cancel (`restriction`) of an order that is not in the state it names. */
  CANCEL_RESTRICTED = 3009,
}

/** The enum's name for a code, e.g. `UNKNOWN_ORDER`: what events carry as `reason`. */
export type RejectionReason = keyof typeof RejectionCode;

export function rejectionReason(code: RejectionCode): RejectionReason {
  return RejectionCode[code] as RejectionReason;
}
