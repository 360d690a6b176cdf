/**
 * Every typed rejection of the wallet domain. Numbered by subsystem:
 * 20xx journal, 21xx balances, 22xx orders and holds, 23xx settlement, 24xx deposits and withdrawals.
 * Money codes (1000–1999) come from `@exchange/shared-domain-money`; never reuse a number.
 */
export enum WalletErrorCode {
  // 20xx: accounts and journal transactions
  INVALID_ACCOUNT = 2001,
  INVALID_AMOUNT = 2002,
  UNBALANCED_TRANSACTION = 2003,
  EMPTY_TRANSACTION = 2004,
  INVALID_TRANSACTION_ID = 2005,
  SAME_ACCOUNT_TRANSFER = 2006,

  // 21xx: balance book
  INSUFFICIENT_FUNDS = 2101,
  IDEMPOTENCY_CONFLICT = 2102,

  // 22xx: orders and holds
  INVALID_ORDER = 2201,
  UNSUPPORTED_ORDER = 2202,
  INVALID_MARKET = 2203,

  // 23xx: trade settlement
  INVALID_TRADE = 2301,
  MARKET_MISMATCH = 2302,
  SIDE_MISMATCH = 2303,
  OVERFILL = 2304,
  PRICE_OUTSIDE_LIMIT = 2305,
  QUOTE_BUDGET_EXCEEDED = 2306,

  // 24xx: deposits and withdrawals
  INVALID_NETWORK_FEE = 2401,
  /** A chain deposit whose transfer left the chain (REVERTED) cannot be credited any more. */
  DEPOSIT_REVERTED = 2402,
}
