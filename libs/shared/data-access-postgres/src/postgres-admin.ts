import { Client } from 'pg';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function assertIdentifier(name: string): void {
  if (!IDENTIFIER.test(name)) {
    throw new Error(
      `not a safe database name: ${JSON.stringify(name)} (lower-case letters, digits, _; at most 63)`,
    );
  }
}

/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(serverUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database unless it exists; returns whether it was created. Its text sorts and compares byte by byte
 * (`LC_COLLATE 'C'`, from `template0`; the character classes stay the cluster's): the services' keys are ids,
 * symbols and codes, whose order means nothing beyond being stable, and every B-tree of a text key compares through
 * the collation. Under a locale's collation each comparison copies both strings and calls `strcoll` (even
 * `C.UTF-8`, which PostgreSQL 15 does not recognise as bytewise): settlement's PostgreSQL CPU per trade was 7 % lower
 * on average in a C database (docs/benchmarks.md), and `en_US.UTF-8`, a common default, costs more still.
 */
export async function createDatabase(serverUrl: string, name: string): Promise<boolean> {
  assertIdentifier(name);
  return withAdminClient(serverUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`create database "${name}" template template0 lc_collate 'C'`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database, 23505 unique_violation: a parallel run created it first.
      if (['42P04', '23505'].includes((error as { code?: string }).code ?? '')) return false;
      throw error;
    }
  });
}

/** Drops the database if it exists, closing its other connections first (PostgreSQL 13+); true when it existed. */
export async function dropDatabase(serverUrl: string, name: string): Promise<boolean> {
  assertIdentifier(name);
  return withAdminClient(serverUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) await client.query(`drop database if exists "${name}" with (force)`);
    return rowCount === 1;
  });
}
