import { pgArray } from './pg-array';

describe(pgArray.name, () => {
  it('quotes every element and writes numbers, bigints and booleans as PostgreSQL reads them', () => {
    expect(pgArray([])).toBe('{}');
    expect(pgArray(['trade:BTC-USDT:1', 'user:a:BTC:HELD'])).toBe('{"trade:BTC-USDT:1","user:a:BTC:HELD"}');
    expect(pgArray([1, -2n, 12345678901234567890n, true, false])).toBe(
      '{"1","-2","12345678901234567890","t","f"}',
    );
    // What an unquoted element could not hold: separators, braces, blanks, the word NULL.
    expect(pgArray(['a,b', '{x}', ' ', 'NULL', ''])).toBe('{"a,b","{x}"," ","NULL",""}');
  });

  it('escapes quotes and backslashes, and writes null and undefined as NULL', () => {
    expect(pgArray(['say "hi"', 'back\\slash', null, undefined, 'x'])).toBe(
      '{"say \\"hi\\"","back\\\\slash",NULL,NULL,"x"}',
    );
  });
});
