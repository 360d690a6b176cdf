import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from './config';
import { dropDatabase } from './index';
import { uniqueName } from './names';
import { SERVICE_DATABASES, databaseExists } from './postgres';

jest.setTimeout(60_000);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI the way the README says, from the repository root. */
function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['tools/run.cjs', 'tools/dev/src/main.ts', ...args],
      { cwd: REPO_ROOT },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const target = { host: '127.0.0.1', port: 5432, user: 'postgres' };

describe('main.ts (the CLI) against the servers on the standard ports', () => {
  let dataDir: string;
  let existedBefore: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tools-dev-cli-'));
    for (const name of SERVICE_DATABASES) if (await databaseExists(name, target)) existedBefore.push(name);
  });

  afterAll(async () => {
    // Drop only the service databases this spec's `up` created.
    for (const name of SERVICE_DATABASES)
      if (!existedBefore.includes(name)) await dropDatabase(name, { postgres: target });
    existedBefore = [];
    await rm(dataDir, { recursive: true, force: true });
  });

  it('`up` prints one line per service, then the databases; a second `up` finds everything', async () => {
    const first = await cli('up', '--data-dir', dataDir);
    const second = await cli('up', '--data-dir', dataDir);

    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^postgres +found +127\.0\.0\.1:5432\nredis +found +redis:\/\/127\.0\.0\.1:6379\nnats +found +nats:\/\/127\.0\.0\.1:4222\ndatabases +(created|found) /,
    );
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      [
        'postgres  found              127.0.0.1:5432',
        'redis     found              redis://127.0.0.1:6379',
        'nats      found              nats://127.0.0.1:4222',
        `databases found              ${SERVICE_DATABASES.join(' ')}`,
        '',
      ].join('\n'),
    );
  });

  it('`status` exits 0 when every service answers', async () => {
    const sut = await cli('status');

    expect(sut.code).toBe(0);
    expect(
      sut.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/ +/).slice(0, 2)),
    ).toEqual([
      ['postgres', 'up'],
      ['redis', 'up'],
      ['nats', 'up'],
    ]);
  });

  it('`status` exits 1 and names what is down', async () => {
    const sut = await cli(
      'status',
      '--pg-port',
      '25449',
      '--redis-url',
      'redis://127.0.0.1:26399',
      '--nats-url',
      'nats://127.0.0.1:24242',
      '--data-dir',
      dataDir,
    );

    expect(sut.code).toBe(1);
    expect(sut.stdout).toMatch(/^postgres +down +127\.0\.0\.1:25449 .*ECONNREFUSED/m);
    expect(sut.stdout).toMatch(/^redis +down +redis:\/\/127\.0\.0\.1:26399 .*ECONNREFUSED/m);
    expect(sut.stdout).toMatch(/^nats +down +nats:\/\/127\.0\.0\.1:24242 /m);
  });

  it('`createdb` and `dropdb` round-trip a throwaway database', async () => {
    const name = uniqueName('tools_dev_cli');
    try {
      expect(await cli('createdb', name)).toMatchObject({ code: 0, stdout: `created ${name}\n` });
      expect(await cli('createdb', name)).toMatchObject({ code: 0, stdout: `exists ${name}\n` });
      expect(await cli('dropdb', name)).toMatchObject({ code: 0, stdout: `dropped ${name}\n` });
      expect(await cli('dropdb', name)).toMatchObject({ code: 0, stdout: `absent ${name}\n` });
    } finally {
      await dropDatabase(name, { postgres: target });
    }
  });

  it('rejects bad input with a usage or configuration message', async () => {
    expect(await cli('createdb')).toMatchObject({ code: 2, stderr: 'usage: createdb <name>\n' });
    expect((await cli('nope')).stderr).toMatch(/^unknown command: nope\n/);
    expect(await cli('createdb', 'Bad-Name')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/invalid database name "Bad-Name"/),
    });
    expect(await cli('status', '--pg-port', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/PGPORT \(or --pg-port\): expected a port number/),
    });
  });
});
