import fc from 'fast-check';

import { unwrap } from '../test/wallet.fixtures';
import {
  type AccountBalance,
  accountId,
  heldAccount,
  mayGoNegative,
  venueAccount,
} from './account-key.model';
import { BalanceBook } from './balance-book.model';
import {
  buildDepositConfirmed,
  buildDepositDetected,
  buildDepositReverted,
  buildFaucetDeposit,
  type DepositMovement,
} from './deposit.builder';
import { type JournalTransaction } from './journal-transaction.builder';
import { createMarket, type Market } from './market.model';
import {
  buildOrderHold,
  buildOrderRelease,
  holdAsset,
  type OpenOrder,
  openOrder,
  type OrderSpec,
  remainingLots,
  remainingNeed,
} from './order-hold.policy';
import { reconcile } from './reconciliation.check';
import { settleTrade } from './trade-settlement.policy';
import { WalletErrorCode } from './wallet-error-code.enum';
import {
  buildWithdrawalCompleted,
  buildWithdrawalFailed,
  buildWithdrawalRequested,
  type WithdrawalMovement,
} from './withdrawal.builder';

const USERS = ['alice', 'bob', 'carol'];
const ASSETS = ['USDT', 'BTC', 'ETH'];
/** Deposits are raw × factor, so that orders are sometimes affordable and sometimes not. */
const INITIAL_DEPOSITS = USERS.length * ASSETS.length;
const DEPOSIT_FACTOR: Record<string, bigint> = { USDT: 3n, BTC: 100n, ETH: 10n ** 12n };

type Op =
  | {
      readonly t: 'deposit';
      readonly user: number;
      readonly asset: number;
      readonly raw: bigint;
      readonly twoStep: boolean;
    }
  | { readonly t: 'finishDeposit'; readonly pick: number; readonly revert: boolean }
  | {
      readonly t: 'place';
      readonly user: number;
      readonly market: number;
      readonly kind: number;
      readonly ticks: number;
      readonly lots: number;
      readonly quote: bigint;
    }
  | {
      readonly t: 'trade';
      readonly pick: number;
      readonly pick2: number;
      readonly size: number;
      readonly at: number;
      readonly buyerTakes: boolean;
    }
  | { readonly t: 'cancel'; readonly pick: number }
  | { readonly t: 'withdraw'; readonly user: number; readonly asset: number; readonly raw: bigint }
  | { readonly t: 'finishWithdrawal'; readonly pick: number; readonly fail: boolean; readonly fee: bigint }
  | { readonly t: 'redeliver'; readonly pick: number };

const index = fc.nat({ max: 1000 });
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant('deposit' as const),
      user: index,
      asset: index,
      raw: fc.bigInt({ min: 1n, max: 10n ** 6n }),
      twoStep: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ t: fc.constant('finishDeposit' as const), pick: index, revert: fc.boolean() }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('place' as const),
      user: index,
      market: index,
      kind: fc.nat({ max: 3 }),
      ticks: fc.integer({ min: 1, max: 2000 }),
      lots: fc.integer({ min: 1, max: 100 }),
      quote: fc.bigInt({ min: 1n, max: 2_000_000n }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('trade' as const),
      pick: index,
      pick2: index,
      size: fc.integer({ min: 1, max: 100 }),
      at: fc.integer({ min: 0, max: 100 }),
      buyerTakes: fc.boolean(),
    }),
    weight: 8,
  },
  { arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: index }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('withdraw' as const),
      user: index,
      asset: index,
      raw: fc.bigInt({ min: 1n, max: 10n ** 6n }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('finishWithdrawal' as const),
      pick: index,
      fail: fc.boolean(),
      fee: fc.bigInt({ min: 0n, max: 1000n }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('redeliver' as const), pick: index }), weight: 1 },
);

const feeRate = fc.oneof(
  fc.constantFrom(0, 1, 999, 1000, 2500, 333_333, 1_000_000),
  fc.integer({ min: 0, max: 1_000_000 }),
);

function markets(makerPpm: number, takerPpm: number): Market[] {
  return [
    unwrap(
      createMarket({
        symbol: 'BTC-USDT',
        base: { code: 'BTC', decimals: 8 },
        quote: { code: 'USDT', decimals: 6 },
        tickSize: '0.01',
        stepSize: '0.001',
        makerFeePpm: makerPpm,
        takerFeePpm: takerPpm,
      }),
    ),
    unwrap(
      createMarket({
        symbol: 'ETH-BTC',
        base: { code: 'ETH', decimals: 18 },
        quote: { code: 'BTC', decimals: 8 },
        tickSize: '0.000005',
        stepSize: '0.01',
        makerFeePpm: takerPpm,
        takerFeePpm: makerPpm,
      }),
    ),
  ];
}

