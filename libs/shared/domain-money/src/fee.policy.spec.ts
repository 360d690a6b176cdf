import fc from 'fast-check';

import { MoneyInvariantError } from './errors/money-invariant.error';
import {
  createFeeSchedule,
  feeFor,
  feeRateFromBps,
  feeRateFromDecimal,
  feeRateToDecimal,
  PPM,
  splitFee,
  validateFeeRate,
  withFeeHeadroom,
} from './fee.policy';
import { MoneyErrorCode } from './money-error-code.enum';

describe(feeFor.name, () => {
  const sut = feeFor;

  it('rounds up for the venue', () => {
    expect(sut(1000n, 1000)).toBe(1n); // 0.1 % of 1000 = 1 exactly
    expect(sut(1001n, 1000)).toBe(2n); // 1.001 -> 2
    expect(sut(1n, 1)).toBe(1n); // any positive fee on a positive amount is at least one unit
    expect(sut(0n, 1000)).toBe(0n);
    expect(sut(12345n, 0)).toBe(0n);
    expect(sut(12345n, PPM)).toBe(12345n);
  });

  it('throws on a negative amount or an invalid rate: intake must have rejected them', () => {
    expect(() => sut(-1n, 1000)).toThrow(MoneyInvariantError);
    expect(() => sut(1n, 1.5)).toThrow(MoneyInvariantError);
    expect(() => sut(1n, PPM + 1)).toThrow(MoneyInvariantError);
  });

  it('is the smallest integer not below the exact fee, and never above the amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: PPM }),
        (amount, rate) => {
          const fee = sut(amount, rate);
          const exact = amount * BigInt(rate); // the fee × 1e6
          expect(fee * 1_000_000n >= exact).toBe(true);
          expect((fee - 1n) * 1_000_000n < exact).toBe(true);
          expect(fee >= 0n && fee <= amount).toBe(true);
        },
      ),
    );
  });
});

describe(splitFee.name, () => {
  it('never creates or destroys a unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: PPM }),
        (amount, rate) => {
          const { fee, net } = splitFee(amount, rate);
          expect(fee + net).toBe(amount);
          expect(net >= 0n).toBe(true);
        },
      ),
    );
  });
});

describe(withFeeHeadroom.name, () => {
  it('adds the rounded-up fee', () => {
    expect(withFeeHeadroom(1001n, 1000)).toBe(1003n);
  });
});

describe(validateFeeRate.name, () => {
  it.each([-1, 1.5, PPM + 1, '1000', Number.NaN])('rejects %p', (rate) => {
    expect(validateFeeRate(rate)).toMatchObject({ ok: false, code: MoneyErrorCode.INVALID_FEE_RATE });
  });
});

describe(feeRateFromBps.name, () => {
  it('converts basis points to ppm', () => {
    expect(feeRateFromBps(10)).toEqual({ ok: true, value: 1000 });
    expect(feeRateFromBps(7.5)).toMatchObject({ ok: false, code: MoneyErrorCode.INVALID_FEE_RATE });
    expect(feeRateFromBps(10001)).toMatchObject({ ok: false, code: MoneyErrorCode.INVALID_FEE_RATE });
  });
});

describe(feeRateFromDecimal.name, () => {
  it('reads Binance commission strings', () => {
    expect(feeRateFromDecimal('0.00100000')).toEqual({ ok: true, value: 1000 });
    expect(feeRateFromDecimal('0.00075')).toEqual({ ok: true, value: 750 });
    expect(feeRateFromDecimal('0.0000001')).toMatchObject({
      ok: false,
      code: MoneyErrorCode.INVALID_FEE_RATE,
    });
    expect(feeRateFromDecimal('1.5')).toMatchObject({ ok: false, code: MoneyErrorCode.INVALID_FEE_RATE });
  });
});

describe(feeRateToDecimal.name, () => {
  it('writes a rate in the forms Binance uses, each read back as the same rate', () => {
    expect(feeRateToDecimal(1000)).toBe('0.001000');
    expect(feeRateToDecimal(800, { trailingZeros: 'trim' })).toBe('0.0008');
    expect(feeRateToDecimal(0, { trailingZeros: 'trim' })).toBe('0');
    expect(feeRateToDecimal(750, { minFractionDigits: 8 })).toBe('0.00075000');
    expect(feeRateToDecimal(PPM)).toBe('1.000000');
    for (const ppm of [0, 1, 750, 1000, 123_456, PPM]) {
      expect(feeRateFromDecimal(feeRateToDecimal(ppm, { minFractionDigits: 8 }))).toEqual({
        ok: true,
        value: ppm,
      });
    }
  });
});

describe(createFeeSchedule.name, () => {
  it('validates both rates', () => {
    expect(createFeeSchedule({ makerPpm: 800, takerPpm: 1000 })).toEqual({
      ok: true,
      value: { makerPpm: 800, takerPpm: 1000 },
    });
    expect(createFeeSchedule({ makerPpm: -1, takerPpm: 1000 })).toMatchObject({
      ok: false,
      code: MoneyErrorCode.INVALID_FEE_RATE,
    });
  });
});
