import path from 'node:path';

import { ConfigError } from './errors/infrastructure.error';

/** Where and as whom to reach PostgreSQL. */
export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
}

/** Overrides for {@link resolveConfig}; anything left out comes from the environment, then the defaults. */
export interface DevOptions {
  /** Root of the servers' data, one folder per service. Default: env EXCHANGE_DEV_DATA_DIR, else `<repo>/.data`. */
  dataDir?: string;
  postgres?: Partial<PostgresTarget>;
  redisUrl?: string;
  natsUrl?: string;
  /** Environment to read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Folders searched for server binaries and apt-get (default: PATH plus the sbin folders). */
  binSearchPath?: string[];
  /** Folder holding Debian's `<version>/bin` PostgreSQL trees (default `/usr/lib/postgresql`). */
  postgresLibDir?: string;
  /** Progress lines (apt-get, server start). Default: none. */
  log?: (line: string) => void;
}

/** A parsed endpoint of a URL-addressed service. */
export interface HostPort {
  host: string;
  port: number;
}

export interface DevConfig {
  readonly repoRoot: string;
  readonly dataDir: string;
  readonly postgres: Readonly<PostgresTarget>;
  readonly redisUrl: string;
  readonly redis: Readonly<HostPort>;
  readonly natsUrl: string;
  readonly nats: Readonly<HostPort>;
  readonly binSearchPath: readonly string[];
  readonly postgresLibDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SBIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export const DEFAULTS = {
  pgHost: '127.0.0.1',
  pgPort: 5432,
  pgUser: 'postgres',
  redisUrl: 'redis://127.0.0.1:6379',
  natsUrl: 'nats://127.0.0.1:4222',
} as const;

/** Reads options, then the environment, then the defaults, once; lists every bad value instead of stopping at the first. */
export function resolveConfig(options: DevOptions = {}): DevConfig {
  const env = options.env ?? process.env;
  const problems: string[] = [];

  const pgPortRaw = options.postgres?.port ?? env['PGPORT'] ?? DEFAULTS.pgPort;
  const pgPort = parsePort(pgPortRaw, 'PGPORT (or --pg-port)', problems);
  const redisUrl = options.redisUrl ?? env['REDIS_URL'] ?? DEFAULTS.redisUrl;
  const redis = parseUrl(redisUrl, ['redis:', 'rediss:'], 6379, 'REDIS_URL (or --redis-url)', problems);
  const natsUrl = options.natsUrl ?? env['NATS_URL'] ?? DEFAULTS.natsUrl;
  const nats = parseUrl(
    natsUrl.includes('://') ? natsUrl : `nats://${natsUrl}`,
    ['nats:', 'tls:'],
    4222,
    'NATS_URL (or --nats-url)',
    problems,
  );
  const dataDirRaw = options.dataDir ?? env['EXCHANGE_DEV_DATA_DIR'] ?? path.join(REPO_ROOT, '.data');
  if (dataDirRaw.trim() === '') problems.push('EXCHANGE_DEV_DATA_DIR (or --data-dir): must not be empty');
  if (problems.length > 0) throw new ConfigError(problems);

  const password = options.postgres?.password ?? env['PGPASSWORD'];
  const searchPath = options.binSearchPath ?? [
    ...(env['PATH'] ?? '').split(path.delimiter).filter(Boolean),
    ...SBIN_DIRS,
  ];
  return Object.freeze({
    repoRoot: REPO_ROOT,
    dataDir: path.resolve(dataDirRaw),
    postgres: Object.freeze({
      host: options.postgres?.host ?? env['PGHOST'] ?? DEFAULTS.pgHost,
      port: pgPort,
      user: options.postgres?.user ?? env['PGUSER'] ?? DEFAULTS.pgUser,
      ...(password ? { password } : {}),
    }),
    redisUrl,
    redis: Object.freeze(redis),
    natsUrl,
    nats: Object.freeze(nats),
    binSearchPath: Object.freeze([...new Set(searchPath)]),
    postgresLibDir: options.postgresLibDir ?? '/usr/lib/postgresql',
    env,
    log: options.log ?? (() => undefined),
  });
}

/** True when the host is this machine, so this tool may start a server for it. */
export function isLocalHost(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
}

function parsePort(raw: string | number, name: string, problems: string[]): number {
  const port = typeof raw === 'number' ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`${name}: expected a port number 1-65535, got ${JSON.stringify(raw)}`);
    return 0;
  }
  return port;
}

function parseUrl(
  raw: string,
  protocols: string[],
  defaultPort: number,
  name: string,
  problems: string[],
): HostPort {
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) throw new Error(`protocol must be one of ${protocols.join(' ')}`);
    if (!url.hostname) throw new Error('no host');
    const port = url.port ? Number(url.port) : defaultPort;
    return { host: url.hostname, port };
  } catch (error) {
    problems.push(
      `${name}: expected a URL like ${protocols[0]}//127.0.0.1:${defaultPort}, got ${JSON.stringify(raw)} (${(error as Error).message})`,
    );
    return { host: '', port: 0 };
  }
}
