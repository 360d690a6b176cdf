import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { databaseUrl } from '@exchange/shared-data-access-postgres';

import { type Command, type CommandContext } from './commands';
import { type DevConfig, REPO_ROOT, resolveConfig } from './config';
import { ensureInfrastructure } from './infrastructure';
import { createDatabaseAt, serverUrl } from './postgres';

/** The exchange's services, in start order, with their HTTP port and what they need. */
export const SERVICES = [
  { name: 'users', port: 3001, postgres: true, redis: true },
  { name: 'wallet', port: 3002, postgres: true, redis: false },
  { name: 'matching', port: 3003, postgres: true, redis: false },
  { name: 'market-data', port: 3004, postgres: true, redis: true },
  { name: 'gateway', port: 8080, postgres: false, redis: true },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

export interface StartSettings {
  /** Names databases, streams and keys: `exchange` by default; a test run gives its own. */
  prefix: string;
  /** Added to every service's default HTTP port (for a second exchange beside the first). */
  portOffset: number;
}

export function startSettings(env: NodeJS.ProcessEnv): StartSettings {
  const prefix = env['EXCHANGE_RUN_PREFIX'] ?? 'exchange';
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(prefix)) {
    throw new Error(
      `EXCHANGE_RUN_PREFIX: expected lower-case letters, digits and _ (got ${JSON.stringify(prefix)})`,
    );
  }
  const offset = Number(env['EXCHANGE_PORT_OFFSET'] ?? '0');
  if (!Number.isInteger(offset) || offset < 0 || offset > 50_000) {
    throw new Error(
      `EXCHANGE_PORT_OFFSET: expected an integer from 0 to 50000 (got ${env['EXCHANGE_PORT_OFFSET']})`,
    );
  }
  return { prefix, portOffset: offset };
}

/** The environment each service is started with, from the dev infrastructure and the run settings. */
export function serviceEnvironment(
  service: (typeof SERVICES)[number],
  config: DevConfig,
  settings: StartSettings,
): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(service.port + settings.portOffset),
    NATS_URL: config.natsUrl,
    NATS_STREAM_PREFIX: settings.prefix === 'exchange' ? '' : settings.prefix,
  };
  if (service.postgres) {
    env['DATABASE_URL'] = databaseUrl(
      serverUrl(config.postgres),
      databaseName(settings.prefix, service.name),
    );
  }
  if (service.redis) {
    env['REDIS_URL'] = config.redisUrl;
    env['REDIS_KEY_PREFIX'] = `${settings.prefix}:`;
  }
  if (service.name === 'users') {
    const secrets = devSecrets(config.dataDir);
    env['JWT_PRIVATE_KEY'] = secrets.jwtPrivateKeyPem;
    env['SECRETS_KEK'] = secrets.secretsKek;
  }
  return env;
}

/** Keys the users service must keep across restarts (token signing, sealed secrets); made once per data folder. */
export interface DevSecrets {
  jwtPrivateKeyPem: string;
  secretsKek: string;
}

export function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    jwtPrivateKeyPem: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    secretsKek: randomBytes(32).toString('base64'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function databaseName(prefix: string, service: string): string {
  return `${prefix}_${service.replace(/-/g, '_')}`;
}

interface Running {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

function startChild(name: string, env: Record<string, string>, out: (line: string) => void): Running {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'tools/run.cjs'), `apps/${name}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const label = name.padEnd(11);
  createInterface({ input: child.stdout! }).on('line', (line) => out(`${label}| ${line}`));
  createInterface({ input: child.stderr! }).on('line', (line) => out(`${label}! ${line}`));
  return { name, child, exited: once(child, 'exit').then(([code]) => code as number | null) };
}

async function waitReady(url: string, running: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void running.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${running.name} exited before it was ready`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${running.name} was not ready at ${url} within ${timeoutMs} ms`);
}

/**
 * `start`: makes the infrastructure ready, then runs every service until SIGINT or SIGTERM, when it
 * stops them all (SIGTERM, each drains) and exits 0. If one service dies, the others are stopped and
 * it exits 1, so that nobody trades against half an exchange.
 */
export const start: Command = {
  usage: 'start',
  summary: 'run every service of the exchange on this machine (infrastructure first), until Ctrl-C',
  async run(context: CommandContext) {
    const settings = startSettings(context.options.env ?? process.env);
    const infrastructure = await ensureInfrastructure({
      ...context.options,
      log: (line) => context.err(`  ${line}`),
    });
    const config = resolveConfig(context.options);
    for (const service of SERVICES.filter((s) => s.postgres)) {
      await createDatabaseAt(databaseName(settings.prefix, service.name), infrastructure.postgres);
    }

    const running: Running[] = [];
    let stopping = false;
    const stopAll = async () => {
      stopping = true;
      for (const r of running)
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
      return Promise.all(running.map((r) => r.exited));
    };
    const stopped = new Promise<number>((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        context.err(`${signal}: stopping the exchange`);
        void stopAll().then((codes) => resolve(codes.every((code) => code === 0) ? 0 : 1));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });

    try {
      for (const service of SERVICES) {
        running.push(startChild(service.name, serviceEnvironment(service, config, settings), context.out));
      }
      await Promise.all(
        SERVICES.map((service, i) =>
          waitReady(
            `http://127.0.0.1:${service.port + settings.portOffset}/health/ready`,
            running[i]!,
            60_000,
          ),
        ),
      );
    } catch (error) {
      context.err(`start failed: ${(error as Error).message}`);
      await stopAll();
      return 1;
    }

    context.err(`the exchange is running (Ctrl-C stops it):`);
    for (const service of SERVICES) {
      context.err(
        `  ${service.name.padEnd(12)}http://127.0.0.1:${service.port + settings.portOffset}  (/health/ready, /metrics)`,
      );
    }
    context.err(`READY gateway http://127.0.0.1:${8080 + settings.portOffset}`);
    const firstExit = Promise.race(
      running.map((r, i) => r.exited.then((code) => ({ service: SERVICES[i]!.name, code }))),
    );
    const outcome = await Promise.race([stopped, firstExit]);
    if (typeof outcome === 'number' || stopping) return stopped;
    context.err(`${outcome.service} exited with code ${outcome.code}; stopping the others`);
    await stopAll();
    return 1;
  },
};
