import fc from 'fast-check';

import { KLINE_INTERVALS } from '@exchange/shared-contracts';

import { bucketStart, type Candle, CandleSeries, type CandleTrade, closeTime } from './candle.model';

const T0 = Date.UTC(2026, 10, 25, 23, 59, 0); // 23:59:00 UTC, a minute before a day boundary

describe(CandleSeries.name, () => {
  it('buckets by UTC boundaries of each interval', () => {
    expect(bucketStart(T0 + 59_999, '1m')).toBe(T0);
    expect(bucketStart(T0 + 60_000, '1m')).toBe(T0 + 60_000);
    expect(bucketStart(T0 + 59_999, '1d')).toBe(Date.UTC(2026, 10, 25));
    expect(bucketStart(T0 + 60_000, '1d')).toBe(Date.UTC(2026, 10, 26));
    expect(bucketStart(Date.UTC(2026, 10, 25, 7, 30), '4h')).toBe(Date.UTC(2026, 10, 25, 4));
    expect(bucketStart(Date.UTC(2026, 10, 25, 7, 44, 59, 999), '15m')).toBe(Date.UTC(2026, 10, 25, 7, 30));
    expect(closeTime({ openTime: T0, interval: '1m' })).toBe(T0 + 59_999);
  });

  it('keeps open, high, low, close, volumes and taker-buy volumes, and closes a candle at the next bucket', () => {
    const sut = new CandleSeries();
    sut.add({ ts: T0 + 1, price: 100, lots: 2, quote: 200n, takerSide: 'BUY' });
    sut.add({ ts: T0 + 2, price: 105, lots: 1, quote: 105n, takerSide: 'SELL' });
    sut.add({ ts: T0 + 59_999, price: 98, lots: 3, quote: 294n, takerSide: 'BUY' });
    const closed = sut.add({
      ts: T0 + 60_000,
      price: 99,
      lots: 1,
      quote: 99n,
      takerSide: 'SELL',
    });

    // Midnight UTC of Thursday 26 November closes every interval up to a day; the 3d bucket (24-26), week and
    // month stay open.
    expect(closed.map((c) => c.interval)).toEqual([
      '1m',
      '3m',
      '5m',
      '15m',
      '30m',
      '1h',
      '2h',
      '4h',
      '6h',
      '8h',
      '12h',
      '1d',
    ]);
    expect(sut.current('3d')).toMatchObject({ openTime: Date.UTC(2026, 10, 24), trades: 4 });
    expect(sut.current('1M')).toMatchObject({ openTime: Date.UTC(2026, 10, 1), trades: 4 });
    expect(closed[0]).toEqual({
      interval: '1m',
      openTime: T0,
      open: 100,
      high: 105,
      low: 98,
      close: 98,
      volume: 6n,
      quoteVolume: 599n,
      trades: 3,
      takerBuyVolume: 5n,
      takerBuyQuoteVolume: 494n,
    });
    expect(sut.current('1m')).toMatchObject({
      openTime: T0 + 60_000,
      open: 99,
      close: 99,
      volume: 1n,
      trades: 1,
    });
    expect(sut.current('1d')).toMatchObject({ openTime: Date.UTC(2026, 10, 26), trades: 1 });
  });

  it('counts a trade stamped before the open candle in the open candle', () => {
    const sut = new CandleSeries();
    sut.add({ ts: T0 + 60_000, price: 100, lots: 1, quote: 100n, takerSide: 'BUY' });
    const closed = sut.add({ ts: T0, price: 90, lots: 1, quote: 90n, takerSide: 'BUY' });
    expect(closed).toEqual([]);
    expect(sut.current('1m')).toMatchObject({ openTime: T0 + 60_000, low: 90, close: 90, trades: 2 });
  });

  it('gives every candle, open or closed, what a brute force over its trades gives, across a restore', () => {
    // The volumes are running sums of the series minus their value when each candle opened: check them, and the
    // prices and counts, against candles summed from scratch, with the series restored from its open candles
    // (what the stored state holds) at a random point.
    const trade = fc.record({
      gap: fc.integer({ min: -5_000, max: 3 * 86_400_000 }),
      price: fc.integer({ min: 1, max: 1_000 }),
      lots: fc.integer({ min: 1, max: 2 ** 40 }),
      quote: fc.bigInt({ min: 1n, max: 2n ** 70n }),
      buy: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(trade, { minLength: 1, maxLength: 60 }), fc.nat(), (steps, restoreAt) => {
        let ts = T0;
        const trades: CandleTrade[] = steps.map((s) => {
          ts += s.gap;
          return { ts, price: s.price, lots: s.lots, quote: s.quote, takerSide: s.buy ? 'BUY' : 'SELL' };
        });
        let sut = new CandleSeries();
        const closed: Candle[] = [];
        trades.forEach((t, i) => {
          if (i === restoreAt % trades.length) sut = new CandleSeries(sut.all());
          closed.push(...sut.add(t));
        });
        const expected = bruteForce(trades);
        for (const interval of KLINE_INTERVALS) {
          const all = expected.get(interval)!;
          expect(closed.filter((c) => c.interval === interval)).toEqual(all.slice(0, -1));
          expect(sut.current(interval)).toEqual(all.at(-1));
        }
        expect(sut.all()).toEqual(KLINE_INTERVALS.map((i) => expected.get(i)!.at(-1)));
      }),
      { numRuns: 300 },
    );
  });
});

/** Candles summed from scratch: a trade at or after the open candle's bucket end opens the next one. */
function bruteForce(trades: CandleTrade[]): Map<string, Candle[]> {
  const out = new Map<string, Candle[]>();
  for (const interval of KLINE_INTERVALS) {
    const candles: Candle[] = [];
    for (const t of trades) {
      let c = candles.at(-1);
      if (!c || t.ts > closeTime(c)) {
        c = {
          interval,
          openTime: bucketStart(t.ts, interval),
          open: t.price,
          high: t.price,
          low: t.price,
          close: t.price,
          volume: 0n,
          quoteVolume: 0n,
          trades: 0,
          takerBuyVolume: 0n,
          takerBuyQuoteVolume: 0n,
        };
        candles.push(c);
      }
      c.high = Math.max(c.high, t.price);
      c.low = Math.min(c.low, t.price);
      c.close = t.price;
      c.volume += BigInt(t.lots);
      c.quoteVolume += t.quote;
      c.trades += 1;
      if (t.takerSide === 'BUY') {
        c.takerBuyVolume += BigInt(t.lots);
        c.takerBuyQuoteVolume += t.quote;
      }
    }
    out.set(interval, candles);
  }
  return out;
}
