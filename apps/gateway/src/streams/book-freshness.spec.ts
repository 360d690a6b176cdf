import { BookFreshness } from './book-freshness';

describe(BookFreshness.name, () => {
  const TRUST_MS = 3_000;

  it('answers once synced, while checks find the copy in step or ahead of what market-data stored', () => {
    const sut = new BookFreshness(TRUST_MS);
    expect(sut.canAnswer(0)).toBe(false);
    sut.synced(1_000);
    expect(sut.canAnswer(1_000)).toBe(true);
    expect(sut.observe(10, 10, 2_000)).toBe('fresh');
    // Diffs go out before market-data stores the book: the copy may be ahead.
    expect(sut.observe(10, 12, 3_000)).toBe('fresh');
    expect(sut.canAnswer(6_000)).toBe(true);
  });

  it('stops answering while behind market-data, and again once a diff reaches the stored id', () => {
    const sut = new BookFreshness(TRUST_MS);
    sut.synced(0);
    expect(sut.observe(15, 12, 1_000)).toBe('behind');
    expect(sut.canAnswer(1_000)).toBe(false);
    sut.applied(14, 1_010);
    expect(sut.canAnswer(1_010)).toBe(false);
    sut.applied(15, 1_020);
    expect(sut.canAnswer(1_020)).toBe(true);
    // The next check sees it in step.
    expect(sut.observe(15, 15, 2_000)).toBe('fresh');
  });

  it('calls a diff lost when the copy is still short of the stored id at the next check', () => {
    const sut = new BookFreshness(TRUST_MS);
    sut.synced(0);
    expect(sut.observe(15, 12, 1_000)).toBe('behind');
    sut.applied(13, 1_500);
    expect(sut.observe(20, 13, 2_000)).toBe('lost');
    expect(sut.canAnswer(2_000)).toBe(false);
    sut.reset();
    expect(sut.canAnswer(2_000)).toBe(false);
    sut.synced(2_100);
    expect(sut.canAnswer(2_100)).toBe(true);
  });

  it('stops answering when no check has verified the copy for longer than it is trusted', () => {
    const sut = new BookFreshness(TRUST_MS);
    sut.synced(0);
    expect(sut.canAnswer(TRUST_MS)).toBe(true);
    expect(sut.canAnswer(TRUST_MS + 1)).toBe(false);
    sut.observe(10, 10, 5_000);
    expect(sut.canAnswer(5_000)).toBe(true);
  });
});
