import { describe, expect, it } from 'vitest';

import { formatExact, formatVolume, isMarketPriced } from './format';

describe(formatVolume.name, () => {
  it("shows a base volume in the base asset's precision, trailing zeros dropped", () => {
    expect(formatVolume('0.00100000', 8)).toBe('0.001');
    expect(formatVolume('12.34567891', 8)).toBe('12.34567891');
    expect(formatVolume('1234.50000000', 8)).toBe('1,234.5');
  });

  it("shows a quote volume in the quote asset's precision, rounded down like every amount", () => {
    expect(formatVolume('30.000000', 6)).toBe('30');
    expect(formatVolume('1234567.1234569', 6)).toBe('1,234,567.123456');
    expect(formatVolume('0.0000009', 6)).toBe('0');
    expect(formatVolume('0', 6)).toBe('0');
  });

  it('keeps the zeros of a whole number and passes text that is not a number through', () => {
    expect(formatVolume('1000', 2)).toBe('1,000');
    expect(formatVolume('100.000', 0)).toBe('100');
    expect(formatVolume('n/a', 8)).toBe('n/a');
  });
});

describe(formatExact.name, () => {
  it('shows an amount exactly, grouped, without the trailing zeros of its precision (a fee)', () => {
    expect(formatExact('0.000071520000000000')).toBe('0.00007152');
    expect(formatExact('1234.500000')).toBe('1,234.5');
    expect(formatExact('0.000000')).toBe('0');
    expect(formatExact('42')).toBe('42');
  });
});

describe(isMarketPriced.name, () => {
  it('is true for the types that execute at market prices, whose price field is zero', () => {
    expect(['MARKET', 'STOP_LOSS', 'TAKE_PROFIT'].map(isMarketPriced)).toEqual([true, true, true]);
    expect(['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'].map(isMarketPriced)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
