import { matchingLeaseKey, matchingLeaseSchema, shardOfLeaseKey } from './matching-lease.schema';

describe('matchingLeaseKey', () => {
  it('is shard-<shard>, and shardOfLeaseKey reads it back', () => {
    expect(matchingLeaseKey('main')).toBe('shard-main');
    expect(shardOfLeaseKey(matchingLeaseKey('eu-2'))).toBe('eu-2');
    expect(shardOfLeaseKey('main')).toBeNull();
    expect(shardOfLeaseKey('shard-')).toBeNull();
  });

  it('refuses a name that is not a shard', () => expect(() => matchingLeaseKey('a.b')).toThrow());
});

describe('matchingLeaseSchema', () => {
  it('reads what the matching service writes', () => {
    expect(matchingLeaseSchema.parse({ holder: 'matching-0', at: 1 })).toEqual({
      holder: 'matching-0',
      at: 1,
    });
    expect(matchingLeaseSchema.safeParse({ holder: '', at: 1 }).success).toBe(false);
  });
});
