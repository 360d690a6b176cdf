import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { Client } from 'pg';

import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';

// eslint-disable-next-line @nx/enforce-module-boundaries -- deploy/docker is no Nx project: the hook command under test
import { migrate } from '../../../deploy/docker/migrate';
import { WORKSPACE } from './helm';

/**
 * deploy/docker/migrate.ts, the command of the chart's migration hook Job, run as the Job runs it
 * (`node tools/run.cjs deploy/docker/migrate.ts <service>`) against the local PostgreSQL.
 */
const SERVER_URL = process.env['DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function runMigrate(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['tools/run.cjs', 'deploy/docker/migrate.ts', ...args], {
    cwd: WORKSPACE,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TMPDIR: process.env['TMPDIR'] ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function appliedMigrations(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('select name from migrations order by id');
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('deploy/docker/migrate.ts (the migration hook command)', () => {
  const database = `t_migrate_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl(SERVER_URL, database);

  beforeAll(async () => {
    await createDatabase(SERVER_URL, database);
  });
  afterAll(async () => {
    await dropDatabase(SERVER_URL, database);
  });

  it("applies the wallet's migrations in order, then finds nothing pending on a second run", async () => {
    // The wallet's own list, loaded the way migrate.ts loads it (by path: an app is no importable library).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MIGRATIONS } = require(join(WORKSPACE, 'apps/wallet/src/migrations')) as {
      MIGRATIONS: { name: string }[];
    };
    const first = runMigrate(['wallet'], { DATABASE_URL: url });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const report = JSON.parse(first.stdout.trim().split('\n').at(-1) ?? '{}') as { applied: string[] };
    expect(report.applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await appliedMigrations(url)).toEqual(MIGRATIONS.map((m) => m.name));

    const second = runMigrate(['wallet'], { DATABASE_URL: url });
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout.trim())).toMatchObject({ msg: 'no pending migrations', applied: [] });
    expect(await appliedMigrations(url)).toHaveLength(MIGRATIONS.length);
  }, 180_000);

  it('exits 1 with the reason when the database cannot be reached', () => {
    const result = runMigrate(['users'], {
      DATABASE_URL: databaseUrl(SERVER_URL, `${database}_missing`),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('migration failed');
    expect(result.stderr).toContain(`${database}_missing`);
  }, 120_000);

  it('exits 2 for an unknown service or a missing DATABASE_URL', async () => {
    const unknown = runMigrate(['gateway'], { DATABASE_URL: url });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('one of users, wallet, matching, market-data');
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await migrate(['wallet'], {})).toBe(2);
      expect(await migrate([], { DATABASE_URL: url })).toBe(2);
    } finally {
      write.mockRestore();
    }
    expect(written.join('')).toContain('DATABASE_URL is not set');
  }, 120_000);
});
