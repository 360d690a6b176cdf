import { err, ok, type Result } from '@exchange/shared-domain-money';

import { type AccountBalance, type AccountKey, accountId, mayGoNegative } from './account-key.model';
import { type JournalTransaction, validateTransaction } from './journal-transaction.builder';
import { WalletErrorCode } from './wallet-error-code.enum';

export interface ApplyOutcome {
  /** True when a transaction with this id and the same entries was applied before: nothing changed. */
  readonly duplicate: boolean;
}

function fingerprint(transaction: JournalTransaction): string {
  return `${transaction.kind}|${transaction.entries.map((e) => `${accountId(e.account)}=${e.amount}`).join(';')}`;
}

/**
 * In-memory running balances: the pure model of the ledger that the wallet service mirrors in
 * PostgreSQL, and that tests drive. `apply` is atomic: it checks the whole transaction first and
 * either applies every entry or none.
 */
export class BalanceBook {
  private readonly balances = new Map<string, AccountBalance>();
  private readonly applied = new Map<string, string>();

  /** Applies a balanced transaction, or refuses it if any account but `EXTERNAL` would go below zero. */
  apply(transaction: JournalTransaction): Result<ApplyOutcome, WalletErrorCode> {
    const valid = validateTransaction(transaction);
    if (!valid.ok) return valid;

    const print = fingerprint(transaction);
    const previous = this.applied.get(transaction.id);
    if (previous !== undefined) {
      if (previous === print) return ok({ duplicate: true });
      return err(
        WalletErrorCode.IDEMPOTENCY_CONFLICT,
        `transaction id ${transaction.id} was already used for different entries`,
      );
    }

    const next = new Map<string, AccountBalance>();
    for (const entry of transaction.entries) {
      const id = accountId(entry.account);
      const current = next.get(id) ?? this.balances.get(id) ?? { account: entry.account, amount: 0n };
      next.set(id, { account: current.account, amount: current.amount + entry.amount });
    }
    for (const [id, balance] of next) {
      if (balance.amount < 0n && !mayGoNegative(balance.account)) {
        return err(
          WalletErrorCode.INSUFFICIENT_FUNDS,
          `transaction ${transaction.id} would leave ${id} at ${balance.amount}`,
        );
      }
    }

    for (const [id, balance] of next) this.balances.set(id, Object.freeze(balance));
    this.applied.set(transaction.id, print);
    return ok({ duplicate: false });
  }

  balance(account: AccountKey): bigint {
    return this.balances.get(accountId(account))?.amount ?? 0n;
  }

  /** Every account that has ever been touched, with its balance (zero balances included). */
  accounts(): AccountBalance[] {
    return [...this.balances.values()];
  }

  /** Sum of all balances per asset: zero for every asset while the book is consistent. */
  totalsByAsset(): Map<string, bigint> {
    const totals = new Map<string, bigint>();
    for (const { account, amount } of this.balances.values()) {
      totals.set(account.asset, (totals.get(account.asset) ?? 0n) + amount);
    }
    return totals;
  }

  hasApplied(transactionId: string): boolean {
    return this.applied.has(transactionId);
  }
}
