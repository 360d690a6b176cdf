import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import {
  type AccountBalance,
  type AccountKey,
  accountId,
  type JournalTransaction,
  mayGoNegative,
  WalletErrorCode,
} from '@exchange/wallet-domain';

import { pgArray } from '../common/pg-array';
import { prepared, runPrepared } from '../common/prepared-statement';
import { type StatementBatch } from '../common/statement-batch';
import { WalletError } from '../errors/wallet.error';

/** Most account ids `LedgerRepository` remembers as committed (about 10 MB of strings). */
const KNOWN_ACCOUNTS_MAX = 100_000;
/** Settlement's statements, prepared (parsed once per connection; see `prepared`). */
const ENSURE_ACCOUNTS = prepared(
  'wallet_ensure_accounts',
  `insert into ledger_account (account_id, owner, user_id, asset, kind)
   select * from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[])
   order by 1
   on conflict (account_id) do nothing`,
);
const LOCK_ACCOUNTS = prepared(
  'wallet_lock_accounts',
  `select account_id, balance::text as balance from ledger_account
   where account_id = any ($1::varchar[]) order by account_id for update`,
);
/** Sent with the settlement's last statements (`moveBalances`), prepared. */
const MOVE_BALANCES = prepared(
  'wallet_move_balances',
  `update ledger_account a set balance = a.balance + d.delta, updated_at = now()
   from unnest($1::varchar[], $2::numeric[]) as d(id, delta) where a.account_id = d.id`,
);

/** The balance reads after every intake group and settlement (the `user.<id>.balance` notices), prepared. */
const USER_BALANCES = prepared(
  'wallet_user_balances',
  `select account_id, owner, user_id, asset, kind, balance::text as balance
   from ledger_account where user_id = $1 order by asset, kind`,
);
export const USERS_BALANCES = prepared(
  'wallet_users_balances',
  `select account_id, owner, user_id, asset, kind, balance::text as balance
   from ledger_account where user_id = any ($1::varchar[]) order by user_id, asset, kind`,
);

interface AccountRow {
  account_id: string;
  owner: 'USER' | 'VENUE';
  user_id: string | null;
  asset: string;
  kind: string;
  balance: string;
}

function toKey(row: AccountRow): AccountKey {
  return row.owner === 'USER'
    ? { owner: 'USER', userId: row.user_id!, asset: row.asset, kind: row.kind as 'AVAILABLE' | 'HELD' }
    : { owner: 'VENUE', asset: row.asset, kind: row.kind as 'FEES' };
}

/**
 * The ledger in PostgreSQL: journal transactions (immutable, balanced; built by the domain) and the
 * running balances they move. Every method runs inside the caller's transaction.
 */
@Injectable()
export class LedgerRepository {
  /** Account ids known to be committed; see `ensureAccounts`. */
  private readonly committed = new Set<string>();

  /**
   * Records accounts that a committed transaction ensured (and wrote entries to), for `ensureAccounts` to skip. The
   * set is emptied when it would pass KNOWN_ACCOUNTS_MAX ids (a venue's active accounts come back within a pass or
   * two).
   */
  rememberCommitted(accounts: readonly AccountKey[]): void {
    if (this.committed.size + accounts.length > KNOWN_ACCOUNTS_MAX) this.committed.clear();
    for (const account of accounts) this.committed.add(accountId(account));
  }

