import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { connect } from 'nats';

import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';

import { ApiV1Client } from '../src/api-v1-client';
import { BinanceRestClient } from '../src/binance-client';
import { type DemoSetup } from '../src/demo-seed';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
// Its own prefix, ports and data folder: never meets a dev exchange running on the same machine.
const prefix = `t_whole_${process.pid}_${Date.now().toString(36)}`.slice(0, 40);
const offset = 23_000;
const gateway = `http://127.0.0.1:${8080 + offset}`;
const DATABASES = ['users', 'wallet', 'matching', 'market_data'].map((service) => `${prefix}_${service}`);

/** Every process below `pid` now (children, their children...), from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const walk = (p: number) =>
    (parents.get(p) ?? []).forEach((child) => {
      found.push(child);
      walk(child);
    });
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The whole exchange as `npm start` runs it (tools/dev start: infrastructure, services, demo users, bots), checked
 * only through the public API: trades on every demo market, then Ctrl-C leaves no process behind.
 */
describe('npm start, the whole system', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'whole-system-'));
  const credentialsFile = path.join(dataDir, 'demo-credentials.json');
  let start: ChildProcess;
  let exited: Promise<unknown[]>;
  const stderr: string[] = [];
  const stdout: string[] = [];

  beforeAll(async () => {
    start = spawn(process.execPath, ['tools/run.cjs', 'tools/dev/src/main.ts', 'start'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        EXCHANGE_RUN_PREFIX: prefix,
        EXCHANGE_PORT_OFFSET: String(offset),
        EXCHANGE_DEV_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a terminal gives `npm start`: Ctrl-C signals the whole group.
      detached: true,
    });
    exited = once(start, 'exit');
    createInterface({ input: start.stdout! }).on('line', (line) => stdout.push(line));
    // The demo block ends with the logs line; the bots are started by then.
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: start.stderr! }).on('line', (line) => {
        stderr.push(line);
        if (line.startsWith('  logs ')) resolve();
      });
      void exited.then(() =>
        reject(
          new Error(
            `start exited early:\n${stderr.join('\n')}\nlast output:\n${stdout.slice(-15).join('\n')}`,
          ),
        ),
      );
    });
  }, 600_000);

  afterAll(async () => {
    if (start.exitCode === null && start.signalCode === null) {
      process.kill(-start.pid!, 'SIGINT');
      await exited;
    }
    for (const database of DATABASES) await dropDatabase(SERVER_URL, database);
    const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${prefix}:` });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
    const nc = await connect({ servers: NATS_URL });
    await new JetStreamAdmin(await nc.jetstreamManager(), new NatsNames(prefix)).deleteAllWithPrefix();
    await nc.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('prints the endpoints and the demo login, and writes working trade keys for two traders', async () => {
    const printed = stderr.join('\n');
    expect(printed).toContain(`READY gateway ${gateway}`);
    expect(printed).toContain(`web          ${gateway}/`);
    expect(printed).toContain(`ws://127.0.0.1:${8080 + offset}/ws`);
    expect(printed).toMatch(/demo login {3}demo@example\.com \/ \S+/);
    const setup = JSON.parse(readFileSync(credentialsFile, 'utf8')) as DemoSetup;
    // The printed demo login opens a session.
    const login = await new ApiV1Client(gateway).call<{ accessToken: string }>(
      'POST',
      '/auth/login',
      setup.webUser,
    );
    expect(login.accessToken).toEqual(expect.any(String));
    expect(printed).toContain(`demo login   ${setup.webUser.email} / ${setup.webUser.password}`);
    expect(setup.traders).toHaveLength(2);
    for (const trader of setup.traders) {
      const account = await new BinanceRestClient({ baseUrl: gateway, credentials: trader }).account();
      expect(account.balances.some((b) => b.asset === 'USDT' && Number(b.free) + Number(b.locked) > 0)).toBe(
        true,
      );
    }
  });

  it('serves the web page when the repository has one', async () => {
    const hasWeb = existsSync(path.join(REPO_ROOT, 'apps/web'));
    const page = await fetch(`${gateway}/`);
    expect({ hasWeb, status: page.status, html: /<html/i.test(await page.text()) }).toEqual({
      hasWeb,
      status: hasWeb ? 200 : 404,
      html: hasWeb,
    });
  });

  it('trades on every demo market (BTC-USDT, ETH-USDT, SOL-USDT, ETH-BTC) within 30 seconds', async () => {
    const setup = JSON.parse(readFileSync(credentialsFile, 'utf8')) as DemoSetup;
    expect([...setup.markets].sort()).toEqual(['BTCUSDT', 'ETHBTC', 'ETHUSDT', 'SOLUSDT']);
    const client = new BinanceRestClient({ baseUrl: gateway });
    const counts = async () =>
      Object.fromEntries(
        await Promise.all(setup.markets.map(async (s) => [s, (await client.trades(s, 10)).length] as const)),
      );
    const traded = await eventually(counts, (c) => Object.values(c).every((n) => n > 0), 30_000);
    for (const symbol of setup.markets)
      expect({ symbol, trades: traded[symbol]! > 0 }).toEqual({ symbol, trades: true });
  }, 60_000);

  it('reuses the demo users and keys when set up again', async () => {
    const before = JSON.parse(readFileSync(credentialsFile, 'utf8')) as DemoSetup;
    const seed = spawn(
      process.execPath,
      [
        'tools/run.cjs',
        'tools/loadgen/src/demo-main.ts',
        'seed',
        gateway,
        credentialsFile,
        before.markets.join(','),
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const [code] = await once(seed, 'exit');
    expect(code).toBe(0);
    const after = JSON.parse(readFileSync(credentialsFile, 'utf8')) as DemoSetup;
    expect(after.traders.map((t) => [t.email, t.apiKey])).toEqual(
      before.traders.map((t) => [t.email, t.apiKey]),
    );
  }, 120_000);

  it('stops on Ctrl-C (SIGINT to the process group) with exit code 0 and leaves no process behind', async () => {
    const started = descendants(start.pid!);
    // the five services and the bots
    expect(started.length).toBeGreaterThanOrEqual(6);
    process.kill(-start.pid!, 'SIGINT');
    const [code] = await exited;
    expect(code).toBe(0);
    const left = await eventually(
      async () => started.filter(alive),
      (pids) => pids.length === 0,
      30_000,
    );
    expect(left).toEqual([]);
    for (const service of ['users', 'wallet', 'matching', 'market-data', 'gateway']) {
      expect({
        service,
        stopped: stdout.some((l) => l.startsWith(service.padEnd(11)) && l.includes('"msg":"stopped"')),
      }).toEqual({
        service,
        stopped: true,
      });
    }
    await expect(fetch(`${gateway}/health/live`)).rejects.toThrow();
  }, 120_000);
});
