import { describe, expect, it } from 'vitest';

import { groupingSteps, groupLevels, LocalOrderBook } from './order-book';

describe(groupLevels.name, () => {
  const bids = [
    ['30000.57', '0.5'],
    ['30000.12', '0.25'],
    ['29999.99', '1'],
    ['29990.00', '0'],
  ] as const;

  it('keeps levels as they are at the tick, best first, with cumulative depth', () => {
    expect(groupLevels(bids, '0.01', 'bid', 10)).toEqual([
      { price: '30000.57', quantity: '0.5', cumulative: '0.5', depthPercent: 28 },
      { price: '30000.12', quantity: '0.25', cumulative: '0.75', depthPercent: 42 },
      { price: '29999.99', quantity: '1', cumulative: '1.75', depthPercent: 100 },
    ]);
  });

  it('groups bids down and asks up to the step, summing exactly', () => {
    expect(groupLevels(bids, '1', 'bid', 10).map((l) => [l.price, l.quantity])).toEqual([
      ['30000', '0.75'],
      ['29999', '1'],
    ]);
    const asks = [
      ['30000.10', '0.1'],
      ['30000.20', '0.2'],
      ['30001.00', '0.3'],
    ] as const;
    expect(groupLevels(asks, '1', 'ask', 10).map((l) => [l.price, l.quantity])).toEqual([['30001', '0.6']]);
  });

  it('keeps only the best groups', () => {
    expect(groupLevels(bids, '0.01', 'bid', 1)).toHaveLength(1);
  });

  it('offers the tick and its multiples as steps', () => {
    expect(groupingSteps('0.010000')).toEqual(['0.01', '0.1', '1', '10']);
  });
});

describe(LocalOrderBook.name, () => {
  it('applies diffs that continue the snapshot and reports stale ones and gaps', () => {
    const sut = new LocalOrderBook();
    expect(sut.applyDiff({ U: 1, u: 1, b: [], a: [] })).toBe('gap');
    sut.loadSnapshot({ lastUpdateId: 10, bids: [['100.00', '1']], asks: [['101.00', '2']] });
    expect(sut.applyDiff({ U: 5, u: 10, b: [['100.00', '9']], a: [] })).toBe('stale');
    expect(
      sut.applyDiff({
        U: 9,
        u: 11,
        b: [
          ['100.00', '0'],
          ['99.50', '3'],
        ],
        a: [],
      }),
    ).toBe('applied');
    expect(sut.levels()).toEqual({ bids: [['99.5', '3']], asks: [['101', '2']] });
    expect(sut.applyDiff({ U: 13, u: 13, b: [], a: [] })).toBe('gap');
  });
});
