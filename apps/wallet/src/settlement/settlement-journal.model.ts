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
  /** Per transaction, the account id of each of its entries (`accountId`, computed once). */
  readonly accountIds: readonly (readonly string[])[];
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
  private pendingIds: string[][] = [];
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
      else {
        // First seen in this settlement: a new account for the next chunk, and its owner one of the users.
        this.sums.set(id, { account: entry.account, delta: entry.amount });
        this.fresh.push(entry.account);
        if (entry.account.owner === 'USER') this.userIds.add(entry.account.userId);
      }
    }
    this.pending.push(netted);
    this.pendingIds.push(ids);
  }

  /** Journal transactions added and not yet taken. */
  get size(): number {
    return this.pending.length;
  }

  /** What was added since the last call, to be written now. */
  take(): JournalChunk {
    const chunk = { transactions: this.pending, accountIds: this.pendingIds, newAccounts: this.fresh };
    this.pending = [];
    this.pendingIds = [];
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
  // A transaction has a handful of entries: a linear search finds an account seen twice without a map per
  // transaction (settlement nets a hundred thousand of them per batch).
  const { entries } = transaction;
  const ids = new Array<string>(entries.length);
  let repeated = false;
  for (let i = 0; i < entries.length; i++) {
    const id = accountId(entries[i].account);
    for (let j = 0; j < i && !repeated; j++) if (ids[j] === id) repeated = true;
    ids[i] = id;
  }
  if (!repeated) return { netted: transaction, ids };
  const nettedIds: string[] = [];
  const amounts: bigint[] = [];
  const accounts: JournalEntry['account'][] = [];
  for (let i = 0; i < entries.length; i++) {
    const at = nettedIds.indexOf(ids[i]);
    if (at >= 0) amounts[at] += entries[i].amount;
    else {
      nettedIds.push(ids[i]);
      amounts.push(entries[i].amount);
      accounts.push(entries[i].account);
    }
  }
  const kept: JournalEntry[] = [];
  const keptIds: string[] = [];
  for (let i = 0; i < nettedIds.length; i++) {
    if (amounts[i] === 0n) continue;
    kept.push({ account: accounts[i], amount: amounts[i] });
    keptIds.push(nettedIds[i]);
  }
  if (kept.length === 0) return { netted: transaction, ids };
  const netted = { id: transaction.id, kind: transaction.kind, entries: kept };
  for (const [asset, sum] of sumByAsset(netted.entries)) {
    // Cannot happen (a sum of the same entries); kept as the ledger's last line in memory.
    if (sum !== 0n) throw new Error(`netting unbalanced ${transaction.id}: ${asset} sums to ${sum}`);
  }
  return { netted, ids: keptIds };
}
