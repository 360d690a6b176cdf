import { describe, expect, it } from 'vitest';

import { formatVolume } from './format';

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