/** What an order's hold must cover, written out independently of `remainingNeed`. */
function independentNeed(order: OpenOrder): bigint {
  const { spec, market } = order;
  const ceilFee = (amount: bigint) => (amount * BigInt(order.headroomPpm) + 999_999n) / 1_000_000n;
  if (spec.side === 'SELL') return BigInt(spec.lots - order.filledLots) * market.scale.lotBaseUnits;
  if (spec.type === 'LIMIT') {
    const quote =
      BigInt(spec.limitTicks) * BigInt(spec.lots - order.filledLots) * market.scale.quoteUnitsPerTickLot;
    return quote + ceilFee(quote);
  }
  const left = spec.quoteUnits - order.spentQuoteUnits;
  return left + ceilFee(left);
}

function snapshot(book: BalanceBook): Map<string, bigint> {
  return new Map(book.accounts().map((b: AccountBalance) => [accountId(b.account), b.amount]));
}

/** Counts across all runs, so the property cannot pass by doing nothing. */
const coverage = { trades: 0, partialBuys: 0, endedByFill: 0, refused: 0, selfTrades: 0 };

class LedgerModel {
  readonly book = new BalanceBook();
  readonly applied: JournalTransaction[] = [];
  open: OpenOrder[] = [];
  readonly pendingDeposits: DepositMovement[] = [];
  readonly pendingWithdrawals: WithdrawalMovement[] = [];
  /** What the outside world has given (negative) or received (positive), per asset, counted by the test. */
  readonly external = new Map<string, bigint>(ASSETS.map((a) => [a, 0n]));
  /** Fees the venue has earned, per asset, counted by the test. */
  readonly fees = new Map<string, bigint>(ASSETS.map((a) => [a, 0n]));
  private seq = 0;

  constructor(
    readonly markets: Market[],
    initialRaw: readonly bigint[],
  ) {
    // Start every user with some of every asset, so that most orders are affordable and some are not.
    USERS.forEach((userId, u) =>
      ASSETS.forEach((asset, a) =>
        this.run({ t: 'deposit', user: u, asset: a, raw: initialRaw[u * ASSETS.length + a], twoStep: false }),
      ),
    );
  }

  /** Applies a transaction the rules say must fit; refused ones are allowed only for funds and must change nothing. */
  apply(transaction: JournalTransaction, mustFit: boolean): boolean {
    const before = snapshot(this.book);
    const result = this.book.apply(transaction);
    if (!result.ok) {
      expect(mustFit).toBe(false);
      expect(result.code).toBe(WalletErrorCode.INSUFFICIENT_FUNDS);
      expect(snapshot(this.book)).toEqual(before);
      coverage.refused += 1;
      return false;
    }
    expect(result.value.duplicate).toBe(false);
    this.applied.push(transaction);
    return true;
  }

