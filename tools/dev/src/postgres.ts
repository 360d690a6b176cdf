import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

import { Client } from 'pg';

import { createDatabase, dropDatabase } from '@exchange/shared-data-access-postgres';

import { type DevConfig, type PostgresTarget, isLocalHost } from './config';
import { InfrastructureError } from './errors/infrastructure.error';
import { findExecutable, isRoot, livePidFromFile, readTail, run, runChecked, waitFor } from './process';
import { type ProbeResult, type ServiceDriver } from './service';

/** One database per service, created by `up`. */
export const SERVICE_DATABASES = [
  'exchange_gateway',
  'exchange_users',
  'exchange_wallet',
  'exchange_matching',
  'exchange_market_data',
] as const;

const NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;
const START_TIMEOUT_MS = 60_000;

export interface PostgresBinaries {
  binDir: string;
  initdb: string;
  pgCtl: string;
}

function clientFor(target: PostgresTarget, database = 'postgres'): Client {
  return new Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database,
    connectionTimeoutMillis: 5_000,
  });
}

async function withClient<T>(target: PostgresTarget, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = clientFor(target);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `select 1` as the configured role. */
export async function probePostgres(target: PostgresTarget): Promise<ProbeResult> {
  const client = clientFor(target);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return { state: 'up' };
  } catch (error) {
    const code = errorCode(error);
    const detail = `${code ? `${code}: ` : ''}${(error as Error).message || String(error)}`;
    // 57P03: the server is starting up or shutting down.
    if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === '57P03') return { state: 'down', detail };
    return { state: 'unusable', detail };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Debian's newest `/usr/lib/postgresql/<version>/bin`, else `initdb` and `pg_ctl` on the search path. */
export function locatePostgres(libDir: string, searchPath: readonly string[]): PostgresBinaries | undefined {
  let versions: string[] = [];
  try {
    versions = readdirSync(libDir).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  } catch {
    // no Debian layout
  }
  for (const dir of [...versions.map((v) => path.join(libDir, v, 'bin')), ...searchPath]) {
    const initdb = findExecutable('initdb', [dir]);
    const pgCtl = findExecutable('pg_ctl', [dir]);
    if (initdb && pgCtl) return { binDir: dir, initdb, pgCtl };
  }
  return undefined;
}

export function createPostgresService(config: DevConfig): ServiceDriver {
  const target = config.postgres;
  const dir = path.join(config.dataDir, 'postgres');
  const logFile = path.join(dir, 'server.log');
  const endpoint = `${target.host}:${target.port}`;
  const bins = () => locatePostgres(config.postgresLibDir, config.binSearchPath);
  // PostgreSQL refuses to run as root: then its files belong to, and it runs as, the `postgres` OS user.
  const osUser = () => (isRoot() ? 'postgres' : undefined);
  const pgCtl = async (args: string[]) => {
    const found = bins();
    if (!found)
      throw new InfrastructureError(`pg_ctl not found under ${config.postgresLibDir}/*/bin or on PATH`);
    return run(found.pgCtl, args, {
      asUser: osUser(),
      cwd: dir,
      env: config.env,
      searchPath: config.binSearchPath,
    });
  };

  return {
    info: {
      id: 'postgres',
      title: 'PostgreSQL',
      endpoint,
      aptPackage: 'postgresql',
      binaries: `initdb and pg_ctl under ${config.postgresLibDir}/*/bin or on PATH`,
      downloadUrl: 'https://www.postgresql.org/download/',
      envHint: 'PGHOST/PGPORT/PGUSER/PGPASSWORD',
    },
    local: isLocalHost(target.host),
    probe: () => probePostgres(target),
    installed: () => bins() !== undefined,

    async start() {
      const found = bins();
      if (!found) throw new InfrastructureError('PostgreSQL binaries not found');
      const user = osUser();
      await mkdir(config.dataDir, { recursive: true });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      if (user) {
        // The postgres user must reach the data folder through the data root.
        await chmod(config.dataDir, 0o755);
        await runChecked(findExecutable('chown', config.binSearchPath) ?? 'chown', [
          '-R',
          `${user}:${user}`,
          dir,
        ]);
      }
      const opts = { asUser: user, cwd: dir, env: config.env, searchPath: config.binSearchPath };
      if (!existsSync(path.join(dir, 'PG_VERSION'))) {
        if ((await readdir(dir)).length > 0) {
          throw new InfrastructureError(
            `${dir} is neither empty nor a PostgreSQL data folder; move it away and run again`,
          );
        }
        config.log(`postgres: initdb ${dir}`);
        await runChecked(
          found.initdb,
          ['-D', dir, '-U', target.user, '--auth=trust', '--encoding=UTF8', '--locale=C'],
          opts,
        ).catch((error: Error) => {
          throw new InfrastructureError(
            `initdb failed${user ? ` (as OS user ${user}: every parent folder of ${dir} must be readable by it)` : ''}: ${error.message}`,
          );
        });
      }
      config.log(`postgres: pg_ctl start (port ${target.port})`);
      const serverOptions = `-p ${target.port} -k '${dir}' -c listen_addresses=${target.host}`;
      const started = await run(
        found.pgCtl,
        ['start', '-D', dir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions],
        opts,
      );
      if (started.code !== 0) {
        throw new InfrastructureError(
          `pg_ctl start failed for ${dir}:\n${started.output.trim()}\n${readTail(logFile)}`,
        );
      }
      const probe = await waitFor(async () => {
        const result = await probePostgres(target);
        return result.state === 'up' ? result : undefined;
      }, START_TIMEOUT_MS);
      if (!probe)
        throw new InfrastructureError(
          `PostgreSQL started from ${dir} but does not answer at ${endpoint}; log:\n${readTail(logFile)}`,
        );
      return `data ${dir}`;
    },

    async ownServerRunning() {
      return livePidFromFile(path.join(dir, 'postmaster.pid'), 'postgres') !== undefined;
    },

    async stop() {
      if (!(await this.ownServerRunning())) return 'not running';
      const result = await pgCtl(['stop', '-D', dir, '-m', 'fast', '-w', '-t', '60']);
      if (result.code !== 0)
        throw new InfrastructureError(`pg_ctl stop failed for ${dir}:\n${result.output.trim()}`);
      return 'stopped';
    },

    async afterInstall(probe) {
      // Debian's package starts its own cluster on 5432 with password auth for TCP; stop it so ours can take the port.
      const found = bins();
      const ctlcluster = findExecutable('pg_ctlcluster', config.binSearchPath);
      if (probe.state !== 'unusable' || !found || !ctlcluster) return;
      const version = path.basename(path.dirname(found.binDir));
      config.log(
        `postgres: stopping the packaged cluster ${version}/main, which does not accept ${target.user} without a password`,
      );
      await run(ctlcluster, [version, 'main', 'stop']);
    },
  };
}

/** Throws unless `name` is a plain lower-case identifier (letters, digits, underscores, at most 63). */
export function assertDatabaseName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new InfrastructureError(
      `invalid database name ${JSON.stringify(name)}: use lower-case letters, digits and underscores, at most 63, not starting with a digit`,
    );
  }
}

