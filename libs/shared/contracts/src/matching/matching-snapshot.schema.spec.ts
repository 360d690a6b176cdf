import {
  MATCHING_OPS_ERRORS,
  matchingSnapshotReplySchema,
  matchingSnapshotRequestSchema,
  matchingSnapshotSubject,
} from './matching-snapshot.schema';

describe('matchingSnapshotSubject', () => {
  it('puts the shard after matching.cmd.snapshot.v1', () => {
    expect(matchingSnapshotSubject('main')).toBe('matching.cmd.snapshot.v1.main');
    expect(matchingSnapshotSubject('eu-2')).toBe('matching.cmd.snapshot.v1.eu-2');
  });

  it.each(['', 'Main', 'a.b', '*', '>', '-x'])('refuses %p as a shard', (shard) => {
    expect(() => matchingSnapshotSubject(shard)).toThrow(/not a shard name/);
  });
});

describe('matchingSnapshotRequestSchema', () => {
  it('takes a market id and a request id', () => {
    const request = { v: 1, market: 'BTC-USDT', requestId: 'r1' };
    expect(matchingSnapshotRequestSchema.parse(request)).toEqual(request);
  });

  it.each([
    ['a lower-case market', { v: 1, market: 'btc-usdt', requestId: 'r1' }],
    ['no request id', { v: 1, market: 'BTC-USDT' }],
    ['an unknown field', { v: 1, market: 'BTC-USDT', requestId: 'r1', force: true }],
    ['another version', { v: 2, market: 'BTC-USDT', requestId: 'r1' }],
  ])('refuses %s', (_, request) => {
    expect(matchingSnapshotRequestSchema.safeParse(request).success).toBe(false);
  });
});

describe('matchingSnapshotReplySchema', () => {
  it('reads a stored snapshot and an error reply', () => {
    const snapshot = {
      market: 'BTC-USDT',
      shard: 'main',
      holder: 'matching-0',
      commandSeq: 10,
      eventSeq: 25,
      stateHash: '0123456789abcdef',
      marketStatus: 'HALTED',
      bytes: 812,
      bucket: 'matching_snapshots',
      key: 'BTC-USDT',
      revision: 3,
      storedAt: 1_700_000_000_000,
    };
    expect(matchingSnapshotReplySchema.parse({ v: 1, ok: true, requestId: 'r1', snapshot })).toEqual({
      v: 1,
      ok: true,
      requestId: 'r1',
      snapshot,
    });
    const refused = {
      v: 1,
      ok: false,
      code: MATCHING_OPS_ERRORS.UNKNOWN_MARKET,
      msg: 'no',
      markets: ['A-B'],
    };
    expect(matchingSnapshotReplySchema.parse(refused)).toEqual(refused);
  });

  it('numbers each error once, in 39xx', () => {
    const codes = Object.values(MATCHING_OPS_ERRORS);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toBeGreaterThanOrEqual(3900);
  });
});
