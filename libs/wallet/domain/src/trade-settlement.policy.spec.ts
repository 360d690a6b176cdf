import { btcUsdt, ethBtc, order, unwrap } from '../test/wallet.fixtures';
import { availableAccount, heldAccount, venueAccount } from './account-key.model';
import { BalanceBook } from './balance-book.model';
import { buildFaucetDeposit } from './deposit.builder';
import { buildOrderHold, remainingNeed } from './order-hold.policy';
import { reconcile } from './reconciliation.check';
import { validateTransaction } from './journal-transaction.builder';
import { settleTrade } from './trade-settlement.policy';
import { WalletErrorCode } from './wallet-error-code.enum';

describe(settleTrade.name, () => {
  const buy = order('b1', 'buyer', btcUsdt, { side: 'BUY', type: 'LIMIT', limitTicks: 3_000_100, lots: 100 });
  const sell = order('s1', 'seller', btcUsdt, {
    side: 'SELL',
    type: 'LIMIT',
    limitTicks: 2_999_000,
    lots: 60,
  });

  it('moves quote and base, charges maker and taker fees in the asset received, releases price improvement', () => {
    // 60 lots (0.06 BTC) at 30000.00 (3_000_000 ticks), seller is the taker.
    const sut = unwrap(
      settleTrade({
        tradeId: 7,
        priceTicks: 3_000_000,
        lots: 60,
        takerSide: 'SELL',
        buyOrder: buy,
        sellOrder: sell,
      }),
    );

    expect(sut.quoteUnits).toBe(1_800_000_000n); // 1800 USDT
    expect(sut.baseUnits).toBe(6_000_000n); // 0.06 BTC
    expect(sut.buyerFee).toBe(4_800n); // maker 0.08 % of 0.06 BTC
    expect(sut.sellerFee).toBe(1_800_000n); // taker 0.1 % of 1800 USDT
    expect(sut.priceImprovement).toBe(60_000n); // 1.00 USDT × 0.06
    // need before: 3_000_100×100×10 = 3_000_100_000 + 3_000_100 headroom; after: 40 lots
    const headroomReleased = 3_000_100n - 1_200_040n;
    expect(sut.buyerRelease).toBe(60_000n + headroomReleased);
    expect(sut.transaction.id).toBe('trade:BTC-USDT:7');
    expect(sut.buyOrder.filledLots).toBe(60);
    expect(sut.sellOrder.filledLots).toBe(60);
    expect(remainingNeed(sut.sellOrder)).toBe(0n);

    const book = new BalanceBook();
    const transactions = [
      unwrap(buildFaucetDeposit({ depositId: 'd1', userId: 'buyer', asset: 'USDT', amount: 10n ** 10n })),
      unwrap(buildFaucetDeposit({ depositId: 'd2', userId: 'seller', asset: 'BTC', amount: 10n ** 8n })),
      unwrap(buildOrderHold(buy)),
      unwrap(buildOrderHold(sell)),
      sut.transaction,
    ];
    for (const transaction of transactions) unwrap(book.apply(transaction));

    expect(book.balance(availableAccount('buyer', 'BTC'))).toBe(6_000_000n - 4_800n);
    expect(book.balance(availableAccount('seller', 'USDT'))).toBe(1_800_000_000n - 1_800_000n);
    expect(book.balance(venueAccount('FEES', 'BTC'))).toBe(4_800n);
    expect(book.balance(venueAccount('FEES', 'USDT'))).toBe(1_800_000n);
    expect(book.balance(heldAccount('buyer', 'USDT'))).toBe(remainingNeed(sut.buyOrder));
    expect(book.balance(heldAccount('seller', 'BTC'))).toBe(0n);
    // the filled sell order has ended; the buy order is still open
    expect(reconcile({ transactions, balances: book.accounts(), openOrders: [sut.buyOrder] })).toEqual({
      ok: true,
      issues: [],
      totalsByAsset: new Map([
        ['USDT', 0n],
        ['BTC', 0n],
      ]),
    });
  });

  it('charges the taker rate to a taking buyer, even when it rounds a tiny fill up to one unit', () => {
    const small = order('b2', 'buyer', ethBtc, { side: 'BUY', type: 'LIMIT', limitTicks: 50_000, lots: 1 });
    const maker = order('s2', 'seller', ethBtc, { side: 'SELL', type: 'LIMIT', limitTicks: 1, lots: 1 });
    const sut = unwrap(
      settleTrade({
        tradeId: 'x',
        priceTicks: 50_000,
        lots: 1,
        takerSide: 'BUY',
        buyOrder: small,
        sellOrder: maker,
      }),
    );
    expect(sut.buyerFee).toBe(25_000_000_000_000n); // 0.25 % of 0.01 ETH
    expect(sut.sellerFee).toBe(0n); // maker free
    expect(
      sut.transaction.entries.some((e) => e.account.owner === 'VENUE' && e.account.asset === 'BTC'),
    ).toBe(false);
  });

  it('settles a market buy by quote amount against its budget', () => {
    const marketBuy = order('b3', 'buyer', btcUsdt, {
      side: 'BUY',
      type: 'MARKET',
      quoteUnits: 1_000_000_000n,
    });
    const sut = unwrap(
      settleTrade({
        tradeId: 1,
        priceTicks: 3_000_000,
        lots: 30,
        takerSide: 'BUY',
        buyOrder: marketBuy,
        sellOrder: sell,
      }),
    );
    expect(sut.quoteUnits).toBe(900_000_000n);
    expect(sut.priceImprovement).toBe(0n);
    expect(sut.buyOrder.spentQuoteUnits).toBe(900_000_000n);
    expect(
      settleTrade({
        tradeId: 2,
        priceTicks: 3_000_000,
        lots: 4,
        takerSide: 'BUY',
        buyOrder: sut.buyOrder,
        sellOrder: sut.sellOrder,
      }),
    ).toMatchObject({ ok: false, code: WalletErrorCode.QUOTE_BUDGET_EXCEEDED });
  });

  it('settles a self-trade', () => {
    const own = order('s9', 'buyer', btcUsdt, {
      side: 'SELL',
      type: 'LIMIT',
      limitTicks: 3_000_000,
      lots: 1,
    });
    const sut = unwrap(
      settleTrade({
        tradeId: 9,
        priceTicks: 3_000_000,
        lots: 1,
        takerSide: 'BUY',
        buyOrder: buy,
        sellOrder: own,
      }),
    );
    expect(
      sut.transaction.entries.every((e) => e.account.owner === 'VENUE' || e.account.userId === 'buyer'),
    ).toBe(true);
  });

  it.each([
    [{ lots: 61 }, WalletErrorCode.OVERFILL],
    [{ priceTicks: 3_000_101 }, WalletErrorCode.PRICE_OUTSIDE_LIMIT],
    [{ priceTicks: 2_998_999 }, WalletErrorCode.PRICE_OUTSIDE_LIMIT],
    [{ priceTicks: 0 }, WalletErrorCode.INVALID_TRADE],
    [{ lots: 1.5 }, WalletErrorCode.INVALID_TRADE],
    [{ takerSide: 'BOTH' }, WalletErrorCode.INVALID_TRADE],
    [{ buyOrder: sell }, WalletErrorCode.SIDE_MISMATCH],
    [
      { sellOrder: order('s3', 'seller', ethBtc, { side: 'SELL', type: 'MARKET', lots: 1 }) },
      WalletErrorCode.MARKET_MISMATCH,
    ],
  ])('rejects %p', (override, code) => {
    const trade = {
      tradeId: 1,
      priceTicks: 3_000_000,
      lots: 60,
      takerSide: 'SELL' as const,
      buyOrder: buy,
      sellOrder: sell,
    };
    expect(settleTrade({ ...trade, ...(override as object) })).toMatchObject({ ok: false, code });
  });

  it('rejects a fill beyond what a buy order has left', () => {
    const big = order('s4', 'seller', btcUsdt, { side: 'SELL', type: 'MARKET', lots: 500 });
    expect(
      settleTrade({ tradeId: 1, priceTicks: 1, lots: 101, takerSide: 'SELL', buyOrder: buy, sellOrder: big }),
    ).toMatchObject({
      ok: false,
      code: WalletErrorCode.OVERFILL,
    });
  });

  it('refuses orders with a user id or asset the account keys cannot carry (checked once per trade)', () => {
    const trade = { tradeId: 1, priceTicks: 3_000_000, lots: 10, takerSide: 'SELL' as const };
    const badBuyer = { ...buy, userId: 'not valid' };
    expect(settleTrade({ ...trade, buyOrder: badBuyer, sellOrder: sell })).toMatchObject({
      ok: false,
      code: WalletErrorCode.INVALID_ACCOUNT,
    });
    const badSeller = { ...sell, userId: 'x'.repeat(65) };
    expect(settleTrade({ ...trade, buyOrder: buy, sellOrder: badSeller })).toMatchObject({
      ok: false,
      code: WalletErrorCode.INVALID_ACCOUNT,
    });
    expect(settleTrade({ ...trade, tradeId: 'a b', buyOrder: buy, sellOrder: sell })).toMatchObject({
      ok: false,
      code: WalletErrorCode.INVALID_TRANSACTION_ID,
    });
  });

  it('builds a transaction the checking validator accepts', () => {
    const settled = unwrap(
      settleTrade({
        tradeId: 7,
        priceTicks: 3_000_000,
        lots: 60,
        takerSide: 'BUY',
        buyOrder: buy,
        sellOrder: sell,
      }),
    );
    expect(validateTransaction(settled.transaction)).toEqual({ ok: true, value: settled.transaction });
  });
});
