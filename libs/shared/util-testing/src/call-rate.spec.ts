import { measureCalls, percentile } from './call-rate';

describe(percentile.name, () => {
  it('takes the nearest rank below, and the last value for p = 1', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0.5)).toBe(6);
    expect(percentile(sorted, 0.99)).toBe(10);
    expect(percentile(sorted, 1)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
  });
});

describe(measureCalls.name, () => {
  it('makes every call once, never more than `concurrency` at a time', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let most = 0;
    const rate = await measureCalls(20, 3, async (i) => {
      seen.push(i);
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
    expect(rate.perSecond).toBeGreaterThan(0);
    expect(rate.p99).toBeGreaterThanOrEqual(rate.p50);
  });
});
