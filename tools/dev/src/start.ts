import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

import { databaseUrl } from '@exchange/shared-data-access-postgres';

import { type Child, startChild, startTypeScript, stopChild } from './children';
import { type Command, type CommandContext } from './commands';
import { type DevConfig, REPO_ROOT, resolveConfig } from './config';
import {
  botArguments,
  DEMO_MARKETS,
  demoCredentialsFile,
  type DemoSetup,
  describeRunning,
  seedArguments,
} from './demo';
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
  /** The gateway's HTTP port: web page, REST and WebSocket (8080 + offset unless given). */
  gatewayPort: number;
  /** The gateway's gRPC port (9090 + offset unless given). */
  grpcPort: number;
  /** Seed the demo users and run the demo bots once the exchange is ready (EXCHANGE_DEMO=0: no). */
  demo: boolean;
  /** Show every request's log line in the terminal too (EXCHANGE_LOG_REQUESTS=1); the log files always have them. */
  logRequests: boolean;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new Error(`${name}: expected a port from 1 to 65535 (got ${text})`);
  }
  return value;
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
  const demo = env['EXCHANGE_DEMO'] ?? '1';
  if (demo !== '0' && demo !== '1') throw new Error(`EXCHANGE_DEMO: expected 0 or 1 (got ${demo})`);
  return {
    prefix,
    portOffset: offset,
    gatewayPort: port(env, 'EXCHANGE_GATEWAY_PORT', 8080 + offset),
    grpcPort: port(env, 'EXCHANGE_GRPC_PORT', 9090 + offset),
    demo: demo === '1',
    logRequests: env['EXCHANGE_LOG_REQUESTS'] === '1',
  };
}

/**
 * The terminal without the services' routine request lines (`"msg":"request completed"` at info level): with the
 * bots running they would be most of what scrolls by. Warnings, errors and everything else pass.
 */
export function withoutRequestLines(out: (line: string) => void): (line: string) => void {
  return (line) => {
    if (line.includes('"msg":"request completed"') && /"level":("info"|30)/.test(line)) return;
    out(line);
  };
}

