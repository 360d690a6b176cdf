import {
  type AccountKey,
  accountId,
  type JournalEntry,
  type JournalTransaction,
  sumByAsset,
} from '@exchange/wallet-domain';

/** What one write of a settlement transaction's journal holds: the transactions and the accounts seen first here. */
export interface JournalChunk {
  readonly transactions: readonly JournalTransaction[];
  /** Accounts no earlier chunk of this settlement touched (they may not exist yet). */
  readonly newAccounts: readonly AccountKey[];
}

/**
 * The journal of one settlement transaction, built in memory as events are applied and written in chunks:
 *
 * - each journal transaction is stored with one entry per account (a trade's five transfers touch seven accounts,
 *   six for a self-trade: the buyer's quote hold pays the seller and returns the rest, the buyer's base receipt
 *   pays the fee, ...), netted in bigint, zero results left out; it stays balanced per asset and every fee still
 *   has its own entry on the venue's `FEES` account;
 * - the running balances move once per settlement: `deltas` is the sum of every entry per account.
 */
export class SettlementJournal {
  private pending: JournalTransaction[] = [];
  private readonly known = new Set<string>();
  private fresh: AccountKey[] = [];
  private readonly sums = new Map<string, { account: AccountKey; delta: bigint }>();
  private readonly userIds = new Set<string>();

  add(transaction: JournalTransaction): void {
    const { netted, ids } = net(transaction);
    for (let i = 0; i < netted.entries.length; i++) {
      const entry = netted.entries[i];
      const id = ids[i];
      const sum = this.sums.get(id);
      if (sum) sum.delta += entry.amount;
      else this.sums.set(id, { account: entry.account, delta: entry.amount });
      if (!this.known.has(id)) {
        this.known.add(id);
        this.fresh.push(entry.account);
      }
      if (entry.account.owner === 'USER') this.userIds.add(entry.account.userId);
    }
    this.pending.push(netted);
  }

  /** Journal transactions added and not yet taken. */
  get size(): number {
    return this.pending.length;
  }

  /** What was added since the last call, to be written now. */
  take(): JournalChunk {
    const chunk = { transactions: this.pending, newAccounts: this.fresh };
    this.pending = [];
    this.fresh = [];
    return chunk;
  }

  /** Per account, what all the transactions added move (zero sums included). */
  get deltas(): ReadonlyMap<string, { readonly account: AccountKey; readonly delta: bigint }> {
    return this.sums;
  }

  /** The users whose balances the transactions move. */
  get users(): ReadonlySet<string> {
    return this.userIds;
  }
}

/**
 * The same journal transaction with one entry per account: the entries of an account added up, zero sums left
 * out (the sums per asset, hence the balance, are unchanged). A transaction whose entries all cancel out is
 * returned as it is, so that no transaction is ever stored without entries.
 */
export function netEntries(transaction: JournalTransaction): JournalTransaction {
  return net(transaction).netted;
}

/** `netEntries`, with the account id of each entry. */
function net(transaction: JournalTransaction): { netted: JournalTransaction; ids: string[] } {
  const byAccount = new Map<string, { account: AccountKey; amount: bigint }>();
  for (const entry of transaction.entries) {
    const id = accountId(entry.account);
    const sum = byAccount.get(id);
    if (sum) sum.amount += entry.amount;
    else byAccount.set(id, { account: entry.account, amount: entry.amount });
  }
  if (byAccount.size === transaction.entries.length)
    return { netted: transaction, ids: [...byAccount.keys()] };
  const entries: JournalEntry[] = [];
  const ids: string[] = [];
  for (const [id, { account, amount }] of byAccount) {
    if (amount === 0n) continue;
    entries.push({ account, amount });
    ids.push(id);
  }
  if (entries.length === 0)
    return { netted: transaction, ids: transaction.entries.map((e) => accountId(e.account)) };
  const netted = { id: transaction.id, kind: transaction.kind, entries };
  for (const [asset, sum] of sumByAsset(netted.entries)) {
    // Cannot happen (a sum of the same entries); kept as the ledger's last line in memory.
    if (sum !== 0n) throw new Error(`netting unbalanced ${transaction.id}: ${asset} sums to ${sum}`);
  }
  return { netted, ids };
}
