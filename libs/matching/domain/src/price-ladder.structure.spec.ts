import { PriceLadder } from './price-ladder.structure';

describe(PriceLadder.name, () => {
  it('keeps bids best (highest) first and finds levels by price', () => {
    const sut = new PriceLadder(1, 2);
    for (const [price, level] of [[100, 0], [98, 1], [105, 2], [99, 3], [101, 4]]) sut.insert(price, level);
    expect([0, 1, 2, 3, 4].map((r) => sut.levelAt(r))).toEqual([2, 4, 0, 3, 1]);
    expect(sut.best()).toBe(2);
    expect(sut.find(99)).toBe(3);
    expect(sut.find(97)).toBe(-1);
    sut.remove(105);
    sut.remove(99);
    expect(sut.best()).toBe(4);
    expect([0, 1, 2].map((r) => sut.levelAt(r))).toEqual([4, 0, 1]);
    expect(sut.levelAt(3)).toBe(-1);
  });

  it('keeps asks best (lowest) first', () => {
    const sut = new PriceLadder(-1);
    sut.insert(100, 0);
    sut.insert(98, 1);
    sut.insert(105, 2);
    expect([0, 1, 2].map((r) => sut.levelAt(r))).toEqual([1, 0, 2]);
    expect(() => sut.insert(98, 5)).toThrow();
    expect(() => sut.remove(97)).toThrow();
    sut.clear();
    expect(sut.best()).toBe(-1);
  });

  it('matches a sorted model over many levels, near the top and deep (scan and bisection)', () => {
    for (const sign of [1, -1] as const) {
      const sut = new PriceLadder(sign, 4);
      const model = new Map<number, number>();
      let x = 7;
      const rnd = (n: number) => {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return x % n;
      };
      for (let step = 0; step < 5000; step++) {
        const price = 1000 + rnd(60);
        if (model.has(price)) {
          expect(sut.find(price)).toBe(model.get(price));
          if (rnd(2) === 0) {
            sut.remove(price);
            model.delete(price);
          }
        } else {
          expect(sut.find(price)).toBe(-1);
          sut.insert(price, step);
          model.set(price, step);
        }
        const ranked = [...model.keys()].sort((a, b) => (b - a) * sign).map((p) => model.get(p));
        expect(ranked.map((_, r) => sut.levelAt(r))).toEqual(ranked);
      }
    }
  });
});
