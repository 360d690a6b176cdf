import { btcUsdt, order, unwrap } from '../test/wallet.fixtures';
import { availableAccount, heldAccount, venueAccount } from './account-key.model';
import { BalanceBook } from './balance-book.model';
import { buildFaucetDeposit } from './deposit.builder';
import { type JournalTransaction } from './journal-transaction.builder';
import { buildOrderHold } from './order-hold.policy';
import { reconcile } from './reconciliation.check';

describe(reconcile.name, () => {
  const buy = order('o1', 'u1', btcUsdt, { side: 'BUY', type: 'LIMIT', limitTicks: 100, lots: 10 });
  const transactions: JournalTransaction[] = [
    unwrap(buildFaucetDeposit({ depositId: 'd1', userId: 'u1', asset: 'USDT', amount: 1_000_000n })),
    unwrap(buildOrderHold(buy)),
  ];
  const book = new BalanceBook();
  for (const transaction of transactions) unwrap(book.apply(transaction));

  it('is clean when entries, balances and holds agree', () => {
    const sut = reconcile({ transactions, balances: book.accounts(), openOrders: [buy] });
    expect(sut).toEqual({ ok: true, issues: [], totalsByAsset: new Map([['USDT', 0n]]) });
  });

  it('reports a running total that differs from the entries', () => {
    const balances = book
      .accounts()
      .map((b) =>
        b.account.owner === 'USER' && b.account.kind === 'AVAILABLE' ? { ...b, amount: b.amount + 1n } : b,
      );
    expect(reconcile({ transactions, balances, openOrders: [buy] }).issues).toEqual([
      {
        type: 'BALANCE_MISMATCH',
        account: availableAccount('u1', 'USDT'),
        fromEntries: 989_990n,
        balance: 989_991n,
      },
    ]);
  });

  it('reports a hold that no open order needs, and an order without its hold', () => {
    expect(reconcile({ transactions, balances: book.accounts(), openOrders: [] }).issues).toEqual([
      { type: 'HOLD_MISMATCH', userId: 'u1', asset: 'USDT', held: 10_010n, needed: 0n },
    ]);
  });

  it('reports unbalanced and duplicate transactions and negative balances', () => {
    const broken: JournalTransaction = {
      id: 'broken',
      kind: 'TRADE',
      entries: [{ account: venueAccount('FEES', 'USDT'), amount: -5n }],
    };
    const sut = reconcile({
      transactions: [...transactions, transactions[1], broken],
      balances: [],
      openOrders: [],
    });
    expect(sut.ok).toBe(false);
    expect(sut.issues).toEqual(
      expect.arrayContaining([
        { type: 'DUPLICATE_TRANSACTION', transactionId: 'order-hold:o1' },
        { type: 'UNBALANCED_TRANSACTION', transactionId: 'broken', asset: 'USDT', sum: -5n },
        expect.objectContaining({ type: 'BALANCE_MISMATCH', account: heldAccount('u1', 'USDT') }),
      ]),
    );
    expect(sut.totalsByAsset.get('USDT')).toBe(-5n);
    const negative = reconcile({
      transactions: [],
      balances: [{ account: venueAccount('FEES', 'USDT'), amount: -1n }],
      openOrders: [],
    });
    expect(negative.issues).toContainEqual({
      type: 'NEGATIVE_BALANCE',
      account: venueAccount('FEES', 'USDT'),
      balance: -1n,
    });
  });
});
