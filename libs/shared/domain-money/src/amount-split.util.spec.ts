import fc from 'fast-check';

import { splitEvenly, splitProportionally } from './amount-split.util';
import { MoneyInvariantError } from './errors/money-invariant.error';

describe(splitProportionally.name, () => {
  const sut = splitProportionally;

  it('gives the remainder to the largest fractional parts', () => {
    expect(sut(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(sut(10n, [1n, 2n])).toEqual([3n, 7n]);
    expect(sut(0n, [5n, 5n])).toEqual([0n, 0n]);
  });

  it('rejects what no split can serve', () => {
    expect(() => sut(-1n, [1n])).toThrow(MoneyInvariantError);
    expect(() => sut(1n, [])).toThrow(MoneyInvariantError);
    expect(() => sut(1n, [0n, 0n])).toThrow(MoneyInvariantError);
    expect(() => sut(1n, [1n, -1n])).toThrow(MoneyInvariantError);
  });

  it('sums to the amount exactly, each share within one unit of its exact part', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc
          .array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 8 })
          .filter((w) => w.some((x) => x > 0n)),
        (amount, weights) => {
          const shares = sut(amount, weights);
          const total = weights.reduce((a, b) => a + b, 0n);
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(amount);
          shares.forEach((share, i) => {
            const floor = (amount * weights[i]) / total;
            expect(share === floor || share === floor + 1n).toBe(true);
          });
        },
      ),
    );
  });
});

describe(splitEvenly.name, () => {
  it('splits into near-equal shares', () => {
    expect(splitEvenly(10n, 3)).toEqual([4n, 3n, 3n]);
    expect(() => splitEvenly(10n, 0)).toThrow(MoneyInvariantError);
  });
});
