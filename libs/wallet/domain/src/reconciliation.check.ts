import { type AccountBalance, type AccountKey, accountId, mayGoNegative } from './account-key.model';
import { type JournalTransaction, sumByAsset } from './journal-transaction.builder';
import { holdAsset, type OpenOrder, remainingNeed } from './order-hold.policy';

export type ReconciliationIssue =
  | {
      readonly type: 'UNBALANCED_TRANSACTION';
      readonly transactionId: string;
      readonly asset: string;
      readonly sum: bigint;
    }
  | { readonly type: 'DUPLICATE_TRANSACTION'; readonly transactionId: string }
  | {
      readonly type: 'BALANCE_MISMATCH';
      readonly account: AccountKey;
      readonly fromEntries: bigint;
      readonly balance: bigint;
    }
  | { readonly type: 'NEGATIVE_BALANCE'; readonly account: AccountKey; readonly balance: bigint }
  | {
      readonly type: 'HOLD_MISMATCH';
      readonly userId: string;
      readonly asset: string;
      readonly held: bigint;
      readonly needed: bigint;
    };

export interface ReconciliationInput {
  /** Every journal transaction ever applied. */
  readonly transactions: Iterable<JournalTransaction>;
  /** The running totals to check (accounts absent here count as zero). */
  readonly balances: Iterable<AccountBalance>;
  /** Every order still open, in the state after its last settled fill. */
  readonly openOrders: Iterable<OpenOrder>;
}

export interface ReconciliationReport {
  readonly ok: boolean;
  readonly issues: readonly ReconciliationIssue[];
  /** Per asset, the sum of every entry (zero when the journal is balanced). */
  readonly totalsByAsset: ReadonlyMap<string, bigint>;
}

/**
 * Proves the ledger's invariants from scratch:
 * 1. every transaction sums to zero per asset, and no id appears twice;
 * 2. the sum of entries per account equals its running balance;
 * 3. no account but EXTERNAL is negative;
 * 4. each user's HELD balance per asset equals what that user's open orders still need.
 */
export function reconcile(input: ReconciliationInput): ReconciliationReport {
  const issues: ReconciliationIssue[] = [];
  const fromEntries = new Map<string, AccountBalance>();
  const totalsByAsset = new Map<string, bigint>();
  const seen = new Set<string>();

  for (const transaction of input.transactions) {
    if (seen.has(transaction.id))
      issues.push({ type: 'DUPLICATE_TRANSACTION', transactionId: transaction.id });
    seen.add(transaction.id);
    for (const [asset, sum] of sumByAsset(transaction.entries)) {
      if (sum !== 0n)
        issues.push({ type: 'UNBALANCED_TRANSACTION', transactionId: transaction.id, asset, sum });
      totalsByAsset.set(asset, (totalsByAsset.get(asset) ?? 0n) + sum);
    }
    for (const { account, amount } of transaction.entries) {
      const id = accountId(account);
      fromEntries.set(id, { account, amount: (fromEntries.get(id)?.amount ?? 0n) + amount });
    }
  }

  const balances = new Map<string, AccountBalance>();
  for (const balance of input.balances) balances.set(accountId(balance.account), balance);

  for (const id of new Set([...fromEntries.keys(), ...balances.keys()])) {
    const account = (fromEntries.get(id) ?? balances.get(id))!.account;
    const expected = fromEntries.get(id)?.amount ?? 0n;
    const actual = balances.get(id)?.amount ?? 0n;
    if (expected !== actual)
      issues.push({ type: 'BALANCE_MISMATCH', account, fromEntries: expected, balance: actual });
    if (actual < 0n && !mayGoNegative(account))
      issues.push({ type: 'NEGATIVE_BALANCE', account, balance: actual });
  }

  const needs = new Map<string, { userId: string; asset: string; needed: bigint }>();
  for (const order of input.openOrders) {
    const asset = holdAsset(order);
    const key = `${order.userId}:${asset}`;
    const current = needs.get(key) ?? { userId: order.userId, asset, needed: 0n };
    needs.set(key, { ...current, needed: current.needed + remainingNeed(order) });
  }
  const held = new Map<string, { userId: string; asset: string; held: bigint }>();
  for (const { account, amount } of balances.values()) {
    if (account.owner === 'USER' && account.kind === 'HELD') {
      held.set(`${account.userId}:${account.asset}`, {
        userId: account.userId,
        asset: account.asset,
        held: amount,
      });
    }
  }
  for (const key of new Set([...needs.keys(), ...held.keys()])) {
    const { userId, asset } = (needs.get(key) ?? held.get(key))!;
    const heldAmount = held.get(key)?.held ?? 0n;
    const needed = needs.get(key)?.needed ?? 0n;
    if (heldAmount !== needed)
      issues.push({ type: 'HOLD_MISMATCH', userId, asset, held: heldAmount, needed });
  }

  return { ok: issues.length === 0, issues, totalsByAsset };
}
