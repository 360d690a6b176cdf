import fc from 'fast-check';

import { DEFAULT_MARKETS } from '../config/market-data.config';
import { MarketFormat } from './market-format';

const market = (id: string) => MarketFormat.create(DEFAULT_MARKETS.find((m) => m.market === id)!);

describe(MarketFormat.name, () => {
  it('writes ticks, lots and quote units as Binance decimals on each default market', () => {
    const btc = market('BTC-USDT');
    expect([
      btc.symbol,
      btc.price(3_000_001),
      btc.quantity(15),
      btc.quote(btc.quoteUnits(3_000_001, 15)),
    ]).toEqual(['BTCUSDT', '30000.01000000', '0.00150000', '45.00001500']);
    const ethBtc = market('ETH-BTC');
    expect([
      ethBtc.price(52_345),
      ethBtc.quantity(150),
      ethBtc.quote(ethBtc.quoteUnits(52_345, 150)),
    ]).toEqual(['0.05234500', '1.50000000', '0.07851750']);
    expect(market('ETH-USDT').quantity(1n)).toBe('0.00010000');
  });

  it('reads its own strings back', () => {
    const sut = market('BTC-USDT');
    expect([sut.ticks('30000.01000000'), sut.lots('0.00150000'), sut.quoteFromText('45.00001500')]).toEqual([
      3_000_001,
      15,
      45_000_015n,
    ]);
  });

  it('computes the percent change (3 digits, toward zero) and the weighted average price (8 digits, down)', () => {
    const sut = market('BTC-USDT');
    expect(sut.percentChange(3_000_000, 2_970_000)).toBe('-1.000');
    expect(sut.percentChange(3_000_000, 3_000_001)).toBe('0.000');
    expect(sut.percentChange(300, 301)).toBe('0.333');
    expect(sut.percentChange(0, 5)).toBe('0.000');
    // 1 lot at 100.00 and 2 lots at 100.01: (10000 + 20002) / 3 ticks = 100.00666666…
    expect(sut.averagePrice(sut.quoteUnits(10_000, 1) + sut.quoteUnits(10_001, 2), 3n)).toBe('100.00666666');
    expect(sut.averagePrice(0n, 0n)).toBe('0.00000000');
  });

  it('writes a price the same from its cache as the first time, also after the cache was emptied', () => {
    const sut = market('BTC-USDT');
    const fresh = (ticks: number) => market('BTC-USDT').price(ticks);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 50 }),
        (ticks) => {
          for (const t of [...ticks, ...ticks]) expect(sut.price(t)).toBe(fresh(t));
        },
      ),
      { numRuns: 200 },
    );
    // More distinct prices than the cache holds: it is emptied and filled again, the strings stay right.
    for (let t = 0; t < 20_000; t++) sut.price(t);
    for (const t of [0, 1, 16_383, 16_384, 19_999, 3_000_001]) expect(sut.price(t)).toBe(fresh(t));
  });

  it('writes a quantity the same from its cache as uncached (a bigint), also after the cache was emptied', () => {
    const sut = market('ETH-BTC');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { minLength: 1, maxLength: 50 }), (lots) => {
        for (const l of [...lots, ...lots]) expect(sut.quantity(l)).toBe(sut.quantity(BigInt(l)));
      }),
      { numRuns: 200 },
    );
    for (let l = 0; l < 20_000; l++) sut.quantity(l);
    for (const l of [0, 1, 16_383, 16_384, 19_999, 2 ** 45])
      expect(sut.quantity(l)).toBe(sut.quantity(BigInt(l)));
  });

  it('refuses a grid that cannot settle exactly', () => {
    expect(() =>
      MarketFormat.create({
        market: 'BTC-USDT',
        baseDecimals: 8,
        quoteDecimals: 6,
        tickSize: '0.01',
        stepSize: '0.00001',
      }),
    ).toThrow(/TICK|whole number/i);
  });
});
