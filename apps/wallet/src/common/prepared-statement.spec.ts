import { type EntityManager } from 'typeorm';

import { PreparedStatement, prepared, runPrepared } from './prepared-statement';

describe(PreparedStatement.name, () => {
  it('keeps one text per name: the same statement again is fine, another text under the name is refused', () => {
    const sut = prepared('spec_statement_a', 'select 1\n   where true');
    expect(sut.text).toBe('select 1 where true');
    expect(prepared('spec_statement_a', 'select 1 where true').text).toBe(sut.text);
    expect(() => prepared('spec_statement_a', 'select 2')).toThrow(/spec_statement_a/);
  });

  it('hands node-postgres a named query config through TypeORM, with the values, and reads as its text', async () => {
    const sut = prepared('spec_statement_b', 'select $1::int as n');
    const query = jest.fn().mockResolvedValue([{ n: 7 }]);
    const manager = { query } as unknown as EntityManager;

    await expect(runPrepared(manager, sut, [7])).resolves.toEqual([{ n: 7 }]);

    const [config, values] = query.mock.calls[0] as [PreparedStatement, unknown[]];
    expect(config).toMatchObject({ name: 'spec_statement_b', text: 'select $1::int as n' });
    expect(values).toEqual([7]);
    expect(`${config}`).toBe('select $1::int as n');
  });
});
