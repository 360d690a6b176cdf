import { Injectable } from '@nestjs/common';

import { type BalancesReply, type ReconcileReply } from '@exchange/shared-contracts';
import { formatDecimal } from '@exchange/shared-domain-money';
import { type AccountBalance, reconcile } from '@exchange/wallet-domain';

import { ChainFundsRepository } from '../chain/chain-funds.repository';
import { UnitOfWork } from '../common/unit-of-work.repository';
import { LedgerRepository } from '../ledger/ledger.repository';
import { toOpenOrder } from '../orders/order-row.mapper';
import { OrderRepository } from '../orders/order.repository';
import { type AssetRecord, ReferenceDataRepository } from '../reference/reference-data.repository';

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** What a user holds per asset (available, held, total), from the user's accounts. */
function toBalancesReply(
  userId: string,
  accounts: readonly AccountBalance[],
  assets: Map<string, AssetRecord>,
): BalancesReply {
  const byAsset = new Map<string, { available: bigint; held: bigint }>();
  for (const { account, amount } of accounts) {
    if (account.owner !== 'USER') continue;
    const entry = byAsset.get(account.asset) ?? { available: 0n, held: 0n };
    if (account.kind === 'AVAILABLE') entry.available += amount;
    else entry.held += amount;
    byAsset.set(account.asset, entry);
  }
  return {
    userId,
    balances: [...byAsset.entries()].map(([asset, b]) => {
      const decimals = assets.get(asset)!.decimals;
      return {
        asset,
        available: formatDecimal(b.available, decimals),
        held: formatDecimal(b.held, decimals),
        total: formatDecimal(b.available + b.held, decimals),
      };
    }),
  };
}

/** Balances per user, and reconciliation of the whole ledger. */
@Injectable()
export class LedgerQueryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerRepository,
    private readonly orders: OrderRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly chain: ChainFundsRepository,
  ) {}

  async balances(userId: string): Promise<BalancesReply> {
    const accounts = await this.ledger.userBalances(this.uow.manager, userId);
    return toBalancesReply(userId, accounts, await this.reference.assets());
  }

  /** `balances` of several users, read with one statement (order intake notifies a group's users at once). */
  async balancesOf(userIds: readonly string[]): Promise<BalancesReply[]> {
    const accounts = await this.ledger.usersBalances(this.uow.manager, userIds);
    const assets = await this.reference.assets();
    const byUser = new Map<string, AccountBalance[]>([...new Set(userIds)].map((id) => [id, []]));
    for (const balance of accounts) {
      if (balance.account.owner === 'USER') byUser.get(balance.account.userId)?.push(balance);
    }
    return [...byUser].map(([userId, own]) => toBalancesReply(userId, own, assets));
  }

  /**
   * Proves, inside one REPEATABLE READ snapshot: every transaction sums to zero per asset, the entries of
   * each account add up to its running balance, nothing but EXTERNAL is negative, each user's HELD equals
   * what their open orders still need, the hold table agrees with the HELD accounts, and DEPOSITS_IN_FLIGHT /
   * WITHDRAWALS_IN_FLIGHT equal the pending chain deposits / unfinished withdrawals of each asset.
   */
  async reconcile(): Promise<ReconcileReply> {
    const markets = await this.reference.markets();
    return this.uow.manager.transaction('REPEATABLE READ', async (tx) => {
      const transactions = await this.ledger.allTransactions(tx);
      const balances = await this.ledger.allBalances(tx);
      const rows = await this.orders.open(tx);
      const openOrders = [];
      for (const row of rows) {
        openOrders.push(toOpenOrder(row, markets.get(row.market)!.market));
      }
      const report = reconcile({ transactions, balances, openOrders });
      const issues: Record<string, unknown>[] = report.issues.map((i) => plain(i) as Record<string, unknown>);

      const sql = await this.ledger.sqlChecks(tx);
      if (sql.unbalancedTransactions)
        issues.push({ type: 'SQL_UNBALANCED_TRANSACTIONS', count: sql.unbalancedTransactions });
      if (sql.balanceMismatches)
        issues.push({ type: 'SQL_BALANCE_MISMATCHES', count: sql.balanceMismatches });
      const held = new Map(
        balances
          .filter((b) => b.account.owner === 'USER' && b.account.kind === 'HELD')
          .map((b) => [`${(b.account as { userId: string }).userId}:${b.account.asset}`, b.amount]),
      );
      const holdTotals = await this.orders.activeHoldTotals(tx);
      const seen = new Set<string>();
      for (const h of holdTotals) {
        const key = `${h.userId}:${h.asset}`;
        seen.add(key);
        if ((held.get(key) ?? 0n) !== h.amount) {
          issues.push({
            type: 'HOLD_TABLE_MISMATCH',
            userId: h.userId,
            asset: h.asset,
            holds: h.amount.toString(),
            held: (held.get(key) ?? 0n).toString(),
          });
        }
      }
      for (const [key, amount] of held) {
        if (!seen.has(key) && amount !== 0n)
          issues.push({ type: 'HOLD_TABLE_MISMATCH', key, holds: '0', held: amount.toString() });
      }
      // The venue's in-flight accounts hold exactly what the pending deposits and unfinished withdrawals say.
      const inFlight = new Map(
        balances
          .filter((b) => b.account.owner === 'VENUE')
          .map((b) => [`${b.account.kind}:${b.account.asset}`, b.amount]),
      );
      const rowsByAsset = new Map((await this.chain.inFlightTotals(tx)).map((r) => [r.asset, r]));
      const assets = new Set([...rowsByAsset.keys(), ...balances.map((b) => b.account.asset)]);
      for (const asset of assets) {
        for (const [kind, rowsSay] of [
          ['DEPOSITS_IN_FLIGHT', rowsByAsset.get(asset)?.deposits ?? 0n],
          ['WITHDRAWALS_IN_FLIGHT', rowsByAsset.get(asset)?.withdrawals ?? 0n],
        ] as const) {
          const ledger = inFlight.get(`${kind}:${asset}`) ?? 0n;
          if (ledger !== rowsSay) {
            issues.push({
              type: `${kind}_MISMATCH`,
              asset,
              ledger: ledger.toString(),
              rows: rowsSay.toString(),
            });
          }
        }
      }
      return {
        ok: issues.length === 0,
        issues,
        totalsByAsset: Object.fromEntries([...report.totalsByAsset].map(([a, t]) => [a, t.toString()])),
        transactions: transactions.length,
        accounts: balances.length,
        openOrders: openOrders.length,
      };
    });
  }
}
