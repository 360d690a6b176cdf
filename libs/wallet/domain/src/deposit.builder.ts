import { err, type Result } from '@exchange/shared-domain-money';

import { availableAccount, venueAccount } from './account-key.model';
import { type JournalTransaction, JournalTransactionBuilder } from './journal-transaction.builder';
import { WalletErrorCode } from './wallet-error-code.enum';

export interface DepositMovement {
  /** The deposit's id, unique per venue; transaction ids derive from it. */
  readonly depositId: string;
  readonly userId: string;
  readonly asset: string;
  /** Positive minor units. */
  readonly amount: bigint;
  /**
   * How many times the chain watcher detected it again after a revert (0 the first time): a detection and a revert
   * of round n > 0 are `deposit-detected:<id>#<n>` / `deposit-reverted:<id>#<n>`, so each round is its own
   * exactly-once transaction. A credit happens at most once per deposit, whatever the round.
   */
  readonly round?: number;
}

/** `<id>`, or `<id>#<round>` after the first round. */
function roundId(deposit: DepositMovement): string {
  return deposit.round ? `${deposit.depositId}#${deposit.round}` : deposit.depositId;
}

function checkAmount(amount: bigint): Result<never, WalletErrorCode> | undefined {
  if (typeof amount !== 'bigint' || amount <= 0n) {
    return err(WalletErrorCode.INVALID_AMOUNT, 'a deposit amount must be a positive bigint');
  }
  return undefined;
}

/** The chain watcher saw the deposit: EXTERNAL -> DEPOSITS_IN_FLIGHT (`deposit-detected:<id>[#<round>]`). */
export function buildDepositDetected(deposit: DepositMovement): Result<JournalTransaction, WalletErrorCode> {
  const invalid = checkAmount(deposit.amount);
  if (invalid) return invalid;
  return new JournalTransactionBuilder(`deposit-detected:${roundId(deposit)}`, 'DEPOSIT_DETECTED')
    .transfer(
      venueAccount('EXTERNAL', deposit.asset),
      venueAccount('DEPOSITS_IN_FLIGHT', deposit.asset),
      deposit.amount,
    )
    .build();
}

/** Enough confirmations: DEPOSITS_IN_FLIGHT -> user AVAILABLE (`deposit-confirmed:<id>`). */
export function buildDepositConfirmed(deposit: DepositMovement): Result<JournalTransaction, WalletErrorCode> {
  const invalid = checkAmount(deposit.amount);
  if (invalid) return invalid;
  return new JournalTransactionBuilder(`deposit-confirmed:${deposit.depositId}`, 'DEPOSIT_CONFIRMED')
    .transfer(
      venueAccount('DEPOSITS_IN_FLIGHT', deposit.asset),
      availableAccount(deposit.userId, deposit.asset),
      deposit.amount,
    )
    .build();
}

/** The deposit vanished (reorg, double spend): DEPOSITS_IN_FLIGHT -> EXTERNAL (`deposit-reverted:<id>[#<round>]`). */
export function buildDepositReverted(deposit: DepositMovement): Result<JournalTransaction, WalletErrorCode> {
  const invalid = checkAmount(deposit.amount);
  if (invalid) return invalid;
  return new JournalTransactionBuilder(`deposit-reverted:${roundId(deposit)}`, 'DEPOSIT_REVERTED')
    .transfer(
      venueAccount('DEPOSITS_IN_FLIGHT', deposit.asset),
      venueAccount('EXTERNAL', deposit.asset),
      deposit.amount,
    )
    .build();
}

/**
 * Development faucet: detection and confirmation in one transaction (`faucet:<id>`), so the money
 * still enters through EXTERNAL and DEPOSITS_IN_FLIGHT and the audit trail looks like a deposit.
 */
export function buildFaucetDeposit(deposit: DepositMovement): Result<JournalTransaction, WalletErrorCode> {
  const invalid = checkAmount(deposit.amount);
  if (invalid) return invalid;
  const inFlight = venueAccount('DEPOSITS_IN_FLIGHT', deposit.asset);
  return new JournalTransactionBuilder(`faucet:${deposit.depositId}`, 'FAUCET_DEPOSIT')
    .transfer(venueAccount('EXTERNAL', deposit.asset), inFlight, deposit.amount)
    .transfer(inFlight, availableAccount(deposit.userId, deposit.asset), deposit.amount)
    .build();
}
