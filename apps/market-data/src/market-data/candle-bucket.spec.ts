import fc from 'fast-check';

import { KLINE_INTERVALS, type KlineInterval } from '@exchange/shared-contracts';

import { bucketStart, closeTime, nextBucketStart } from './candle.model';

const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, ms);

describe(bucketStart.name, () => {
  // 2026-11-25 is a Wednesday; each row: interval, a time inside, the bucket's open time and close time.
  it.each<[KlineInterval, number, number, number]>([
    ['1m', at(2026, 11, 25, 13, 7, 59, 999), at(2026, 11, 25, 13, 7), at(2026, 11, 25, 13, 7, 59, 999)],
    ['3m', at(2026, 11, 25, 13, 8, 30), at(2026, 11, 25, 13, 6), at(2026, 11, 25, 13, 8, 59, 999)],
    ['5m', at(2026, 11, 25, 13, 9, 59, 999), at(2026, 11, 25, 13, 5), at(2026, 11, 25, 13, 9, 59, 999)],
    ['15m', at(2026, 11, 25, 13, 15), at(2026, 11, 25, 13, 15), at(2026, 11, 25, 13, 29, 59, 999)],
    ['30m', at(2026, 11, 25, 13, 59), at(2026, 11, 25, 13, 30), at(2026, 11, 25, 13, 59, 59, 999)],
    ['1h', at(2026, 11, 25, 13, 59), at(2026, 11, 25, 13), at(2026, 11, 25, 13, 59, 59, 999)],
    ['2h', at(2026, 11, 25, 13, 0), at(2026, 11, 25, 12), at(2026, 11, 25, 13, 59, 59, 999)],
    ['4h', at(2026, 11, 25, 7, 30), at(2026, 11, 25, 4), at(2026, 11, 25, 7, 59, 59, 999)],
    ['6h', at(2026, 11, 25, 17, 59), at(2026, 11, 25, 12), at(2026, 11, 25, 17, 59, 59, 999)],
    ['8h', at(2026, 11, 25, 23, 59), at(2026, 11, 25, 16), at(2026, 11, 25, 23, 59, 59, 999)],
    ['12h', at(2026, 11, 25, 11, 59), at(2026, 11, 25, 0), at(2026, 11, 25, 11, 59, 59, 999)],
    ['1d', at(2026, 11, 25, 23, 59, 59, 999), at(2026, 11, 25), at(2026, 11, 25, 23, 59, 59, 999)],
    // 2026-11-24 is day 20 781 = 3 × 6 927 after 1970-01-01: a 3d bucket starts there.
    ['3d', at(2026, 11, 25, 12), at(2026, 11, 24), at(2026, 11, 26, 23, 59, 59, 999)],
    ['1w', at(2026, 11, 25, 12), at(2026, 11, 23), at(2026, 11, 29, 23, 59, 59, 999)],
    ['1w', at(2026, 11, 29, 23, 59, 59, 999), at(2026, 11, 23), at(2026, 11, 29, 23, 59, 59, 999)],
    ['1w', at(2026, 11, 30), at(2026, 11, 30), at(2026, 12, 6, 23, 59, 59, 999)],
    // A week across a year end, and the weeks around the epoch (a Thursday).
    ['1w', at(2027, 1, 1, 8), at(2026, 12, 28), at(2027, 1, 3, 23, 59, 59, 999)],
    ['1w', at(1970, 1, 1), at(1969, 12, 29), at(1970, 1, 4, 23, 59, 59, 999)],
    ['1M', at(2026, 11, 25, 12), at(2026, 11, 1), at(2026, 11, 30, 23, 59, 59, 999)],
    ['1M', at(2026, 12, 31, 23, 59, 59, 999), at(2026, 12, 1), at(2026, 12, 31, 23, 59, 59, 999)],
    ['1M', at(2027, 1, 1), at(2027, 1, 1), at(2027, 1, 31, 23, 59, 59, 999)],
    ['1M', at(2027, 2, 14), at(2027, 2, 1), at(2027, 2, 28, 23, 59, 59, 999)],
    ['1M', at(2028, 2, 29, 12), at(2028, 2, 1), at(2028, 2, 29, 23, 59, 59, 999)],
  ])('%s: %i lies in the bucket %i..%i', (interval, ts, open, close) => {
    expect(bucketStart(ts, interval)).toBe(open);
    expect(closeTime({ openTime: open, interval })).toBe(close);
  });

  it('3d buckets are multiples of three days since the epoch', () => {
    expect(bucketStart(at(1970, 1, 3, 23, 59), '3d')).toBe(at(1970, 1, 1));
    expect(bucketStart(at(1970, 1, 4), '3d')).toBe(at(1970, 1, 4));
  });

  it('tiles time for every interval: buckets are contiguous, hold their times and start at their rule', () => {
    const interval = fc.constantFrom(...KLINE_INTERVALS);
    // 1970 to 2100.
    const ts = fc.integer({ min: 0, max: at(2100, 1, 1) });
    fc.assert(
      fc.property(interval, ts, (i, t) => {
        const open = bucketStart(t, i);
        const next = nextBucketStart(open, i);
        expect(open).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(next);
        expect(closeTime({ openTime: open, interval: i })).toBe(next - 1);
        expect(bucketStart(open, i)).toBe(open);
        expect(bucketStart(next, i)).toBe(next);
        expect(bucketStart(next - 1, i)).toBe(open);
        const date = new Date(open);
        if (i === '1w') expect(date.getUTCDay()).toBe(1);
        if (i === '1M') expect(date.getUTCDate()).toBe(1);
        if (['1d', '3d', '1w', '1M'].includes(i))
          expect(((open % 86_400_000) + 86_400_000) % 86_400_000).toBe(0);
      }),
      { numRuns: 5000 },
    );
  });
});
