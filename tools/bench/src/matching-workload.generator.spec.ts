import { KIND_NAMES, generateWorkload } from './matching-workload.generator';
import { allEngines, depthHash } from './matching-engines.adapter';

describe(generateWorkload.name, () => {
  const spec = { name: 'small', seed: 7, restingOrders: 1_000, levelsPerSide: 400, commands: 5_000 };

  it("is reproducible from its seed and follows the issue's mix", () => {
    const a = generateWorkload(spec);
    expect(JSON.stringify(generateWorkload(spec).commands)).toBe(JSON.stringify(a.commands));
    expect(a.setup).toHaveLength(1_000);
    expect(a.setupLevels).toBeGreaterThan(450);
    const share = (k: number) => a.kinds.filter((x) => x === k).length / a.commands.length;
    const expected = [0.55, 0.05, 0.05, 0.3, 0.05];
    KIND_NAMES.forEach((_, k) => expect(Math.abs(share(k) - expected[k])).toBeLessThan(0.03));
    expect(Math.abs(a.tradingShare - 0.32)).toBeLessThan(0.03);
  });

  it('with UUID ids, issues the same commands under distinct UUIDs and ends in the same book', () => {
    const plain = generateWorkload(spec);
    const uuid = generateWorkload({ ...spec, uuidIds: true });
    const all = [...uuid.setup, ...uuid.commands];
    const placed = all.filter((c) => c.type === 'place').map((c) => c.orderId);
    expect(new Set(placed).size).toBe(placed.length);
    for (const id of placed)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const withoutIds = (w: typeof plain) =>
      JSON.stringify([...w.setup, ...w.commands].map((c) => ({ ...c, orderId: '' })));
    expect(withoutIds(uuid)).toBe(withoutIds(plain));
    expect(uuid.tradingShare).toBe(plain.tradingShare);
    const [ours] = allEngines();
    const depth = (w: typeof plain) => {
      ours.prepare(w);
      ours.reset();
      ours.runAll();
      return depthHash(ours.depth());
    };
    expect(depth(uuid)).toBe(depth(plain));
  });

  it('leaves every engine with the same book where their semantics coincide', () => {
    const workload = generateWorkload({ ...spec, withoutReductions: true });
    const hashes = allEngines().map((engine) => {
      engine.prepare(workload);
      engine.reset();
      engine.runAll();
      return depthHash(engine.depth());
    });
    expect(new Set(hashes).size).toBe(1);
  });
});
