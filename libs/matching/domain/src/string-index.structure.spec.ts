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

  it('inserts correctly after finds of the same or other missing keys (the probe reuse)', () => {
    const sut = new StringIndex(4);
    const model = new Map<string, number>();
    let x = 12345;
    const rnd = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    for (let i = 0; i < 20000; i++) {
      const key = `k${rnd(3000)}`;
      const other = `k${rnd(3000)}`;
      const found = sut.find(key);
      expect(found >= 0).toBe(model.has(key));
      if (rnd(2) === 0) sut.find(other);
      if (found < 0) {
        const pos = sut.insert(key, i);
        model.set(key, i);
        expect(sut.valueAt(pos)).toBe(i);
      }
    }
    for (const [key, value] of model) expect(sut.get(key, -9)).toBe(value);
    expect(sut.size).toBe(model.size);
  });

  it('hashes deterministically and tells near-identical ids apart', () => {
    expect(hashString('o1')).toBe(hashString('o1'));
    expect(hashString('o1')).not.toBe(hashString('o2'));
    expect(hashString('')).toBe(hashString(''));
  });

  it('hashes every code unit: UUIDs one character apart, at any position, hash differently', () => {
    const base = '3f2b9c1e-7a4d-4e21-9b8f-0c6d5a4e3b21';
    const hashes = new Set([hashString(base)]);
    for (let i = 0; i < base.length; i++) {
      const other = base.slice(0, i) + (base[i] === 'a' ? 'b' : 'a') + base.slice(i + 1);
      hashes.add(hashString(other));
    }
    expect(hashes.size).toBe(base.length + 1);
    // Code units above 0xff and the odd tail of the string count too.
    expect(hashString('o\u0101')).not.toBe(hashString('o\u0100'));
    expect(hashString('abcde')).not.toBe(hashString('abcdf'));
  });
});
