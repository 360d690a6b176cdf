import { StringIndex, hashString } from './string-index.structure';

describe(StringIndex.name, () => {
  it('finds what was inserted across growth, and updates values by position', () => {
    const sut = new StringIndex(2);
    const positions = new Map<string, number>();
    for (let i = 0; i < 5000; i++) sut.insert(`o${i}`, i);
    expect(sut.size).toBe(5000);
    expect(sut.generation).toBeGreaterThan(0);
    for (let i = 0; i < 5000; i++) {
      const pos = sut.find(`o${i}`);
      expect(pos).toBeGreaterThanOrEqual(0);
      positions.set(`o${i}`, pos);
      expect(sut.valueAt(pos)).toBe(i);
    }
    expect(sut.find('o5000')).toBe(-1);
    expect(sut.get('missing', -7)).toBe(-7);
    sut.setAt(positions.get('o42')!, -1);
    expect(sut.get('o42', 0)).toBe(-1);
    let n = 0;
    sut.forEach(() => n++);
    expect(n).toBe(5000);
    expect(sut.capacity).toBeGreaterThanOrEqual(5000);
  });

  it('hashes deterministically and tells near-identical ids apart', () => {
    expect(hashString('o1')).toBe(hashString('o1'));
    expect(hashString('o1')).not.toBe(hashString('o2'));
    expect(hashString('')).toBe(hashString(''));
  });
});
