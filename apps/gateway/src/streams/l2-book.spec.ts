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

describe(`${L2Book.name} cut at the snapshot's depth`, () => {
  const snapshot = {
    lastUpdateId: 5,
    bids: [
      ['10.00', '1'],
      ['9.00', '1'],
      ['8.00', '1'],
    ] as [string, string][],
    asks: [
      ['11.00', '1'],
      ['12.00', '1'],
    ] as [string, string][],
  };

  it('answers every depth of a side shorter than the snapshot depth, and none deeper than a cut side holds', () => {
    const sut = L2Book.fromSnapshot(snapshot, 3);
    expect(sut.bids.complete).toBe(false);
    expect(sut.asks.complete).toBe(true);
    expect(sut.exactTop(3)).toEqual(snapshot);
    // A fourth bid may exist below 8.00 (the snapshot stopped there): unknown.
    expect(sut.exactTop(4)).toBeUndefined();
    // Asks are the whole side: 100 asked, 2 there.
    expect(sut.asks.exactTop(100)).toEqual(snapshot.asks);
  });

  it('counts levels inside the cut as diffs add and remove them; levels beyond it do not make it deeper', () => {
    const sut = L2Book.fromSnapshot(snapshot, 3);
    sut.apply(6, [['7.00', '4']], []);
    expect(sut.bids.exactLevels).toBe(3);
    expect(sut.exactTop(4)).toBeUndefined();
    sut.apply(7, [['9.50', '2']], []);
    expect(sut.bids.exactLevels).toBe(4);
    expect(sut.exactTop(4)?.bids).toEqual([
      ['10.00', '1'],
      ['9.50', '2'],
      ['9.00', '1'],
      ['8.00', '1'],
    ]);
    sut.apply(8, [['8.00', '0']], []);
    expect(sut.bids.exactLevels).toBe(3);
    // Removing a level that is not there changes nothing.
    sut.apply(9, [['8.50', '0']], []);
    expect(sut.bids.exactLevels).toBe(3);
    expect(sut.exactTop(4)).toBeUndefined();
    expect(sut.exactTop(3)?.lastUpdateId).toBe(9);
  });

  it('treats the worst ask as the boundary on the ask side', () => {
    const sut = L2Book.fromSnapshot(snapshot, 2);
    expect(sut.asks.complete).toBe(false);
    sut.apply(6, [], [['13.00', '1']]);
    expect(sut.asks.exactLevels).toBe(2);
    sut.apply(7, [], [['11.50', '1']]);
    expect(sut.asks.exactTop(3)).toEqual([
      ['11.00', '1'],
      ['11.50', '1'],
      ['12.00', '1'],
    ]);
  });
});