/** A service's HTTP port in this run. */
export function servicePort(service: (typeof SERVICES)[number], settings: StartSettings): number {
  return service.name === 'gateway' ? settings.gatewayPort : service.port + settings.portOffset;
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
    HTTP_PORT: String(servicePort(service, settings)),
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
  if (service.name === 'matching') {
    env['MATCHING_MARKETS'] = DEMO_MARKETS.map((m) => m.market).join(',');
  }
  if (service.name === 'gateway') {
    env['GRPC_PORT'] = String(settings.grpcPort);
    // Locally the bots, the browser and any test all come from 127.0.0.1, which Binance's per-IP weight
    // limit (6000 a minute) would count as one client.
    env['RATE_LIMIT_WEIGHT_PER_MINUTE'] = '60000';
  }
  if (service.name === 'wallet') {
    // The demo's chain: deposit addresses, deposits credited after confirmations, withdrawals sent (docs/wallet.md).
    env['WALLET_CHAIN_WATCHER'] = 'simulated';
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

async function waitReady(url: string, running: Child, timeoutMs: number): Promise<void> {
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

/** Whether something accepts TCP connections on the port (the gateway's gRPC partner API, GRPC_PORT). */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * `start`: makes the infrastructure ready, builds the web page if needed, runs every service and, once all
 * answer, the demo (users, keys, balances, bots), until SIGINT, SIGTERM or SIGHUP, when it stops the bots, then the
 * services (SIGTERM, each drains) and exits 0. If a service dies, the others are stopped and it exits 1, so that
 * nobody trades against half an exchange; if the demo fails, the exchange keeps running without it.
 */
export const start: Command = {
  usage: 'start',
  summary: 'run the exchange on this machine (infrastructure, web page, services, demo bots), until Ctrl-C',
  async run(context: CommandContext) {
    const settings = startSettings(context.options.env ?? process.env);
    const config = resolveConfig(context.options);
    const logDir = path.join(config.dataDir, 'logs');
    const terminal = settings.logRequests ? context.out : withoutRequestLines(context.out);
    const services: Child[] = [];
    const helpers: Child[] = [];
    let stopping = false;
    const stopAll = async () => {
      stopping = true;
      // Bots first, while the gateway still answers: the maker cancels its quotes on the way out.
      await Promise.all(helpers.map((h) => stopChild(h, 15_000)));
      return Promise.all(services.map((s) => stopChild(s, 60_000)));
    };
    const stopped = new Promise<number>((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        context.err(`${signal}: stopping the exchange`);
        void stopAll().then((codes) => resolve(codes.every((code) => code === 0) ? 0 : 1));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      // A closed terminal: the children, in process groups of their own (children.ts), do not get its SIGHUP.
      process.once('SIGHUP', onSignal);
    });

    try {
      const infrastructure = await ensureInfrastructure({
        ...context.options,
        log: (line) => context.err(`  ${line}`),
      });
      for (const service of SERVICES.filter((s) => s.postgres)) {
        await createDatabaseAt(databaseName(settings.prefix, service.name), infrastructure.postgres);
      }
      await buildWebIfMissing(context, helpers);
      if (stopping) return stopped;
      for (const service of SERVICES) {
        services.push(
          startTypeScript(`apps/${service.name}/src/main.ts`, [], {
            name: service.name,
            env: serviceEnvironment(service, config, settings),
            out: terminal,
            logDir,
          }),
        );
      }
      await Promise.all(
        SERVICES.map((service, i) =>
          waitReady(`http://127.0.0.1:${servicePort(service, settings)}/health/ready`, services[i]!, 60_000),
        ),
      );
    } catch (error) {
      if (stopping) return stopped;
      context.err(`start failed: ${(error as Error).message}`);
      await stopAll();
      return 1;
    }

    const gateway = `http://127.0.0.1:${settings.gatewayPort}`;
    context.err(`READY gateway ${gateway}`);
    const credentialsFile = demoCredentialsFile(config.dataDir);
    const demo = settings.demo
      ? await startDemo(context, gateway, credentialsFile, helpers, logDir)
      : undefined;
    if (stopping) return stopped;
    const grpc = (await listening('127.0.0.1', settings.grpcPort))
      ? `127.0.0.1:${settings.grpcPort}`
      : undefined;
    const endpoints = {
      gateway,
      grpc,
      services: SERVICES.map((s) => ({ name: s.name, url: `http://127.0.0.1:${servicePort(s, settings)}` })),
    };
    describeRunning(endpoints, demo, credentialsFile).forEach((line) => context.err(line));
    context.err(`  logs         ${logDir}/<service>.log (and above)`);

    const firstExit = Promise.race(services.map((r) => r.exited.then((code) => ({ service: r.name, code }))));
    const outcome = await Promise.race([stopped, firstExit]);
    if (typeof outcome === 'number' || stopping) return stopped;
    context.err(`${outcome.service} exited with code ${outcome.code}; stopping the others`);
    await stopAll();
    return 1;
  },
};

/**
 * Builds the web frontend into dist/apps/web when the repository has one and it is not built yet; the gateway
 * serves it. A failed build is reported, and the exchange runs on without the page.
 */
async function buildWebIfMissing(context: CommandContext, helpers: Child[]): Promise<void> {
  if (!existsSync(path.join(REPO_ROOT, 'apps/web'))) {
    context.err('web: no apps/web in this checkout; the exchange runs without its web page');
    return;
  }
  if (existsSync(path.join(REPO_ROOT, 'dist/apps/web/index.html'))) return;
  context.err('web: building the web frontend (npx nx build web), once');
  const build = startChild({
    name: 'web-build',
    command: 'npx',
    args: ['nx', 'build', 'web', '--outputStyle=static'],
    env: {},
    out: context.out,
  });
  helpers.push(build);
  const code = await build.exited;
  helpers.splice(helpers.indexOf(build), 1);
  if (code !== 0) context.err(`web: the build failed (exit ${code}); the exchange runs without its web page`);
}

/**
 * Makes the demo users through the public API (tools/loadgen/src/demo-main.ts), then starts the bots
 * (tools/loadgen/src/main.ts) on the demo markets the exchange has. Returns the set-up, or undefined when it
 * failed (said on standard error).
 */
async function startDemo(
  context: CommandContext,
  gateway: string,
  credentialsFile: string,
  helpers: Child[],
  logDir: string,
): Promise<DemoSetup | undefined> {
  const seed = startTypeScript('tools/loadgen/src/demo-main.ts', seedArguments(gateway, credentialsFile), {
    name: 'demo-seed',
    env: {},
    out: context.out,
    logDir,
  });
  helpers.push(seed);
  let setup: DemoSetup | undefined;
  seed.onLine((line) => {
    if (line.startsWith('{"type":"demo"')) setup = JSON.parse(line) as DemoSetup;
  });
  const code = await seed.exited;
  helpers.splice(helpers.indexOf(seed), 1);
  if (code !== 0 || !setup) {
    context.err(`demo: setting up the demo users failed (exit ${code}, see demo-seed above); no bots run`);
    return undefined;
  }
  if (setup.markets.length === 0) {
    context.err('demo: the exchange has none of the demo markets; no bots run');
    return setup;
  }
  const bots = startTypeScript(
    'tools/loadgen/src/main.ts',
    botArguments(gateway, credentialsFile, setup.markets),
    {
      name: 'loadgen',
      env: {},
      out: context.out,
      logDir,
    },
  );
  helpers.push(bots);
  void bots.exited.then((exit) => {
    if (exit !== 0 && exit !== null)
      context.err(`demo: the bots exited with code ${exit}; the exchange keeps running`);
  });
  return setup;
}
