import { bucketStart, CandleSeries, closeTime } from './candle.model';

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
    const { updated, closed } = sut.add({
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
    expect(updated[0]).toMatchObject({ openTime: T0 + 60_000, open: 99, close: 99, volume: 1n, trades: 1 });
    expect(sut.current('1d')).toMatchObject({ openTime: Date.UTC(2026, 10, 26), trades: 1 });
  });

  it('counts a trade stamped before the open candle in the open candle', () => {
    const sut = new CandleSeries();
    sut.add({ ts: T0 + 60_000, price: 100, lots: 1, quote: 100n, takerSide: 'BUY' });
    const { closed } = sut.add({ ts: T0, price: 90, lots: 1, quote: 90n, takerSide: 'BUY' });
    expect(closed).toEqual([]);
    expect(sut.current('1m')).toMatchObject({ openTime: T0 + 60_000, low: 90, close: 90, trades: 2 });
  });
});
