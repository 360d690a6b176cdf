import fc from 'fast-check';

import { MoneyInvariantError } from './errors/money-invariant.error';
import {
  createMarketScale,
  fillQuoteUnits,
  lotsToBaseUnits,
  lotsToQuantity,
  type MarketScale,
  type MarketScaleConfig,
  priceToTicks,
  quantityToLots,
  ticksToPrice,
} from './market-scale.model';
import { MoneyErrorCode } from './money-error-code.enum';

const btcUsdt: MarketScaleConfig = {
  base: { code: 'BTC', decimals: 8 },
  quote: { code: 'USDT', decimals: 6 },
  tickSize: '0.01',
  stepSize: '0.001',
};

function scaleOf(config: MarketScaleConfig): MarketScale {
  const result = createMarketScale(config);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe(createMarketScale.name, () => {
  const sut = createMarketScale;

  it('derives the integer grid of BTC-USDT', () => {
    expect(sut(btcUsdt)).toEqual({
      ok: true,
      value: expect.objectContaining({
        tickSize: '0.01',
        stepSize: '0.001',
        tickUnits: 1n,
        tickScale: 2,
        lotBaseUnits: 100000n,
        // 0.01 USDT × 0.001 BTC = 0.00001 USDT = 10 minor units
        quoteUnitsPerTickLot: 10n,
      }),
    });
  });

  it('canonicalises Binance-style sizes', () => {
    const scale = scaleOf({ ...btcUsdt, tickSize: '0.01000000', stepSize: '0.00100000' });
    expect(scale.tickSize).toBe('0.01');
    expect(scale.stepSize).toBe('0.001');
    expect(scale.lotBaseUnits).toBe(100000n);
    expect(scale.quoteUnitsPerTickLot).toBe(10n);
  });

  it('accepts a tick finer than a quote minor unit when tick × step is whole', () => {
    const scale = scaleOf({
      base: { code: 'SHIB', decimals: 2 },
      quote: { code: 'USDT', decimals: 6 },
      tickSize: '0.00000001',
      stepSize: '1000',
    });
    expect(scale.quoteUnitsPerTickLot).toBe(10n);
  });

  it('rejects a tick × step that is not a whole number of quote minor units', () => {
    // 0.01 USDT × 0.00001 BTC = 0.0000001 USDT = 0.1 of a 6-decimal minor unit
    expect(sut({ ...btcUsdt, stepSize: '0.00001' })).toMatchObject({
      ok: false,
      code: MoneyErrorCode.TICK_LOT_NOT_IN_QUOTE_UNITS,
    });
  });

  it('rejects a step finer than a base minor unit', () => {
    expect(sut({ ...btcUsdt, stepSize: '0.000000001' })).toMatchObject({
      ok: false,
      code: MoneyErrorCode.STEP_NOT_IN_BASE_UNITS,
    });
  });

  it.each([
    [{ tickSize: '0' }, MoneyErrorCode.INVALID_TICK_SIZE],
    [{ tickSize: '-0.01' }, MoneyErrorCode.INVALID_TICK_SIZE],
    [{ tickSize: '1e-2' }, MoneyErrorCode.INVALID_TICK_SIZE],
    [{ stepSize: '0.000' }, MoneyErrorCode.INVALID_STEP_SIZE],
    [{ base: { code: 'btc', decimals: 8 } }, MoneyErrorCode.INVALID_ASSET_CODE],
    [{ quote: { code: 'USDT', decimals: 40 } }, MoneyErrorCode.INVALID_ASSET_DECIMALS],
    [{ quote: { code: 'BTC', decimals: 8 } }, MoneyErrorCode.SAME_BASE_AND_QUOTE],
  ])('rejects %p', (override, code) => {
    expect(sut({ ...btcUsdt, ...override } as MarketScaleConfig)).toMatchObject({ ok: false, code });
  });
});

describe(priceToTicks.name, () => {
  const scale = scaleOf(btcUsdt);

  it('converts prices on the tick grid, trailing zeros included', () => {
    expect(priceToTicks(scale, '30000.01')).toEqual({ ok: true, value: 3000001 });
    expect(priceToTicks(scale, '30000.00000000')).toEqual({ ok: true, value: 3000000 });
    expect(priceToTicks(scale, '15000')).toEqual({ ok: true, value: 1500000 });
  });

  it.each([
    ['30000.005', MoneyErrorCode.PRICE_NOT_ON_TICK],
    ['0', MoneyErrorCode.NOT_POSITIVE],
    ['0.00', MoneyErrorCode.NOT_POSITIVE],
    ['-1', MoneyErrorCode.NEGATIVE_NOT_ALLOWED],
    ['1e4', MoneyErrorCode.INVALID_DECIMAL_FORMAT],
    ['999999999999999999', MoneyErrorCode.TICKS_OUT_OF_RANGE],
  ])('rejects %s', (price, code) => {
    expect(priceToTicks(scale, price)).toMatchObject({ ok: false, code });
  });

  it('works on a grid that is not a power of ten', () => {
    const fives = scaleOf({ ...btcUsdt, tickSize: '0.05', stepSize: '0.001' });
    expect(priceToTicks(fives, '1.15')).toEqual({ ok: true, value: 23 });
    expect(priceToTicks(fives, '1.12')).toMatchObject({ ok: false, code: MoneyErrorCode.PRICE_NOT_ON_TICK });
  });
});

describe(quantityToLots.name, () => {
  const scale = scaleOf(btcUsdt);

  it('converts quantities on the step grid', () => {
    expect(quantityToLots(scale, '0.001')).toEqual({ ok: true, value: 1 });
    expect(quantityToLots(scale, '1.25000000')).toEqual({ ok: true, value: 1250 });
  });

  it.each([
    ['0.0015', MoneyErrorCode.QUANTITY_NOT_ON_STEP],
    ['0.000000001', MoneyErrorCode.QUANTITY_NOT_ON_STEP],
    ['0', MoneyErrorCode.NOT_POSITIVE],
    ['-0.001', MoneyErrorCode.NEGATIVE_NOT_ALLOWED],
    ['1'.repeat(20), MoneyErrorCode.LOTS_OUT_OF_RANGE],
  ])('rejects %s', (quantity, code) => {
    expect(quantityToLots(scale, quantity)).toMatchObject({ ok: false, code });
  });
});

describe(fillQuoteUnits.name, () => {
  const scale = scaleOf(btcUsdt);

  it('computes price × quantity exactly in quote minor units', () => {
    // 30000.01 USDT × 0.123 BTC = 3690.00123 USDT
    expect(fillQuoteUnits(scale, 3000001, 123)).toBe(3690_001230n);
  });

  it('stays exact beyond 2^53', () => {
    const ticks = Number.MAX_SAFE_INTEGER;
    expect(fillQuoteUnits(scale, ticks, ticks)).toBe(BigInt(ticks) * BigInt(ticks) * 10n);
  });

  it('throws on counts intake should have rejected', () => {
    expect(() => fillQuoteUnits(scale, 1.5, 1)).toThrow(MoneyInvariantError);
    expect(() => fillQuoteUnits(scale, -1, 1)).toThrow(MoneyInvariantError);
  });

  it('agrees with the decimal product for any grid point', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: 1, max: 10 ** 9 }),
        (ticks, lots) => {
          const price = priceToTicks(scale, ticksToPrice(scale, ticks));
          const quantity = quantityToLots(scale, lotsToQuantity(scale, lots));
          expect(price).toEqual({ ok: true, value: ticks });
          expect(quantity).toEqual({ ok: true, value: lots });
          // price (ticks/100 USDT) × quantity (lots/1000 BTC) × 10^6 = ticks × lots × 10
          expect(fillQuoteUnits(scale, ticks, lots)).toBe(BigInt(ticks) * BigInt(lots) * 10n);
        },
      ),
    );
  });
});

describe(ticksToPrice.name, () => {
  const scale = scaleOf(btcUsdt);

  it('formats prices padded to the tick, or trimmed, or Binance style', () => {
    expect(ticksToPrice(scale, 3000000)).toBe('30000.00');
    expect(ticksToPrice(scale, 3000010, { trailingZeros: 'trim' })).toBe('30000.1');
    expect(ticksToPrice(scale, 3000000, { trailingZeros: 'trim', minFractionDigits: 8 })).toBe(
      '30000.00000000',
    );
  });
});

describe(lotsToQuantity.name, () => {
  const scale = scaleOf(btcUsdt);

  it('formats quantities at the base decimals', () => {
    expect(lotsToQuantity(scale, 1)).toBe('0.00100000');
    expect(lotsToQuantity(scale, 1, { trailingZeros: 'trim' })).toBe('0.001');
    expect(lotsToBaseUnits(scale, 3)).toBe(300000n);
  });
});
