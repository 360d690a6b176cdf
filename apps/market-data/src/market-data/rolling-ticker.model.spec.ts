import fc from 'fast-check';

import { AVG_PRICE_MINS, DAY_MS, RollingTicker } from './rolling-ticker.model';

const T = Date.UTC(2026, 10, 25, 12);

describe(RollingTicker.name, () => {
  it('keeps the trades of the last 24 hours and remembers the last one that left as the previous close', () => {
    const sut = new RollingTicker();
    sut.add({ id: 1, ts: T, price: 100, lots: 2, quote: 200n });
    sut.add({ id: 2, ts: T + 1000, price: 120, lots: 1, quote: 120n });
    sut.add({ id: 3, ts: T + DAY_MS, price: 90, lots: 4, quote: 360n });

    expect(sut.stats(T + DAY_MS)).toEqual({
      openTime: T,
      closeTime: T + DAY_MS,
      open: 120,
      high: 120,
      low: 90,
      last: 90,
      lastLots: 4,
      lastTradeTime: T + DAY_MS,
      prevClose: 100,
      volume: 5n,
      quoteVolume: 480n,
      count: 2,
      firstId: 2,
      lastId: 3,
    });
    expect(sut.stats(T + 3 * DAY_MS)).toMatchObject({
      count: 0,
      volume: 0n,
      open: 90,
      high: 90,
      last: 90,
      prevClose: 90,
      firstId: -1,
    });
  });

  it('keeps a shorter window when told: the 5 minutes of the average price', () => {
    const window = AVG_PRICE_MINS * 60_000;
    const sut = new RollingTicker(0, undefined, window);
    sut.add({ id: 1, ts: T, price: 100, lots: 1, quote: 100n });
    sut.add({ id: 2, ts: T + window, price: 110, lots: 3, quote: 330n });
    expect(sut.stats(T + window)).toMatchObject({
      openTime: T,
      count: 1,
      volume: 3n,
      quoteVolume: 330n,
      lastTradeTime: T + window,
    });
    expect(sut.stats(T + 2 * window)).toMatchObject({
      count: 0,
      volume: 0n,
      last: 110,
      lastTradeTime: T + window,
    });
  });

  it('starts the window of a market without events at the epoch', () => {
    expect(new RollingTicker().stats(0)).toMatchObject({ openTime: 0, closeTime: 0, count: 0, firstId: -1 });
  });

  it('gives the high and low of the trades in the window as time moves on, whatever the prices (property)', () => {
    const step = fc.record({
      gap: fc.integer({ min: 0, max: 40_000 }),
      price: fc.integer({ min: 1, max: 30 }),
      look: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), (steps) => {
        const window = 60_000;
        const sut = new RollingTicker(0, undefined, window);
        const all: { id: number; ts: number; price: number }[] = [];
        let ts = T;
        steps.forEach(({ gap, price, look }, i) => {
          ts += gap;
          if (look) {
            const inWindow = all.filter((t) => t.ts > ts - window).map((t) => t.price);
            const last = all[all.length - 1]?.price ?? 0;
            expect(sut.stats(ts)).toMatchObject({
              high: inWindow.length > 0 ? Math.max(...inWindow) : last,
              low: inWindow.length > 0 ? Math.min(...inWindow) : last,
              count: inWindow.length,
            });
          } else {
            all.push({ id: i + 1, ts, price });
            sut.add({ id: i + 1, ts, price, lots: 1, quote: BigInt(price) });
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
