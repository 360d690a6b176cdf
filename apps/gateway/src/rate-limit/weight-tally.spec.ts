import { WeightTally } from './weight-tally';

describe(WeightTally.name, () => {
  const WINDOW = 60_000;
  const LIMIT = 10;
  const STALE = 200;
  /** A moment well inside a window (windows start at multiples of WINDOW). */
  const T0 = 120_000_000 + 1_000;

  /** A tally that heard from Redis at `at` that the key's window holds `total`. */
  function heard(total: number, at = T0): WeightTally {
    const sut = new WeightTally(WINDOW, LIMIT, STALE);
    expect(sut.charge('ip:a', 1, at)).toEqual({ kind: 'ask', weight: 1 });
    sut.answered('ip:a', { used: total, resetInMs: 1_000, bannedForMs: 0 }, at);
    return sut;
  }

  it('asks Redis about a key it has not heard of, then admits in-process while under the limit', () => {
    const sut = heard(1);
    expect(sut.charge('ip:a', 4, T0 + 10)).toEqual({ kind: 'admitted', used: 5, resetInMs: WINDOW - 1_010 });
    expect(sut.charge('ip:a', 5, T0 + 20)).toMatchObject({ kind: 'admitted', used: 10 });
    // Over the limit by this pod's count: Redis decides, and gets the weight not yet sent with it.
    expect(sut.charge('ip:a', 1, T0 + 30)).toEqual({ kind: 'ask', weight: 10 });
    // Other keys are counted apart.
    expect(sut.charge('ip:b', 1, T0 + 30)).toEqual({ kind: 'ask', weight: 1 });
  });

  it('sends admitted weight with the sync and counts the totals every pod reached', () => {
    const sut = heard(1);
    sut.charge('ip:a', 3, T0 + 10);
    const entries = sut.drain();
    expect(entries).toEqual([{ key: 'ip:a', windowStart: 120_000_000, weight: 3 }]);
    expect(sut.drain()).toEqual([]);
    // While the sync runs, its weight still counts: 1 heard + 3 sending + 5 = 9.
    expect(sut.charge('ip:a', 5, T0 + 20)).toMatchObject({ kind: 'admitted', used: 9 });
    // Another pod added 2 meanwhile: Redis holds 1 + 3 + 2; with the 5 not yet sent, 11 by this pod's count.
    sut.synced(entries, [{ total: 6, bannedForMs: 0 }], T0 + 40, T0 + 50, 20);
    expect(sut.charge('ip:a', 1, T0 + 60)).toEqual({ kind: 'ask', weight: 6 });
    // 6 heard plus the 5 and 1 now sent: the other pod's 2 put the key over the limit, which Redis decides.
  });

  it('sends a failed sync again with the next one', () => {
    const sut = heard(1);
    sut.charge('ip:a', 3, T0 + 10);
    const entries = sut.drain();
    sut.failed(entries);
    sut.charge('ip:a', 2, T0 + 20);
    expect(sut.drain()).toEqual([{ key: 'ip:a', windowStart: 120_000_000, weight: 5 }]);
  });

  it('asks Redis again when it has not heard of the key for longer than the stale time', () => {
    const sut = heard(1);
    expect(sut.charge('ip:a', 1, T0 + STALE)).toMatchObject({ kind: 'admitted' });
    expect(sut.charge('ip:a', 1, T0 + STALE + 1)).toEqual({ kind: 'ask', weight: 2 });
  });

  it('refuses a banned key in-process until the ban Redis reported ends', () => {
    const sut = heard(1);
    sut.charge('ip:a', 20, T0 + 10);
    sut.answered('ip:a', { used: 0, resetInMs: 0, bannedForMs: 1_500 }, T0 + 20);
    expect(sut.charge('ip:a', 1, T0 + 1_000)).toEqual({ kind: 'banned', forMs: 520 });
    expect(sut.charge('ip:a', 1, T0 + 1_520)).toMatchObject({ kind: 'ask' });
    // A ban another pod set reaches this one with a sync.
    sut.answered('ip:a', { used: 2, resetInMs: 1_000, bannedForMs: 0 }, T0 + 1_530);
    sut.charge('ip:a', 1, T0 + 1_540);
    const entries = sut.drain();
    sut.synced(entries, [{ total: 3, bannedForMs: 60_000 }], T0 + 1_550, T0 + 1_560, 0);
    expect(sut.charge('ip:a', 1, T0 + 1_570)).toEqual({ kind: 'banned', forMs: 59_990 });
  });

  it("starts each window empty on Redis's clock, and forgets keys whose window ended", () => {
    const sut = heard(9);
    sut.charge('ip:a', 1, T0 + 10);
    const entries = sut.drain();
    // Redis's clock is 2 s ahead of this process's: its next window starts at local WINDOW - 1000 - 2000 later.
    sut.synced(entries, [{ total: 10, bannedForMs: 0 }], T0 + 2_000 + 20, T0 + 20, 0);
    const nextWindow = 120_000_000 + WINDOW - 2_000;
    expect(sut.charge('ip:a', 1, nextWindow - 1)).toEqual({ kind: 'ask', weight: 1 });
    sut.answered('ip:a', { used: 11, resetInMs: 1, bannedForMs: 0 }, nextWindow - 1);
    expect(sut.charge('ip:a', 1, nextWindow)).toEqual({ kind: 'ask', weight: 1 });
    sut.sweep(nextWindow + WINDOW);
    expect(sut.size).toBe(0);
  });
});