export async function databaseExists(name: string, target: PostgresTarget): Promise<boolean> {
  return withClient(
    target,
    async (client) =>
      (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1,
  );
}

/** The server's admin URL for a target, as the PostgreSQL adapter takes it. */
export function serverUrl({ host, port, user, password }: PostgresTarget): string {
  const credentials = password
    ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}`
    : encodeURIComponent(user);
  return `postgres://${credentials}@${host}:${port}/postgres`;
}

/** Creates the database unless it exists; true when it was created now. */
export async function createDatabaseAt(name: string, target: PostgresTarget): Promise<boolean> {
  assertDatabaseName(name);
  return createDatabase(serverUrl(target), name);
}

/** Drops the database if it exists, disconnecting its sessions (PostgreSQL 13+); true when it existed. */
export async function dropDatabaseAt(name: string, target: PostgresTarget): Promise<boolean> {
  assertDatabaseName(name);
  return dropDatabase(serverUrl(target), name);
}

/** Creates every missing {@link SERVICE_DATABASES} entry. */
export async function ensureServiceDatabases(
  target: PostgresTarget,
): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const name of SERVICE_DATABASES) {
    ((await createDatabaseAt(name, target)) ? created : existing).push(name);
  }
  return { created, existing };
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: string; errors?: { code?: string }[] };
  return e?.code ?? e?.errors?.[0]?.code;
}
