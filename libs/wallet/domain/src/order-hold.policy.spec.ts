import { btcUsdt, order, unwrap } from '../test/wallet.fixtures';
import { availableAccount, heldAccount } from './account-key.model';
import {
  buildOrderHold,
  buildOrderRelease,
  holdAsset,
  lotsTakeableAt,
  openOrder,
  type OrderSpec,
  recordFill,
  remainingNeed,
} from './order-hold.policy';
import { WalletErrorCode } from './wallet-error-code.enum';

describe(remainingNeed.name, () => {
  it('holds price × quantity plus taker-fee headroom for a limit buy', () => {
    // 30000.00 × 0.123 BTC = 3690 USDT = 3_690_000_000 units; 0.1 % headroom = 3_690_000
    const buy = order('o1', 'u1', btcUsdt, { side: 'BUY', type: 'LIMIT', limitTicks: 3_000_000, lots: 123 });
    expect(holdAsset(buy)).toBe('USDT');
    expect(remainingNeed(buy)).toBe(3_690_000_000n + 3_690_000n);
  });

  it('rounds the headroom up', () => {
    // 0.01 × 0.001 = 10 units; 0.1 % of 10 = 0.01 -> 1
    const buy = order('o1', 'u1', btcUsdt, { side: 'BUY', type: 'LIMIT', limitTicks: 1, lots: 1 });
    expect(remainingNeed(buy)).toBe(11n);
  });

  it('holds the quote budget plus headroom for a market buy by quote amount', () => {
    const buy = order('o1', 'u1', btcUsdt, { side: 'BUY', type: 'MARKET', quoteUnits: 100_000_000n });
    expect(remainingNeed(buy)).toBe(100_100_000n);
    expect(remainingNeed(recordFill(buy, 3_000_000, 1))).toBe(withHeadroom(100_000_000n - 30_000_000n));
  });

  it('holds the base quantity for a sell, limit or market', () => {
    const sell = order('o1', 'u1', btcUsdt, { side: 'SELL', type: 'LIMIT', limitTicks: 1, lots: 5 });
    expect(holdAsset(sell)).toBe('BTC');
    expect(remainingNeed(sell)).toBe(500_000n);
    expect(remainingNeed(order('o2', 'u1', btcUsdt, { side: 'SELL', type: 'MARKET', lots: 5 }))).toBe(
      500_000n,
    );
    expect(remainingNeed(recordFill(sell, 1, 2))).toBe(300_000n);
    expect(remainingNeed(recordFill(sell, 1, 5))).toBe(0n);
  });

  it('keeps the headroom rate of placement when the market fees change later', () => {
    const buy = order('o1', 'u1', btcUsdt, { side: 'BUY', type: 'LIMIT', limitTicks: 100, lots: 10 });
    const repriced = { ...buy, market: { ...btcUsdt, fees: { makerPpm: 0, takerPpm: 0 } } };
    expect(remainingNeed(repriced)).toBe(remainingNeed(buy));
  });
});

function withHeadroom(amount: bigint): bigint {
  return amount + (amount * 1000n + 999_999n) / 1_000_000n;
}

describe(lotsTakeableAt.name, () => {
  it('is the remaining lots of an order sized in lots, whatever the price', () => {
    const sell = order('o1', 'u1', btcUsdt, { side: 'SELL', type: 'LIMIT', limitTicks: 1, lots: 5 });
    expect(lotsTakeableAt(recordFill(sell, 1, 2), 3_000_000)).toBe(3);
    expect(lotsTakeableAt(order('o2', 'u1', btcUsdt, { side: 'SELL', type: 'MARKET', lots: 7 }), 9)).toBe(7);
  });

  it("is what a market buy's unspent quote buys at the price, in whole lots", () => {
    // 100 USDT budget; one lot (0.001 BTC) at 30000.00 is 30 USDT: 3 lots, 10 USDT left over.
    const buy = order('o1', 'u1', btcUsdt, { side: 'BUY', type: 'MARKET', quoteUnits: 100_000_000n });
    expect(lotsTakeableAt(buy, 3_000_000)).toBe(3);
    // After a fill of one lot at 30000.00, 70 USDT buy two lots at 30000.00 and seven at 10000.00.
    expect(lotsTakeableAt(recordFill(buy, 3_000_000, 1), 3_000_000)).toBe(2);
    expect(lotsTakeableAt(recordFill(buy, 3_000_000, 1), 1_000_000)).toBe(7);
  });
});

describe(openOrder.name, () => {
  it.each<[string, OrderSpec]>([
    ['zero lots', { side: 'BUY', type: 'LIMIT', limitTicks: 1, lots: 0 }],
    ['fractional ticks', { side: 'SELL', type: 'LIMIT', limitTicks: 1.5, lots: 1 }],
    ['unsafe lots', { side: 'SELL', type: 'MARKET', lots: 2 ** 53 }],
    ['a zero quote budget', { side: 'BUY', type: 'MARKET', quoteUnits: 0n }],
    ['a bad side', { side: 'HOLD', type: 'LIMIT', limitTicks: 1, lots: 1 } as unknown as OrderSpec],
  ])('rejects %s', (_, spec) => {
    expect(openOrder({ orderId: 'o1', userId: 'u1', market: btcUsdt, spec })).toMatchObject({
      ok: false,
      code: WalletErrorCode.INVALID_ORDER,
    });
  });

  it('rejects an unknown order type', () => {
    const spec = { side: 'BUY', type: 'STOP', lots: 1 } as unknown as OrderSpec;
    expect(openOrder({ orderId: 'o1', userId: 'u1', market: btcUsdt, spec })).toMatchObject({
      ok: false,
      code: WalletErrorCode.UNSUPPORTED_ORDER,
    });
  });
});

describe(buildOrderHold.name, () => {
  it('moves the need from available to held', () => {
    const buy = order('o1', 'u1', btcUsdt, { side: 'BUY', type: 'LIMIT', limitTicks: 1, lots: 1 });
    expect(unwrap(buildOrderHold(buy))).toEqual({
      id: 'order-hold:o1',
      kind: 'ORDER_HOLD',
      entries: [
        { account: availableAccount('u1', 'USDT'), amount: -11n },
        { account: heldAccount('u1', 'USDT'), amount: 11n },
      ],
    });
  });
});

describe(buildOrderRelease.name, () => {
  it('returns what is left when an order ends, and nothing when nothing is left', () => {
    const sell = order('o1', 'u1', btcUsdt, { side: 'SELL', type: 'LIMIT', limitTicks: 1, lots: 5 });
    expect(unwrap(buildOrderRelease(recordFill(sell, 1, 2)))).toEqual({
      id: 'order-release:o1',
      kind: 'ORDER_RELEASE',
      entries: [
        { account: heldAccount('u1', 'BTC'), amount: -300_000n },
        { account: availableAccount('u1', 'BTC'), amount: 300_000n },
      ],
    });
    expect(buildOrderRelease(recordFill(sell, 1, 5))).toEqual({ ok: true, value: undefined });
  });
});
