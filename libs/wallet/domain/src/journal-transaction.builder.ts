import { type Err, err, ok, type Result } from '@exchange/shared-domain-money';

import { type AccountKey, accountId, isSameAccount, validateAccountKey } from './account-key.model';
import { WalletErrorCode } from './wallet-error-code.enum';

export type TransactionKind =
  | 'ORDER_HOLD'
  | 'ORDER_RELEASE'
  | 'TRADE'
  | 'DEPOSIT_DETECTED'
  | 'DEPOSIT_CONFIRMED'
  | 'DEPOSIT_REVERTED'
  | 'FAUCET_DEPOSIT'
  | 'WITHDRAWAL_REQUESTED'
  | 'WITHDRAWAL_COMPLETED'
  | 'WITHDRAWAL_FAILED';

/** One signed movement: a positive amount raises the account's balance, a negative one lowers it. */
export interface JournalEntry {
  readonly account: AccountKey;
  readonly amount: bigint;
}

/**
 * An immutable, balanced journal transaction. `id` is its idempotency key: applying a transaction
 * with an id that was already applied changes nothing.
 */
export interface JournalTransaction {
  readonly id: string;
  readonly kind: TransactionKind;
  readonly entries: readonly JournalEntry[];
}

export const TRANSACTION_ID_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Sum of the entries per asset; a balanced transaction has only zeros here. */
export function sumByAsset(entries: readonly JournalEntry[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const entry of entries)
    sums.set(entry.account.asset, (sums.get(entry.account.asset) ?? 0n) + entry.amount);
  return sums;
}

/**
 * Checks what the builder guarantees, for transactions that did not come from it (read back from a
 * store, or built by hand): a valid id, valid accounts, non-zero bigint amounts, at least one entry,
 * and a zero sum per asset.
 */
export function validateTransaction(
  transaction: JournalTransaction,
): Result<JournalTransaction, WalletErrorCode> {
  if (typeof transaction.id !== 'string' || !TRANSACTION_ID_PATTERN.test(transaction.id)) {
    return err(
      WalletErrorCode.INVALID_TRANSACTION_ID,
      'transaction id must be 1..200 printable ASCII characters',
    );
  }
  if (transaction.entries.length === 0) {
    return err(WalletErrorCode.EMPTY_TRANSACTION, `transaction ${transaction.id} has no entries`);
  }
  for (const entry of transaction.entries) {
    const account = validateAccountKey(entry.account);
    if (!account.ok) return account;
    if (typeof entry.amount !== 'bigint' || entry.amount === 0n) {
      return err(
        WalletErrorCode.INVALID_AMOUNT,
        `entry on ${accountId(entry.account)} must be a non-zero bigint`,
      );
    }
  }
  for (const [asset, sum] of sumByAsset(transaction.entries)) {
    if (sum !== 0n) {
      return err(
        WalletErrorCode.UNBALANCED_TRANSACTION,
        `transaction ${transaction.id} entries sum to ${sum} ${asset}, not zero`,
      );
    }
  }
  return ok(transaction);
}

/**
 * Collects entries and produces a frozen, balanced `JournalTransaction`, or the first rejection.
 * Zero amounts are skipped, so callers can pass fees or releases that may be zero.
 */
export class JournalTransactionBuilder {
  private readonly entries: JournalEntry[] = [];
  private failure: Err<WalletErrorCode> | undefined;

  constructor(
    private readonly id: string,
    private readonly kind: TransactionKind,
  ) {}

  /** Adds one signed entry. */
  entry(account: AccountKey, amount: bigint): this {
    if (this.failure) return this;
    if (typeof amount !== 'bigint') {
      this.failure = err(WalletErrorCode.INVALID_AMOUNT, 'amounts are bigint minor units');
      return this;
    }
    const valid = validateAccountKey(account);
    if (!valid.ok) {
      this.failure = valid;
      return this;
    }
    if (amount !== 0n) this.entries.push(Object.freeze({ account: valid.value, amount }));
    return this;
  }

  /** Moves a non-negative `amount` from one account to another of the same asset. */
  transfer(from: AccountKey, to: AccountKey, amount: bigint): this {
    if (this.failure) return this;
    if (typeof amount !== 'bigint' || amount < 0n) {
      this.failure = err(WalletErrorCode.INVALID_AMOUNT, 'a transfer amount must be a non-negative bigint');
      return this;
    }
    if (from.asset !== to.asset) {
      this.failure = err(
        WalletErrorCode.INVALID_ACCOUNT,
        `cannot transfer ${from.asset} into a ${to.asset} account`,
      );
      return this;
    }
    if (isSameAccount(from, to)) {
      this.failure = err(WalletErrorCode.SAME_ACCOUNT_TRANSFER, `transfer from ${accountId(from)} to itself`);
      return this;
    }
    return this.entry(from, -amount).entry(to, amount);
  }

  build(): Result<JournalTransaction, WalletErrorCode> {
    if (this.failure) return this.failure;
    const transaction: JournalTransaction = Object.freeze({
      id: this.id,
      kind: this.kind,
      entries: Object.freeze([...this.entries]),
    });
    return validateTransaction(transaction);
  }
}
