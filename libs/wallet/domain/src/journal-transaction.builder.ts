import { type Err, err, ok, type Result } from '@exchange/shared-domain-money';

import {
  type AccountKey,
  accountId,
  ASSET_CODE_PATTERN,
  isSameAccount,
  USER_ID_PATTERN,
  validateAccountKey,
} from './account-key.model';
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
    private readonly trusted = false,
  ) {}

  /**
   * A builder for transactions the domain builds itself, on its hot paths, from an id and account
   * keys whose parts the caller has already checked (`checkTrustedParts`), with the account
   * factories (`heldAccount`, `availableAccount`, `venueAccount`). It skips the per-entry account
   * patterns and the id pattern, which cost most of a trade's settlement when every key was checked
   * twice; amounts, same-asset and same-account transfers, non-empty and balanced per asset are
   * still checked. Keys or ids that come from outside go through `new JournalTransactionBuilder`.
   */
  static trusted(id: string, kind: TransactionKind): JournalTransactionBuilder {
    return new JournalTransactionBuilder(id, kind, true);
  }

  /** Adds one signed entry. */
  entry(account: AccountKey, amount: bigint): this {
    if (this.failure) return this;
    if (typeof amount !== 'bigint') {
      this.failure = err(WalletErrorCode.INVALID_AMOUNT, 'amounts are bigint minor units');
      return this;
    }
    if (this.trusted) {
      if (amount !== 0n) this.entries.push(Object.freeze({ account, amount }));
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
    if (this.trusted ? sameAccountFields(from, to) : isSameAccount(from, to)) {
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
    return this.trusted ? checkBalanced(transaction) : validateTransaction(transaction);
  }
}

function sameAccountFields(a: AccountKey, b: AccountKey): boolean {
  return (
    a.owner === b.owner &&
    a.asset === b.asset &&
    a.kind === b.kind &&
    (a.owner === 'VENUE' || a.userId === (b as typeof a).userId)
  );
}

/** What a trusted transaction still needs checked: at least one entry and a zero sum per asset. */
function checkBalanced(transaction: JournalTransaction): Result<JournalTransaction, WalletErrorCode> {
  if (transaction.entries.length === 0) {
    return err(WalletErrorCode.EMPTY_TRANSACTION, `transaction ${transaction.id} has no entries`);
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
 * Checks the parts a trusted transaction's keys and id are made of, once, where the caller builds
 * them: user ids against `USER_ID_PATTERN`, asset codes against `ASSET_CODE_PATTERN`, the id against
 * `TRANSACTION_ID_PATTERN`, with the same errors the checking builder gives.
 */
export function checkTrustedParts(
  id: string,
  userIds: readonly string[],
  assets: readonly string[],
): Result<true, WalletErrorCode> {
  for (const asset of assets) {
    if (typeof asset !== 'string' || !ASSET_CODE_PATTERN.test(asset)) {
      return err(WalletErrorCode.INVALID_ACCOUNT, `account asset must match ${ASSET_CODE_PATTERN}`);
    }
  }
  for (const userId of userIds) {
    if (typeof userId !== 'string' || !USER_ID_PATTERN.test(userId)) {
      return err(WalletErrorCode.INVALID_ACCOUNT, `user id must match ${USER_ID_PATTERN}`);
    }
  }
  if (!TRANSACTION_ID_PATTERN.test(id)) {
    return err(
      WalletErrorCode.INVALID_TRANSACTION_ID,
      'transaction id must be 1..200 printable ASCII characters',
    );
  }
  return ok(true);
}
