import { OrderIdIndex } from './order-id-index.structure';

/** A small deterministic generator (an LCG), so that failures reproduce. */
function lcg(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
}

/** Checks every key of the model, a few absent keys, and that forEach lists exactly the model. */
function expectSameAs(sut: OrderIdIndex, model: Map<string, number>, absent: string[]): void {
  expect(sut.size).toBe(model.size);
  for (const [key, value] of model) {
    const pos = sut.find(key);
    expect(pos).toBeGreaterThanOrEqual(0);
    expect(sut.valueAt(pos)).toBe(value);
  }
  for (const key of absent) if (!model.has(key)) expect(sut.find(key)).toBe(-1);
  const listed = new Map<string, number>();
  sut.forEach((key, value) => {
    expect(listed.has(key)).toBe(false);
    listed.set(key, value);
  });
  expect(listed).toEqual(model);
}

describe(OrderIdIndex.name, () => {
  it('keeps sequential prefixed ids, and updates values by position', () => {
    const sut = new OrderIdIndex(4);
    const model = new Map<string, number>();
    const positions = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      for (const key of [`o${i}`, `s${i}`]) {
        expect(sut.find(key)).toBe(-1);
        positions.set(key, sut.insert(key, i));
        model.set(key, i);
      }
    }
    sut.setAt(positions.get('o42')!, -1);
    model.set('o42', -1);
    sut.setAt(positions.get('s4999')!, 7);
    model.set('s4999', 7);
    expectSameAs(sut, model, ['o5000', 's-1', 'o', 'x1', 'o01', '']);
    // Dense positions never move, so the generation (only the string table's growth) stays.
    expect(sut.generation).toBe(0);
  });

  it('tells apart ids that share a number but differ in prefix, leading zeros or digit count', () => {
    const sut = new OrderIdIndex(4);
    const keys = [
      '1',
      '01',
      '001',
      '0',
      '00',
      'a1',
      'a01',
      'a10',
      'a100',
      'ab1',
      'a-1',
      'a1b',
      '1a1',
      'A1',
      'a',
      '',
    ];
    const model = new Map<string, number>();
    keys.forEach((key, i) => {
      expect(sut.find(key)).toBe(-1);
      sut.insert(key, i);
      model.set(key, i);
      expectSameAs(sut, model, keys);
    });
  });

  it('matches a Map over a random mix of id shapes: dense, UUID-like, leading zeros, many prefixes, sparse numbers', () => {
    const rnd = lcg(7);
    const sut = new OrderIdIndex(2);
    const model = new Map<string, number>();
    const hex = (n: number) => Array.from({ length: n }, () => rnd(16).toString(16)).join('');
    const candidates: string[] = [];
    const makeKey = (): string => {
      switch (rnd(7)) {
        case 0:
          return `o${rnd(20000)}`;
        case 1:
          return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
        case 2:
          return `p${rnd(40)}-${rnd(3000)}`; // more prefixes than the index registers
        case 3:
          return `s0${rnd(500)}`;
        case 4:
          return `${rnd(2) ? 'z' : ''}${rnd(1e9) * 1e6 + rnd(1e6)}`; // sparse, up to 15 digits
        case 5:
          return String(rnd(3000));
        default:
          return candidates.length ? candidates[rnd(candidates.length)] : 'o0';
      }
    };
    for (let i = 0; i < 30000; i++) {
      const key = makeKey();
      candidates.push(key);
      const found = sut.find(key);
      expect(found >= 0).toBe(model.has(key));
      if (rnd(3) === 0) sut.find(makeKey());
      if (found < 0) {
        const pos = sut.insert(key, i);
        model.set(key, i);
        expect(sut.valueAt(pos)).toBe(i);
      } else if (rnd(4) === 0) {
        sut.setAt(found, -1);
        model.set(key, -1);
      }
    }
    expectSameAs(sut, model, candidates.slice(0, 2000));
    expect(sut.generation).toBeGreaterThan(0); // the string table grew, so the test saw both paths
  });

  it('keeps a position valid for setAt after later inserts (until the generation changes)', () => {
    const sut = new OrderIdIndex(2);
    const first = sut.insert('o1', 1);
    const uuid = sut.insert('3f0c2a8e-1d2b-4c5d-8e9f-0a1b2c3d4e5f', 2);
    let generation = sut.generation;
    let uuidPos = uuid;
    for (let i = 2; i < 3000; i++) {
      sut.insert(`o${i}`, i);
      sut.insert(`x${i}-y`, i);
      if (sut.generation !== generation) {
        generation = sut.generation;
        uuidPos = sut.find('3f0c2a8e-1d2b-4c5d-8e9f-0a1b2c3d4e5f');
      }
    }
    sut.setAt(first, -1);
    sut.setAt(uuidPos, 5);
    expect(sut.valueAt(sut.find('o1'))).toBe(-1);
    expect(sut.valueAt(sut.find('3f0c2a8e-1d2b-4c5d-8e9f-0a1b2c3d4e5f'))).toBe(5);
  });

  it('bounds the pages that sparse numeric ids can create (the rest go to the string table)', () => {
    const sut = new OrderIdIndex(2);
    const model = new Map<string, number>();
    // Every id on its own page: only the first 64 (+ dense ÷ 64) may get one.
    for (let i = 0; i < 2000; i++) {
      const key = `o${i * 1024}`;
      sut.insert(key, i);
      model.set(key, i);
    }
    expectSameAs(sut, model, ['o1', 'o1025', `o${2000 * 1024}`]);
    // The string table holds the others: it has grown from its capacity of 2 several times.
    expect(sut.generation).toBeGreaterThan(5);
    // Dense ids on an existing page raise the budget; a page then created for o102401 holds o102400's
    // number too, which stays in (and is still found in) the string table.
    for (let i = 1; i < 200; i++) {
      sut.insert(`o${i}`, 10000 + i);
      model.set(`o${i}`, 10000 + i);
    }
    sut.insert('o102401', 5);
    model.set('o102401', 5);
    expect(sut.find('o102400')).toBeGreaterThanOrEqual(1 << 30);
    expect(sut.find('o102401')).toBeLessThan(1 << 30);
    expectSameAs(sut, model, ['o102402', 'o200']);
  });
});
