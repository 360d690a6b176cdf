import { EXCHANGE_INFO } from './exchange-info.fixture';
import { marketSpecs, minimumLots } from './market-spec';
import {
  inventoryPpm,
  planRequote,
  PPM,
  type Quote,
  quoteLadder,
  type QuotingConfig,
  requoteTolerance,
} from './quoting';

const btc = marketSpecs(EXCHANGE_INFO).get('BTCUSDT')!;
const config: QuotingConfig = {
  levels: 3,
  spreadBps: 10,
  levelSpacingBps: 5,
  sizeMultiplier: 2,
  maxSkewBps: 20,
};
const REF = 3_000_000n; // 30000.00

describe(quoteLadder.name, () => {
  it('quotes levels symmetrically around the reference when flat', () => {
    const sut = quoteLadder(btc, REF, 0n, config);
    // half spread 5 bps of 3 000 000 ticks = 1500 ticks; spacing 5 bps = 1500 ticks
    expect(sut.filter((q) => q.side === 'BUY').map((q) => q.ticks)).toEqual([
      2_998_500n,
      2_997_000n,
      2_995_500n,
    ]);
    expect(sut.filter((q) => q.side === 'SELL').map((q) => q.ticks)).toEqual([
      3_001_500n,
      3_003_000n,
      3_004_500n,
    ]);
    for (const q of sut) expect(q.lots).toBe(minimumLots(btc, q.ticks) * 2n);
  });

  it('moves the ladder down and shrinks the bids when long, up and shrinks the asks when short', () => {
    const flat = quoteLadder(btc, REF, 0n, config);
    const long = quoteLadder(btc, REF, PPM / 2n, config);
    const short = quoteLadder(btc, REF, -PPM, config);
    const best = (quotes: Quote[], side: string) => quotes.find((q) => q.side === side)!;
    // full skew 20 bps = 6000 ticks; half of it when half way to the limit
    expect(best(long, 'BUY').ticks).toBe(best(flat, 'BUY').ticks - 3000n);
    expect(best(long, 'SELL').ticks).toBe(best(flat, 'SELL').ticks - 3000n);
    expect(best(short, 'SELL').ticks).toBe(best(flat, 'SELL').ticks + 6000n);
    expect(best(long, 'BUY').lots).toBeLessThan(best(flat, 'BUY').lots);
    expect(best(long, 'SELL').lots).toBe(minimumLots(btc, best(long, 'SELL').ticks) * 2n);
    // at the short limit the asks are down to the minimum order
    expect(best(short, 'SELL').lots).toBe(minimumLots(btc, best(short, 'SELL').ticks));
  });

  it('keeps the ladder on a grid of the level spacing: a move within a level changes nothing', () => {
    // spacing 1500 ticks: a reference 700 ticks off the grid quotes the same ladder as the grid point.
    const prices = (reference: bigint) =>
      quoteLadder(btc, reference, 0n, config).map((q) => `${q.side}@${q.ticks}`);
    expect(prices(REF + 700n)).toEqual(prices(REF));
    expect(prices(REF - 700n)).toEqual(prices(REF));
    // Past half a level it is the next grid point's ladder, one level up.
    const up = quoteLadder(btc, REF + 800n, 0n, config);
    expect(up.map((q) => q.ticks)).toEqual(quoteLadder(btc, REF, 0n, config).map((q) => q.ticks + 1500n));
  });

  it('moves a deep ladder by placing one order a side: the other levels rest where they were', () => {
    const deep = { ...config, levels: 10 };
    const working = quoteLadder(btc, REF, 0n, deep).map((q, id) => ({ id, ...q }));
    const moved = quoteLadder(btc, REF + 1_600n, 0n, deep);
    const plan = planRequote(working, moved, requoteTolerance(REF + 1_600n, deep));
    expect(plan.place.map((q) => `${q.side}@${q.ticks}`)).toEqual(['BUY@3000000', 'SELL@3016500']);
    expect(plan.cancel.map((o) => `${o.side}@${o.ticks}`)).toEqual(['SELL@3001500', 'BUY@2985000']);
    expect(plan.amend).toEqual([]);
  });

  it('keeps at least one tick of half spread and level spacing on a coarse grid', () => {
    const sut = quoteLadder(btc, 100n, 0n, { ...config, levels: 2 });
    expect(sut.map((q) => `${q.side}@${q.ticks}`)).toEqual(['BUY@99', 'SELL@101', 'BUY@98', 'SELL@102']);
  });

  it('leaves out bids that would be at zero or below', () => {
    const sut = quoteLadder(btc, 2n, 0n, { ...config, levels: 3 });
    expect(sut.filter((q) => q.side === 'BUY').map((q) => q.ticks)).toEqual([1n]);
  });
});

describe(inventoryPpm.name, () => {
  it('is the position as a share of the limit, clamped to ±1 000 000', () => {
    expect(inventoryPpm(5n, 20n)).toBe(250_000n);
    expect(inventoryPpm(-50n, 20n)).toBe(-PPM);
    expect(() => inventoryPpm(1n, 0n)).toThrow(/limit/);
  });
});

describe(planRequote.name, () => {
  const wanted: Quote[] = [
    { side: 'BUY', ticks: 100n, lots: 4n },
    { side: 'SELL', ticks: 110n, lots: 4n },
  ];

  it('keeps orders still wanted, cancels moved or mostly taken ones and duplicates, places the missing', () => {
    const working = [
      { id: 1, side: 'BUY' as const, ticks: 100n, lots: 4n },
      { id: 2, side: 'BUY' as const, ticks: 100n, lots: 4n },
      { id: 3, side: 'SELL' as const, ticks: 111n, lots: 4n },
    ];
    const sut = planRequote(working, wanted);
    expect(sut.cancel.map((o) => o.id)).toEqual([2, 3]);
    expect(sut.amend).toEqual([]);
    expect(sut.place).toEqual([{ side: 'SELL', ticks: 110n, lots: 4n }]);
  });

  it('keeps orders within the tolerance of a level, one order per level', () => {
    const working = [
      { id: 1, side: 'BUY' as const, ticks: 102n, lots: 4n },
      { id: 2, side: 'BUY' as const, ticks: 99n, lots: 4n },
      { id: 3, side: 'SELL' as const, ticks: 113n, lots: 4n },
    ];
    const sut = planRequote(working, wanted, 2n);
    expect(sut.cancel.map((o) => o.id)).toEqual([2, 3]);
    expect(sut.place).toEqual([{ side: 'SELL', ticks: 110n, lots: 4n }]);
    expect(requoteTolerance(REF, config)).toBe(750n);
  });

  it('amends a kept order holding more than its level down to the level, keeping its place', () => {
    const working = [
      { id: 1, side: 'BUY' as const, ticks: 100n, lots: 7n },
      { id: 2, side: 'SELL' as const, ticks: 110n, lots: 4n },
    ];
    const sut = planRequote(working, wanted);
    expect(sut.amend.map(({ order, lots }) => [order.id, lots])).toEqual([[1, 4n]]);
    expect(sut.cancel).toEqual([]);
    expect(sut.place).toEqual([]);
  });

  it('replaces a level with less than half its size left', () => {
    const sut = planRequote([{ id: 1, side: 'BUY' as const, ticks: 100n, lots: 1n }], wanted);
    expect(sut.cancel.map((o) => o.id)).toEqual([1]);
    expect(sut.place).toHaveLength(2);
  });
});
