import { err, type Result } from '@exchange/shared-domain-money';

import { availableAccount, venueAccount } from './account-key.model';
import { type JournalTransaction, JournalTransactionBuilder } from './journal-transaction.builder';
import { WalletErrorCode } from './wallet-error-code.enum';

export interface WithdrawalMovement {
  /** The withdrawal's id, unique per venue; transaction ids derive from it. */
  readonly withdrawalId: string;
  readonly userId: string;
  readonly asset: string;
  /** Positive minor units taken from the user, network fee included. */
  readonly amount: bigint;
}

export interface WithdrawalCompletion extends WithdrawalMovement {
  /** Part of `amount` the venue keeps for the network fee (0 ≤ networkFee ≤ amount); the rest leaves. */
  readonly networkFee: bigint;
}

function checkAmount(amount: bigint): Result<never, WalletErrorCode> | undefined {
  if (typeof amount !== 'bigint' || amount <= 0n) {
    return err(WalletErrorCode.INVALID_AMOUNT, 'a withdrawal amount must be a positive bigint');
  }
  return undefined;
}

/**
 * The user asks to withdraw: AVAILABLE -> WITHDRAWALS_IN_FLIGHT (`withdrawal-requested:<id>`).
 * The funds stay there while the withdrawal is reviewed, approved and sent.
 */
export function buildWithdrawalRequested(
  withdrawal: WithdrawalMovement,
): Result<JournalTransaction, WalletErrorCode> {
  const invalid = checkAmount(withdrawal.amount);
  if (invalid) return invalid;
  return new JournalTransactionBuilder(
    `withdrawal-requested:${withdrawal.withdrawalId}`,
    'WITHDRAWAL_REQUESTED',
  )
    .transfer(
      availableAccount(withdrawal.userId, withdrawal.asset),
      venueAccount('WITHDRAWALS_IN_FLIGHT', withdrawal.asset),
      withdrawal.amount,
    )
    .build();
}

/**
 * The chain confirmed it: WITHDRAWALS_IN_FLIGHT -> EXTERNAL (amount − networkFee) and -> FEES
 * (networkFee), as `withdrawal-completed:<id>`.
 */
export function buildWithdrawalCompleted(
  withdrawal: WithdrawalCompletion,
): Result<JournalTransaction, WalletErrorCode> {
  const invalid = checkAmount(withdrawal.amount);
  if (invalid) return invalid;
  const { networkFee, amount, asset } = withdrawal;
  if (typeof networkFee !== 'bigint' || networkFee < 0n || networkFee > amount) {
    return err(WalletErrorCode.INVALID_NETWORK_FEE, 'network fee must be a bigint in 0..amount');
  }
  const inFlight = venueAccount('WITHDRAWALS_IN_FLIGHT', asset);
  return new JournalTransactionBuilder(
    `withdrawal-completed:${withdrawal.withdrawalId}`,
    'WITHDRAWAL_COMPLETED',
  )
    .transfer(inFlight, venueAccount('EXTERNAL', asset), amount - networkFee)
    .transfer(inFlight, venueAccount('FEES', asset), networkFee)
    .build();
}

/**
 * Rejected by an admin, or failed on chain: WITHDRAWALS_IN_FLIGHT -> user AVAILABLE, in full
 * (`withdrawal-failed:<id>`).
 */
export function buildWithdrawalFailed(
  withdrawal: WithdrawalMovement,
): Result<JournalTransaction, WalletErrorCode> {
  const invalid = checkAmount(withdrawal.amount);
  if (invalid) return invalid;
  return new JournalTransactionBuilder(`withdrawal-failed:${withdrawal.withdrawalId}`, 'WITHDRAWAL_FAILED')
    .transfer(
      venueAccount('WITHDRAWALS_IN_FLIGHT', withdrawal.asset),
      availableAccount(withdrawal.userId, withdrawal.asset),
      withdrawal.amount,
    )
    .build();
}
