import { type GroupOutcome, GroupCommitQueue } from './group-commit.queue';

interface Item {
  key: string;
  value: number;
}

/**
 * A queue over an in-memory "store": each group is recorded; a group holding a negative value throws as a whole
 * (like a transaction refused by the database), values above 100 are refused one by one.
 */
function storeQueue(maxGroup = 10, maxInFlight = 1) {
  const groups: number[][] = [];
  const sut = new GroupCommitQueue<Item, number>({
    maxGroup,
    maxInFlight,
    keyOf: (item) => item.key,
    run: async (items) => {
      groups.push(items.map((i) => i.value));
      await new Promise((r) => setTimeout(r, 5));
      if (items.some((i) => i.value < 0)) throw new Error('refused whole');
      return items.map((i): GroupOutcome<number> =>
        i.value > 100 ? { ok: false, error: 'too big' } : { ok: true, value: i.value * 2 },
      );
    },
  });
  return { sut, groups };
}

describe(GroupCommitQueue.name, () => {
  it('runs what is submitted in one turn as one group, each item with its own outcome', async () => {
    const { sut, groups } = storeQueue();
    const results = await Promise.allSettled(
      [1, 200, 3].map((value) => sut.submit({ key: `k${value}`, value })),
    );
    expect(groups).toEqual([[1, 200, 3]]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: 'too big' },
      { status: 'fulfilled', value: 6 },
    ]);
  });

  it('gathers what arrives while a group runs into the next group, up to maxGroup', async () => {
    const { sut, groups } = storeQueue(2);
    const first = sut.submit({ key: 'a', value: 1 });
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((value) => sut.submit({ key: `k${value}`, value }));
    expect(sut.depth).toEqual({ waiting: 3, inFlight: 1 });
    await Promise.all([first, ...later]);
    expect(groups).toEqual([[1], [2, 3], [4]]);
  });

  it('runs a group that failed as a whole again item by item, so only the bad item fails', async () => {
    const { sut, groups } = storeQueue();
    const results = await Promise.allSettled(
      [5, -1, 7].map((value) => sut.submit({ key: `k${value}`, value })),
    );
    expect(groups).toEqual([[5, -1, 7], [5], [-1], [7]]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused whole'));
  });

  it('never puts two items of one key in a group: the later waits for the earlier outcome', async () => {
    const { sut, groups } = storeQueue(10, 2);
    const results = await Promise.all([
      sut.submit({ key: 'same', value: 1 }),
      sut.submit({ key: 'other', value: 2 }),
      sut.submit({ key: 'same', value: 3 }),
      sut.submit({ key: 'same', value: 4 }),
    ]);
    expect(results).toEqual([2, 4, 6, 8]);
    expect(groups).toEqual([[1, 2], [3], [4]]);
  });
});
