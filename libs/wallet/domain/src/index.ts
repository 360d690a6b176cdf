export {
  type AccountBalance,
  type AccountKey,
  accountId,
  ASSET_CODE_PATTERN,
  availableAccount,
  heldAccount,
  isSameAccount,
  mayGoNegative,
  USER_ACCOUNT_KINDS,
  USER_ID_PATTERN,
  type UserAccountKey,
  type UserAccountKind,
  userAccount,
  validateAccountKey,
  VENUE_ACCOUNT_KINDS,
  type VenueAccountKey,
  type VenueAccountKind,
  venueAccount,
} from './account-key.model';
export { type ApplyOutcome, BalanceBook } from './balance-book.model';
export {
  type BroadcastObservation,
  chainDepositId,
  type ChainTransferRef,
  confirmationRule,
  confirmationsAt,
  detectAgain,
  type DepositStatus,
  type DepositStep,
  nextDepositStep,
  nextWithdrawalStep,
  type TransferSighting,
  type WatchedDeposit,
  type WithdrawalStep,
} from './chain-transfer.policy';
export {
  buildDepositConfirmed,
  buildDepositDetected,
  buildDepositReverted,
  buildFaucetDeposit,
  type DepositMovement,
} from './deposit.builder';
export {
  type JournalEntry,
  type JournalTransaction,
  JournalTransactionBuilder,
  sumByAsset,
  TRANSACTION_ID_PATTERN,
  type TransactionKind,
  validateTransaction,
} from './journal-transaction.builder';
export { createMarket, type Market, type MarketConfig, MARKET_SYMBOL_PATTERN } from './market.model';
export {
  buildOrderHold,
  buildOrderRelease,
  holdAsset,
  lotsTakeableAt,
  type NewOrder,
  type OpenOrder,
  openOrder,
  type OrderSpec,
  recordFill,
  remainingLots,
  remainingNeed,
} from './order-hold.policy';
export {
  reconcile,
  type ReconciliationInput,
  type ReconciliationIssue,
  type ReconciliationReport,
} from './reconciliation.check';
export { settleTrade, type Side, type Trade, type TradeSettlement } from './trade-settlement.policy';
export { WalletErrorCode } from './wallet-error-code.enum';
export {
  buildWithdrawalCompleted,
  buildWithdrawalFailed,
  buildWithdrawalRequested,
  type WithdrawalCompletion,
  type WithdrawalMovement,
} from './withdrawal.builder';