  run(op: Op): void {
    const id = `${op.t}-${++this.seq}`;
    switch (op.t) {
      case 'deposit': {
        const asset = ASSETS[op.asset % ASSETS.length];
        const deposit = {
          depositId: id,
          userId: USERS[op.user % USERS.length],
          asset,
          amount: op.raw * DEPOSIT_FACTOR[asset],
        };
        if (op.twoStep) {
          this.apply(unwrap(buildDepositDetected(deposit)), true);
          this.pendingDeposits.push(deposit);
        } else {
          this.apply(unwrap(buildFaucetDeposit(deposit)), true);
        }
        this.external.set(asset, this.external.get(asset)! - deposit.amount);
        return;
      }
      case 'finishDeposit': {
        if (this.pendingDeposits.length === 0) return;
        const [deposit] = this.pendingDeposits.splice(op.pick % this.pendingDeposits.length, 1);
        this.apply(unwrap((op.revert ? buildDepositReverted : buildDepositConfirmed)(deposit)), true);
        if (op.revert) this.external.set(deposit.asset, this.external.get(deposit.asset)! + deposit.amount);
        return;
      }
      case 'place': {
        const market = this.markets[op.market % this.markets.length];
        const specs: OrderSpec[] = [
          { side: 'BUY', type: 'LIMIT', limitTicks: op.ticks, lots: op.lots },
          { side: 'BUY', type: 'MARKET', quoteUnits: op.quote },
          { side: 'SELL', type: 'LIMIT', limitTicks: op.ticks, lots: op.lots },
          { side: 'SELL', type: 'MARKET', lots: op.lots },
        ];
        const order = unwrap(
          openOrder({ orderId: id, userId: USERS[op.user % USERS.length], market, spec: specs[op.kind] }),
        );
        if (this.apply(unwrap(buildOrderHold(order)), false)) this.open.push(order);
        return;
      }
      case 'trade':
        return this.trade(op);
      case 'cancel': {
        if (this.open.length === 0) return;
        const [order] = this.open.splice(op.pick % this.open.length, 1);
        const release = unwrap(buildOrderRelease(order));
        if (release) this.apply(release, true);
        return;
      }
      case 'withdraw': {
        const asset = ASSETS[op.asset % ASSETS.length];
        const withdrawal = {
          withdrawalId: id,
          userId: USERS[op.user % USERS.length],
          asset,
          amount: op.raw * DEPOSIT_FACTOR[asset],
        };
        if (this.apply(unwrap(buildWithdrawalRequested(withdrawal)), false))
          this.pendingWithdrawals.push(withdrawal);
        return;
      }
      case 'finishWithdrawal': {
        if (this.pendingWithdrawals.length === 0) return;
        const [withdrawal] = this.pendingWithdrawals.splice(op.pick % this.pendingWithdrawals.length, 1);
        if (op.fail) {
          this.apply(unwrap(buildWithdrawalFailed(withdrawal)), true);
          return;
        }
        const networkFee = op.fee > withdrawal.amount ? withdrawal.amount : op.fee;
        this.apply(unwrap(buildWithdrawalCompleted({ ...withdrawal, networkFee })), true);
        const { asset } = withdrawal;
        this.external.set(asset, this.external.get(asset)! + withdrawal.amount - networkFee);
        this.fees.set(asset, this.fees.get(asset)! + networkFee);
        return;
      }
      case 'redeliver': {
        if (this.applied.length === 0) return;
        const before = snapshot(this.book);
        expect(this.book.apply(this.applied[op.pick % this.applied.length])).toEqual({
          ok: true,
          value: { duplicate: true },
        });
        expect(snapshot(this.book)).toEqual(before);
        return;
      }
    }
  }

  private trade(op: Extract<Op, { t: 'trade' }>): void {
    const buys = this.open.filter((o) => o.spec.side === 'BUY');
    if (buys.length === 0) return;
    const buy = buys[op.pick % buys.length];
    const sells = this.open.filter((o) => o.spec.side === 'SELL' && o.market.symbol === buy.market.symbol);
    if (sells.length === 0) return;
    const sell = sells[op.pick2 % sells.length];
    const { scale } = buy.market;

    const low = sell.spec.type === 'LIMIT' ? sell.spec.limitTicks : 1;
    const high = buy.spec.type === 'LIMIT' ? buy.spec.limitTicks : low + 500;
    if (low > high) return;
    const priceTicks = low + Math.floor(((high - low) * op.at) / 100);
    const sellLeft = remainingLots(sell);
    const buyLeft =
      buy.spec.side === 'BUY' && buy.spec.type === 'MARKET'
        ? Number(
            (buy.spec.quoteUnits - buy.spentQuoteUnits) / (BigInt(priceTicks) * scale.quoteUnitsPerTickLot),
          )
        : remainingLots(buy);
    const maxLots = Math.min(sellLeft, buyLeft);
    if (maxLots <= 0) return;
    const lots = Math.max(1, Math.ceil((maxLots * op.size) / 100));

    const settlement = unwrap(
      settleTrade({
        tradeId: this.seq,
        priceTicks,
        lots,
        takerSide: op.buyerTakes ? 'BUY' : 'SELL',
        buyOrder: buy,
        sellOrder: sell,
      }),
    );
    // Fees are carved out of what each side receives, rounded up, never more than it.
    const buyerRate = BigInt(op.buyerTakes ? buy.market.fees.takerPpm : buy.market.fees.makerPpm);
    const sellerRate = BigInt(op.buyerTakes ? buy.market.fees.makerPpm : buy.market.fees.takerPpm);
    expect(settlement.buyerFee * 1_000_000n >= settlement.baseUnits * buyerRate).toBe(true);
    expect((settlement.buyerFee - 1n) * 1_000_000n < settlement.baseUnits * buyerRate).toBe(true);
    expect(settlement.sellerFee * 1_000_000n >= settlement.quoteUnits * sellerRate).toBe(true);
    expect((settlement.sellerFee - 1n) * 1_000_000n < settlement.quoteUnits * sellerRate).toBe(true);
    expect(settlement.buyerFee <= settlement.baseUnits && settlement.sellerFee <= settlement.quoteUnits).toBe(
      true,
    );

    // Holds always cover a fill: settlement of checked trades never fails for funds.
    this.apply(settlement.transaction, true);
    coverage.trades += 1;
    if (buy.userId === sell.userId) coverage.selfTrades += 1;
    if (settlement.buyerRelease > 0n && remainingNeed(settlement.buyOrder) > 0n) coverage.partialBuys += 1;
    const base = scale.base.code;
    const quote = scale.quote.code;
    this.fees.set(base, this.fees.get(base)! + settlement.buyerFee);
    this.fees.set(quote, this.fees.get(quote)! + settlement.sellerFee);

    this.open = this.open.map((o) =>
      o.orderId === buy.orderId ? settlement.buyOrder : o.orderId === sell.orderId ? settlement.sellOrder : o,
    );
    // Orders sized in lots end when filled; their release must be empty (nothing left to hold).
    for (const ended of [settlement.buyOrder, settlement.sellOrder]) {
      const sized = ended.spec.side === 'SELL' || ended.spec.type === 'LIMIT';
      if (sized && remainingLots(ended) === 0) {
        expect(buildOrderRelease(ended)).toEqual({ ok: true, value: undefined });
        coverage.endedByFill += 1;
        this.open = this.open.filter((o) => o.orderId !== ended.orderId);
      }
    }
  }

