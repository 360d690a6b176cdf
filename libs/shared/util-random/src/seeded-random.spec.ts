import { seededRandom } from './seeded-random';

describe(seededRandom.name, () => {
  it('gives floats in [0, 1)', () => {
    const sut = seededRandom(3);
    const values = Array.from({ length: 10_000 }, sut);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });
});