  /**
   * Applies balanced transactions atomically: records them (an id seen before is skipped: idempotent),
   * locks every account they touch with `SELECT … FOR UPDATE` in account-id order (so concurrent writers
   * queue instead of deadlocking), refuses with INSUFFICIENT_FUNDS if any account but EXTERNAL would go
   * negative, then moves the running balances and writes the entries. Returns the ids actually applied.
   */
  async apply(tx: EntityManager, transactions: readonly JournalTransaction[]): Promise<Set<string>> {
    if (transactions.length === 0) return new Set();
    const inserted: { id: string }[] = await tx.query(
      `insert into journal_transaction (id, kind)
       select * from unnest($1::varchar[], $2::varchar[])
       on conflict (id) do nothing returning id`,
      [transactions.map((t) => t.id), transactions.map((t) => t.kind)],
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const applied = transactions.filter((t) => fresh.has(t.id));
    if (applied.length === 0) return fresh;

    const deltas = new Map<string, { account: AccountKey; delta: bigint }>();
    for (const t of applied) {
      for (const e of t.entries) {
        const id = accountId(e.account);
        const current = deltas.get(id) ?? { account: e.account, delta: 0n };
        deltas.set(id, { account: e.account, delta: current.delta + e.amount });
      }
    }
    const ids = [...deltas.keys()].sort();
    await this.ensureAccounts(
      tx,
      ids.map((id) => deltas.get(id)!.account),
    );
    const locked: { account_id: string; balance: string }[] = await tx.query(
      `select account_id, balance::text as balance from ledger_account
       where account_id = any($1::varchar[]) order by account_id for update`,
      [ids],
    );
    for (const row of locked) {
      const { account, delta } = deltas.get(row.account_id)!;
      const next = BigInt(row.balance) + delta;
      if (next < 0n && !mayGoNegative(account)) {
        throw new WalletError(
          WalletErrorCode.INSUFFICIENT_FUNDS,
          `insufficient funds: ${row.account_id} has ${row.balance}, needs ${-delta}`,
        );
      }
    }
    const changed = ids.filter((id) => deltas.get(id)!.delta !== 0n);
    await tx.query(
      `update ledger_account a set balance = a.balance + d.delta, updated_at = now()
       from unnest($1::varchar[], $2::numeric[]) as d(id, delta) where a.account_id = d.id`,
      [changed, changed.map((id) => deltas.get(id)!.delta.toString())],
    );
    const entries = applied.flatMap((t) => t.entries.map((e) => ({ t: t.id, e })));
    await tx.query(
      `insert into journal_entry (transaction_id, account_id, asset, amount)
       select * from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::numeric[])`,
      [
        entries.map((x) => x.t),
        entries.map((x) => accountId(x.e.account)),
        entries.map((x) => x.e.account.asset),
        entries.map((x) => x.e.amount.toString()),
      ],
    );
    return fresh;
  }

  /**
   * Creates the accounts that do not exist yet (in account-id order, like `apply`); nothing is locked. For callers
   * that write entries before they move balances (settlement: its journal rows, then `moveBalances`). Accounts this
   * process has seen committed (`rememberCommitted`) are left out, and with none left no statement is sent: the
   * wallet never deletes an account, and PostgreSQL refuses to delete one that entries refer to
   * (`ledger_account_key_kept`, migration `1764300000010`).
   */
  async ensureAccounts(tx: EntityManager, accounts: readonly AccountKey[]): Promise<void> {
    const byId = new Map<string, AccountKey>();
    for (const account of accounts) {
      const id = accountId(account);
      if (!this.committed.has(id)) byId.set(id, account);
    }
    if (byId.size === 0) return;
    const ids = [...byId.keys()].sort();
    const keys = ids.map((id) => byId.get(id)!);
    await runPrepared(tx, ENSURE_ACCOUNTS, [
      ids,
      keys.map((k) => k.owner),
      keys.map((k) => (k.owner === 'USER' ? k.userId : null)),
      keys.map((k) => k.asset),
      keys.map((k) => k.kind),
    ]);
  }

  /**
   * Moves running balances by netted deltas (per account id, the sum of the entries settlement wrote: `SettlementRowsRepository`): locks
   * the accounts with `SELECT … FOR UPDATE` in account-id order (the order `apply` locks in), refuses with
   * INSUFFICIENT_FUNDS if any account but EXTERNAL would go negative (and PostgreSQL's check constraint would refuse
   * it too), then updates them all in one statement, which goes with `writes` (the settlement's last statements).
   */
  async moveBalances(
    tx: EntityManager,
    deltas: ReadonlyMap<string, { readonly account: AccountKey; readonly delta: bigint }>,
    writes: StatementBatch,
  ): Promise<void> {
    const ids = [...deltas.keys()].filter((id) => deltas.get(id)!.delta !== 0n).sort();
    if (ids.length === 0) return;
    const locked = await runPrepared<{ account_id: string; balance: string }[]>(tx, LOCK_ACCOUNTS, [
      pgArray(ids),
    ]);
    if (locked.length !== ids.length)
      throw new Error(`moveBalances: ${ids.length - locked.length} accounts missing`);
    for (const row of locked) {
      const { account, delta } = deltas.get(row.account_id)!;
      if (BigInt(row.balance) + delta < 0n && !mayGoNegative(account)) {
        throw new WalletError(
          WalletErrorCode.INSUFFICIENT_FUNDS,
          `insufficient funds: ${row.account_id} has ${row.balance}, needs ${-delta}`,
        );
      }
    }
    void writes.add(MOVE_BALANCES, [
      pgArray(ids),
      pgArray(ids.map((id) => deltas.get(id)!.delta.toString())),
    ]);
  }

  /** A user's accounts and their running balances. */
  async userBalances(tx: EntityManager, userId: string): Promise<AccountBalance[]> {
    const rows = await runPrepared<AccountRow[]>(tx, USER_BALANCES, [userId]);
    return rows.map((r) => ({ account: toKey(r), amount: BigInt(r.balance) }));
  }

  /** The accounts of several users and their running balances, in one statement. */
  async usersBalances(tx: EntityManager, userIds: readonly string[]): Promise<AccountBalance[]> {
    if (userIds.length === 0) return [];
    const rows = await runPrepared<AccountRow[]>(tx, USERS_BALANCES, [pgArray([...new Set(userIds)])]);
    return rows.map((r) => ({ account: toKey(r), amount: BigInt(r.balance) }));
  }

  /** Every account's running balance (reconciliation). */
  async allBalances(tx: EntityManager): Promise<AccountBalance[]> {
    const rows: AccountRow[] = await tx.query(
      `select account_id, owner, user_id, asset, kind, balance::text as balance from ledger_account`,
    );
    return rows.map((r) => ({ account: toKey(r), amount: BigInt(r.balance) }));
  }

  /** Every journal transaction with its entries, read back for reconciliation. */
  async allTransactions(tx: EntityManager): Promise<JournalTransaction[]> {
    const rows: {
      transaction_id: string;
      kind: string;
      owner: 'USER' | 'VENUE';
      user_id: string | null;
      asset: string;
      account_kind: string;
      amount: string;
    }[] = await tx.query(
      `select e.transaction_id, t.kind, a.owner, a.user_id, a.asset, a.kind as account_kind, e.amount::text as amount
       from journal_entry e
       join journal_transaction t on t.id = e.transaction_id
       join ledger_account a on a.account_id = e.account_id`,
    );
    const byId = new Map<
      string,
      { id: string; kind: string; entries: { account: AccountKey; amount: bigint }[] }
    >();
    for (const r of rows) {
      const t = byId.get(r.transaction_id) ?? { id: r.transaction_id, kind: r.kind, entries: [] };
      byId.set(r.transaction_id, t);
      t.entries.push({
        account: toKey({ ...r, account_id: '', kind: r.account_kind, balance: '0' }),
        amount: BigInt(r.amount),
      });
    }
    return [...byId.values()] as JournalTransaction[];
  }

  /** Per asset, what the journal's entries add up to, and per account whether entries equal the running balance (in SQL). */
  async sqlChecks(tx: EntityManager): Promise<{ unbalancedTransactions: number; balanceMismatches: number }> {
    const [u] = await tx.query(
      `select count(*)::int as n from (
         select transaction_id from journal_entry group by transaction_id, asset having sum(amount) <> 0) x`,
    );
    const [m] = await tx.query(
      `select count(*)::int as n from ledger_account a
       left join (select account_id, sum(amount) as total from journal_entry group by account_id) e
         on e.account_id = a.account_id
       where a.balance <> coalesce(e.total, 0)`,
    );
    return { unbalancedTransactions: u.n, balanceMismatches: m.n };
  }
}