  checkInvariants(): void {
    const violations: string[] = [];
    for (const [asset, total] of this.book.totalsByAsset()) {
      if (total !== 0n) violations.push(`${asset} sums to ${total}`);
    }
    for (const { account, amount } of this.book.accounts()) {
      if (amount < 0n && !mayGoNegative(account)) violations.push(`${accountId(account)} is ${amount}`);
    }
    for (const asset of ASSETS) {
      const external = this.book.balance(venueAccount('EXTERNAL', asset));
      if (external !== this.external.get(asset))
        violations.push(`EXTERNAL ${asset} is ${external}, not ${this.external.get(asset)}`);
      const fees = this.book.balance(venueAccount('FEES', asset));
      if (fees !== this.fees.get(asset))
        violations.push(`FEES ${asset} is ${fees}, not ${this.fees.get(asset)}`);
    }
    const needed = new Map<string, bigint>();
    for (const order of this.open) {
      const key = `${order.userId}:${holdAsset(order)}`;
      needed.set(key, (needed.get(key) ?? 0n) + independentNeed(order));
    }
    for (const user of USERS) {
      for (const asset of ASSETS) {
        const held = this.book.balance(heldAccount(user, asset));
        const need = needed.get(`${user}:${asset}`) ?? 0n;
        if (held !== need) violations.push(`${user} holds ${held} ${asset}, open orders need ${need}`);
      }
    }
    const report = reconcile({
      transactions: this.applied,
      balances: this.book.accounts(),
      openOrders: this.open,
    });
    if (!report.ok) violations.push(`reconciliation: ${report.issues.map((i) => i.type).join(', ')}`);
    expect(violations).toEqual([]);
  }
}

describe('ledger invariants', () => {
  it('random deposits, orders, trades, cancels and withdrawals conserve every asset, keep users non-negative and holds equal to needs', () => {
    fc.assert(
      fc.property(
        feeRate,
        feeRate,
        fc.array(fc.bigInt({ min: 1n, max: 2n * 10n ** 6n }), {
          minLength: INITIAL_DEPOSITS,
          maxLength: INITIAL_DEPOSITS,
        }),
        fc.array(opArbitrary, { minLength: 20, maxLength: 60, size: 'max' }),
        (makerPpm, takerPpm, initialRaw, ops) => {
          const sut = new LedgerModel(markets(makerPpm, takerPpm), initialRaw);
          for (const op of ops) {
            sut.run(op);
            sut.checkInvariants();
          }
          // Ending every order returns every hold.
          for (const order of sut.open) {
            const release = unwrap(buildOrderRelease(order));
            if (release) sut.apply(release, true);
          }
          sut.open = [];
          sut.checkInvariants();
          for (const { account, amount } of sut.book.accounts()) {
            if (account.owner === 'USER' && account.kind === 'HELD') expect(amount).toBe(0n);
          }
        },
      ),
      { numRuns: 250 },
    );
    expect(coverage.trades).toBeGreaterThan(300);
    expect(coverage.partialBuys).toBeGreaterThan(200);
    expect(coverage.endedByFill).toBeGreaterThan(50);
    expect(coverage.refused).toBeGreaterThan(200);
    expect(coverage.selfTrades).toBeGreaterThan(50);
  });
});
