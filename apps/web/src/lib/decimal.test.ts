import { describe, expect, it } from 'vitest';

import {
  add,
  compare,
  dec,
  div,
  formatAmount,
  fractionDigits,
  isMultipleOf,
  mul,
  parseDec,
  percentOf,
  rescale,
  roundToStep,
  subFloor,
  toFixed,
  toPlain,
} from './decimal';

describe('decimal strings', () => {
  it('parses plain unsigned decimals only', () => {
    expect(parseDec('30000.00000000')).toEqual({ units: 3000000000000n, scale: 8 });
    for (const bad of ['', '-1', '1e5', '.5', '5.', '1,000', 'abc', '0x10'])
      expect(parseDec(bad)).toBeUndefined();
  });

  it('adds and multiplies exactly where floats would not', () => {
    expect(toPlain(add(dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(toPlain(mul(dec('30000.01'), dec('0.0003')))).toBe('9.000003');
    expect(toPlain(subFloor(dec('1'), dec('1.5')))).toBe('0');
  });

  it('compares across scales', () => {
    expect(compare(dec('1.50'), dec('1.5'))).toBe(0);
    expect(compare(dec('0.0001'), dec('0.001'))).toBe(-1);
  });

  it('rounds down or up to a number of digits', () => {
    expect(toPlain(rescale(dec('1.2345'), 2, 'down'))).toBe('1.23');
    expect(toPlain(rescale(dec('1.2301'), 2, 'up'))).toBe('1.24');
    expect(toPlain(rescale(dec('1.2300'), 2, 'up'))).toBe('1.23');
    expect(toPlain(div(dec('10'), dec('3'), 4))).toBe('3.3333');
  });

  it('checks and rounds to a tick or step', () => {
    expect(isMultipleOf(dec('30000.01'), dec('0.01'))).toBe(true);
    expect(isMultipleOf(dec('30000.015'), dec('0.01'))).toBe(false);
    expect(toPlain(roundToStep(dec('30000.57'), dec('0.5'), 'down'))).toBe('30000.5');
    expect(toPlain(roundToStep(dec('30000.57'), dec('0.5'), 'up'))).toBe('30001');
  });

  it('formats for display with the precision asked', () => {
    expect(fractionDigits('0.01000000')).toBe(2);
    expect(fractionDigits('1.00000000')).toBe(0);
    expect(toFixed(dec('1.5'), 3)).toBe('1.500');
    expect(formatAmount('1234567.891', 2)).toBe('1,234,567.89');
    expect(percentOf(dec('1'), dec('4'))).toBe(25);
  });
});
