import { type DepthDiffMessage } from '@exchange/shared-contracts';

import { DepthBatch } from './depth-batch';

const diff = (
  U: number,
  u: number,
  bids: [string, string][],
  asks: [string, string][] = [],
): DepthDiffMessage => ({
  market: 'BTC-USDT',
  symbol: 'BTCUSDT',
  E: u * 10,
  U,
  u,
  bids,
  asks,
});

describe(DepthBatch.name, () => {
  it('merges contiguous diffs into one update covering every id, latest quantity per level', () => {
    const sut = new DepthBatch(diff(5, 6, [['1.00', '2']]));
    expect(
      sut.add(
        diff(
          7,
          9,
          [
            ['1.00', '0'],
            ['0.90', '1'],
          ],
          [['2.00', '4']],
        ),
      ),
    ).toBe(true);
    expect(sut.toEvent('BTCUSDT')).toEqual({
      e: 'depthUpdate',
      E: 90,
      s: 'BTCUSDT',
      U: 5,
      u: 9,
      b: [
        ['1.00', '0'],
        ['0.90', '1'],
      ],
      a: [['2.00', '4']],
    });
  });

  it('refuses a diff after a gap and keeps its own range', () => {
    const sut = new DepthBatch(diff(5, 6, [['1.00', '2']]));
    expect(sut.add(diff(8, 8, [['3.00', '1']]))).toBe(false);
    expect(sut.toEvent('BTCUSDT')).toMatchObject({ U: 5, u: 6, b: [['1.00', '2']] });
  });
});
