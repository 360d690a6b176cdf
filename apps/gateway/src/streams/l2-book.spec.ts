import { L2Book } from './l2-book';

describe(L2Book.name, () => {
  it('orders levels by exact price, replaces and removes them as diffs say', () => {
    const sut = L2Book.fromSnapshot({
      lastUpdateId: 10,
      bids: [
        ['9.50', '1'],
        ['10.00', '2'],
      ],
      asks: [
        ['100.00', '1'],
        ['11.00', '3'],
      ],
    });
    sut.apply(
      12,
      [
        ['9.50', '0'],
        ['9.99', '5'],
      ],
      [['10.50', '1']],
    );
    expect(sut.top(5)).toEqual({
      lastUpdateId: 12,
      bids: [
        ['10.00', '2'],
        ['9.99', '5'],
      ],
      asks: [
        ['10.50', '1'],
        ['11.00', '3'],
        ['100.00', '1'],
      ],
    });
    expect(sut.top(1).asks).toEqual([['10.50', '1']]);
  });

  it('treats "0.000" as a removal and refuses prices that are not decimals', () => {
    const sut = new L2Book(0);
    sut.apply(1, [['1.0', '2']], []);
    sut.apply(2, [['1.00', '0.000']], []);
    expect(sut.bids.size).toBe(0);
    expect(() => sut.apply(3, [['abc', '1']], [])).toThrow(/bad price level/);
  });
});
