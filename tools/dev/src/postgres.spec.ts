import { Client } from 'pg';

import { createDatabase, dropDatabase } from './index';
import { uniqueName } from './names';
import { assertDatabaseName, databaseExists } from './postgres';

jest.setTimeout(60_000);

const target = { host: '127.0.0.1', port: 5432, user: 'postgres' };

describe(`${createDatabase.name} and ${dropDatabase.name} on the real server`, () => {
  const name = uniqueName('tools_dev_spec');

  afterAll(async () => {
    await dropDatabase(name, { postgres: target });
  });

  it('creates a throwaway database once, connects to it, and drops it once', async () => {
    expect(await createDatabase(name, { postgres: target })).toBe(true);
    expect(await createDatabase(name, { postgres: target })).toBe(false);
    expect(await databaseExists(name, target)).toBe(true);

    const client = new Client({ ...target, database: name });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    expect(rows).toEqual([{ db: name }]);
    // The session stays open: dropping must end it.

    expect(await dropDatabase(name, { postgres: target })).toBe(true);
    expect(await dropDatabase(name, { postgres: target })).toBe(false);
    expect(await databaseExists(name, target)).toBe(false);
    await client.end().catch(() => undefined);
  });
});

describe(assertDatabaseName.name, () => {
  it.each(['exchange_users', '_x', 'a1_b2'])('accepts %s', (name) => {
    expect(() => assertDatabaseName(name)).not.toThrow();
  });

  it.each(['', 'Upper', '1abc', 'a-b', 'a"b', 'x'.repeat(64)])('rejects %j', (name) => {
    expect(() => assertDatabaseName(name)).toThrow(/invalid database name/);
  });
});
