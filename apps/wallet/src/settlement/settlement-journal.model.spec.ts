import {
  accountId,
  availableAccount,
  buildOrderRelease,
  heldAccount,
  type JournalTransaction,
  type Market,
  type OpenOrder,
  openOrder,
  type OrderSpec,
  settleTrade,
  sumByAsset,
  venueAccount,
} from '@exchange/wallet-domain';

import { BTC_USDT } from '../../test/support/market-record.fixture';
import { netEntries, SettlementJournal } from './settlement-journal.model';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

const market: Market = BTC_USDT.market;
const order = (orderId: string, userId: string, spec: OrderSpec): OpenOrder =>
  unwrap(openOrder({ orderId, userId, market, spec }));

/** Per account, what a list of transactions moves. */
function moves(transactions: readonly JournalTransaction[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const t of transactions)
    for (const e of t.entries)
      sums.set(accountId(e.account), (sums.get(accountId(e.account)) ?? 0n) + e.amount);
  for (const [id, sum] of sums) if (sum === 0n) sums.delete(id);
  return sums;
}

function trade(tradeId: number, buy: OpenOrder, sell: OpenOrder, lots: number, priceTicks = 3_000_000) {
  return unwrap(settleTrade({ tradeId, priceTicks, lots, takerSide: 'BUY', buyOrder: buy, sellOrder: sell }));
}

describe(netEntries.name, () => {
  it('keeps one entry per account, each fee on its own venue entry, and moves exactly what the transfers move', () => {
    const buy = order('b', 'buyer', { side: 'BUY', type: 'LIMIT', limitTicks: 3_001_000, lots: 10 });
    const sell = order('s', 'seller', { side: 'SELL', type: 'LIMIT', limitTicks: 3_000_000, lots: 10 });
    const { transaction, buyerFee, sellerFee } = trade(1, buy, sell, 4);
    expect(transaction.entries).toHaveLength(10);

    const sut = netEntries(transaction);

    expect(sut.id).toBe(transaction.id);
    expect(sut.kind).toBe('TRADE');
    // Buyer's held and available quote, available base; seller's held base, available quote; two fee accounts.
    expect(sut.entries).toHaveLength(7);
    expect(new Set(sut.entries.map((e) => accountId(e.account))).size).toBe(7);
    expect(sut.entries.every((e) => e.amount !== 0n)).toBe(true);
    expect([...sumByAsset(sut.entries).values()]).toEqual([0n, 0n]);
    expect(moves([sut])).toEqual(moves([transaction]));
    const fee = (asset: string) =>
      sut.entries.filter((e) => accountId(e.account) === accountId(venueAccount('FEES', asset)));
    expect(fee('BTC')).toEqual([{ account: venueAccount('FEES', 'BTC'), amount: buyerFee }]);
    expect(fee('USDT')).toEqual([{ account: venueAccount('FEES', 'USDT'), amount: sellerFee }]);
  });

  it('nets a self-trade to six entries and leaves a transaction with nothing to net as it is', () => {
    const buy = order('b', 'same', { side: 'BUY', type: 'LIMIT', limitTicks: 3_000_000, lots: 2 });
    const sell = order('s', 'same', { side: 'SELL', type: 'LIMIT', limitTicks: 3_000_000, lots: 2 });
    const { transaction } = trade(2, buy, sell, 1);
    const sut = netEntries(transaction);
    expect(sut.entries).toHaveLength(6);
    expect(moves([sut])).toEqual(moves([transaction]));

    const release = unwrap(buildOrderRelease(buy))!;
    expect(netEntries(release)).toBe(release);
  });
});

describe(SettlementJournal.name, () => {
  it('nets every transaction, sums the deltas per account, and hands out each account once, in chunks', () => {
    let buy = order('b', 'buyer', { side: 'BUY', type: 'LIMIT', limitTicks: 3_000_000, lots: 3 });
    let sell = order('s', 'seller', { side: 'SELL', type: 'LIMIT', limitTicks: 3_000_000, lots: 3 });
    const all: JournalTransaction[] = [];
    const sut = new SettlementJournal();

    for (let k = 1; k <= 3; k++) {
      const settled = trade(k, buy, sell, 1);
      buy = settled.buyOrder;
      sell = settled.sellOrder;
      all.push(settled.transaction);
      sut.add(settled.transaction);
    }
    expect(sut.size).toBe(3);
    const first = sut.take();
    expect(sut.size).toBe(0);
    expect(first.transactions.map((t) => t.id)).toEqual([
      'trade:BTC-USDT:1',
      'trade:BTC-USDT:2',
      'trade:BTC-USDT:3',
    ]);
    expect(first.newAccounts.map(accountId).sort()).toEqual(
      [
        heldAccount('buyer', 'USDT'),
        availableAccount('buyer', 'USDT'),
        availableAccount('buyer', 'BTC'),
        heldAccount('seller', 'BTC'),
        availableAccount('seller', 'USDT'),
        venueAccount('FEES', 'BTC'),
        venueAccount('FEES', 'USDT'),
      ]
        .map(accountId)
        .sort(),
    );

    // The buy order ends: its release touches accounts seen before, so the next chunk brings no new account.
    const release = unwrap(buildOrderRelease(buy));
    expect(release).toBeUndefined();
    const cancel = unwrap(
      buildOrderRelease(
        order('c', 'seller', { side: 'SELL', type: 'LIMIT', limitTicks: 3_000_000, lots: 5 }),
      ),
    )!;
    all.push(cancel);
    sut.add(cancel);
    const second = sut.take();
    expect(second.transactions).toEqual([cancel]);
    expect(second.newAccounts).toEqual([availableAccount('seller', 'BTC')]);

    const deltas = new Map([...sut.deltas].map(([id, d]) => [id, d.delta]));
    for (const [id, delta] of deltas) if (delta === 0n) deltas.delete(id);
    expect(deltas).toEqual(moves(all));
    // Three full fills at the limit: the buyer's quote hold is spent to zero, headroom included.
    expect(sut.deltas.get(accountId(heldAccount('buyer', 'USDT')))?.delta).toBe(-(9_000_000n + 9_000n));
    expect([...sut.users].sort()).toEqual(['buyer', 'seller']);
  });
});
