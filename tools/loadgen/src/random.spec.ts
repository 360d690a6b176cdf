import { SeededRandom } from './random';
import { RandomWalk } from './reference-price';

describe(SeededRandom.name, () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const sut = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => sut.int(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws integers within the bounds, both included', () => {
    const sut = new SeededRandom(7);
    const seen = new Set(Array.from({ length: 500 }, () => sut.bigint(-2n, 2n)));
    expect([...seen].sort()).toEqual([-1n, -2n, 0n, 1n, 2n].sort());
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => new SeededRandom(1.5)).toThrow(/seed/);
  });
});

describe(RandomWalk.name, () => {
  it('walks the same path from the same seed, each step within the volatility', () => {
    const path = (seed: number) => {
      const sut = new RandomWalk(3_000_000n, 5, new SeededRandom(seed));
      return Array.from({ length: 50 }, () => sut.step());
    };
    const first = path(42);
    expect(path(42)).toEqual(first);
    let previous = 3_000_000n;
    for (const ticks of first) {
      const move = ticks > previous ? ticks - previous : previous - ticks;
      expect(move <= 1500n).toBe(true); // 5 bps of 3 000 000
      previous = ticks;
    }
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('never goes below one tick and follows an outside price', () => {
    const sut = new RandomWalk(1n, 5, new SeededRandom(1));
    for (let i = 0; i < 100; i++) expect(sut.step() >= 1n).toBe(true);
    sut.moveTo(500n);
    expect(sut.current).toBe(500n);
  });
});
