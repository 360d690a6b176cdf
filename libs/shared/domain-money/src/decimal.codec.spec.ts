import fc from 'fast-check';

import {
  formatBinanceDecimal,
  formatDecimal,
  MAX_DECIMAL_LENGTH,
  parseDecimal,
  parseDecimalParts,
} from './decimal.codec';
import { MoneyInvariantError } from './errors/money-invariant.error';
import { MoneyErrorCode } from './money-error-code.enum';

describe(parseDecimal.name, () => {
  const sut = parseDecimal;

  it.each([
    ['0', 2, 0n],
    ['1', 2, 100n],
    ['1.5', 2, 150n],
    ['1.05', 2, 105n],
    ['30000.01', 2, 3000001n],
    ['0.00000001', 8, 1n],
    ['007.10', 2, 710n],
    ['123', 0, 123n],
    ['1.000000000000000001', 18, 1000000000000000001n],
  ])('parses %s with %i decimals to %s minor units', (text, decimals, expected) => {
    expect(sut(text, decimals)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '',
    ' 1',
    '1 ',
    '+1',
    '.5',
    '5.',
    '1..2',
    '1.2.3',
    '1e3',
    '1E-2',
    '0x10',
    '1,000',
    '١',
    'NaN',
    'Infinity',
    '--1',
  ])('rejects the malformed %j', (text) => {
    expect(sut(text, 8)).toMatchObject({ ok: false, code: MoneyErrorCode.INVALID_DECIMAL_FORMAT });
  });

  it.each([1.5, 1n, null, undefined, {}, ['1']])('rejects the non-string %p', (value) => {
    expect(sut(value, 8)).toMatchObject({ ok: false, code: MoneyErrorCode.NOT_A_STRING });
  });

  it('rejects a sign unless negatives are allowed', () => {
    expect(sut('-1.5', 2)).toMatchObject({ ok: false, code: MoneyErrorCode.NEGATIVE_NOT_ALLOWED });
    expect(sut('-0', 2)).toMatchObject({ ok: false, code: MoneyErrorCode.NEGATIVE_NOT_ALLOWED });
    expect(sut('-1.5', 2, { allowNegative: true })).toEqual({ ok: true, value: -150n });
    expect(sut('-0', 2, { allowNegative: true })).toEqual({ ok: true, value: 0n });
  });

  it('rejects over-precise values instead of rounding', () => {
    expect(sut('1.005', 2)).toMatchObject({ ok: false, code: MoneyErrorCode.TOO_MANY_DECIMALS });
    expect(sut('1.50', 1)).toMatchObject({ ok: false, code: MoneyErrorCode.TOO_MANY_DECIMALS });
    expect(sut('1', 0)).toEqual({ ok: true, value: 1n });
    expect(sut('1.0', 0)).toMatchObject({ ok: false, code: MoneyErrorCode.TOO_MANY_DECIMALS });
  });

  it('accepts extra zero digits only when asked, and never extra non-zero digits', () => {
    expect(sut('30000.00000000', 2, { allowExcessZeros: true })).toEqual({ ok: true, value: 3000000n });
    expect(sut('1.00000001', 2, { allowExcessZeros: true })).toMatchObject({
      ok: false,
      code: MoneyErrorCode.TOO_MANY_DECIMALS,
    });
  });

  it('enforces a maximum and a length bound', () => {
    expect(sut('10.01', 2, { max: 1000n })).toMatchObject({
      ok: false,
      code: MoneyErrorCode.AMOUNT_OUT_OF_RANGE,
    });
    expect(sut('10.00', 2, { max: 1000n })).toEqual({ ok: true, value: 1000n });
    expect(sut('1'.repeat(MAX_DECIMAL_LENGTH + 1), 2)).toMatchObject({
      ok: false,
      code: MoneyErrorCode.DECIMAL_TOO_LONG,
    });
  });

  it.each([-1, 1.5, 37, Number.NaN])('rejects the asset decimals %p', (decimals) => {
    expect(sut('1', decimals)).toMatchObject({ ok: false, code: MoneyErrorCode.INVALID_ASSET_DECIMALS });
  });
});

describe(parseDecimalParts.name, () => {
  it('keeps the written scale', () => {
    expect(parseDecimalParts('1.2300')).toEqual({
      ok: true,
      value: { negative: false, digits: 12300n, scale: 4 },
    });
  });
});

describe(formatDecimal.name, () => {
  const sut = formatDecimal;

  it('pads to the asset decimals by default', () => {
    expect(sut(150n, 2)).toBe('1.50');
    expect(sut(1n, 8)).toBe('0.00000001');
    expect(sut(0n, 2)).toBe('0.00');
    expect(sut(123n, 0)).toBe('123');
    expect(sut(-5n, 2)).toBe('-0.05');
  });

  it('trims trailing zeros when asked', () => {
    expect(sut(150n, 2, { trailingZeros: 'trim' })).toBe('1.5');
    expect(sut(100n, 2, { trailingZeros: 'trim' })).toBe('1');
    expect(sut(0n, 8, { trailingZeros: 'trim' })).toBe('0');
  });

  it('pads to a minimum without dropping digits', () => {
    expect(sut(123456789n, 9, { trailingZeros: 'trim', minFractionDigits: 8 })).toBe('0.123456789');
  });

  it('throws on bad decimals: that is a bug in the caller', () => {
    expect(() => sut(1n, -1)).toThrow(MoneyInvariantError);
    expect(() => sut(1n, 37)).toThrow(MoneyInvariantError);
  });

  it('writes the same without options as with the default options, for any amount and decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.integer({ min: 0, max: 36 }),
        (units, decimals) => {
          expect(sut(units, decimals)).toBe(sut(units, decimals, {}));
        },
      ),
    );
  });
});

describe(formatBinanceDecimal.name, () => {
  it('prints 8 fractional digits the way Binance does', () => {
    expect(formatBinanceDecimal(3000000n, 2)).toBe('30000.00000000');
    expect(formatBinanceDecimal(100000n, 8)).toBe('0.00100000');
    expect(formatBinanceDecimal(0n, 6)).toBe('0.00000000');
  });

  it('keeps every significant digit of an 18-decimal asset', () => {
    expect(formatBinanceDecimal(1_000000001000000000n, 18)).toBe('1.000000001');
  });
});

describe('decimal round trip', () => {
  it('parse(format(x)) === x for every amount and scale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        (units, decimals) => {
          expect(parseDecimal(formatDecimal(units, decimals), decimals, { allowNegative: true })).toEqual({
            ok: true,
            value: units,
          });
          for (const trailingZeros of ['pad', 'trim'] as const) {
            const text = formatDecimal(units, decimals, { trailingZeros });
            expect(parseDecimal(text, decimals, { allowNegative: true })).toEqual({ ok: true, value: units });
          }
          expect(
            parseDecimal(formatBinanceDecimal(units, decimals), decimals, {
              allowNegative: true,
              allowExcessZeros: true,
            }),
          ).toEqual({
            ok: true,
            value: units,
          });
        },
      ),
    );
  });
});
