import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import Redis from 'ioredis';
import { connect } from 'nats';

import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';

import { REPO_ROOT, resolveConfig } from './config';
import { uniqueName } from './names';
import { dropDatabaseAt } from './postgres';
import {
  databaseName,
  SERVICES,
  serviceEnvironment,
  servicePort,
  startSettings,
  withoutRequestLines,
} from './start';

describe('start', () => {
  const prefix = uniqueName('t_start').slice(0, 40);
  const offset = 21_000;
  // Its own data folder: the dev secrets it writes stay out of the repository's `.data/`.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dev-start-run-'));

  afterAll(async () => {
    const { postgres, redisUrl, natsUrl } = resolveConfig();
    for (const service of SERVICES.filter((s) => s.postgres))
      await dropDatabaseAt(databaseName(prefix, service.name), postgres);
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    const nc = await connect({ servers: natsUrl });
    await new JetStreamAdmin(await nc.jetstreamManager(), new NatsNames(prefix)).deleteAllWithPrefix();
    await nc.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('runs every service until SIGTERM, each ready on its port, then stops them all and exits 0', async () => {
    const child = spawn(process.execPath, ['tools/run.cjs', 'tools/dev/src/main.ts', 'start'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        EXCHANGE_RUN_PREFIX: prefix,
        EXCHANGE_PORT_OFFSET: String(offset),
        EXCHANGE_DEV_DATA_DIR: dataDir,
        // The demo (users, bots) has its own whole-system spec: tools/loadgen/test.
        EXCHANGE_DEMO: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    const stdout: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => stdout.push(line));
    const stderr = createInterface({ input: child.stderr! });
    const stderrLines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      stderr.on('line', (line) => {
        stderrLines.push(line);
        if (line.startsWith('READY ')) resolve();
      });
      void exited.then(() => reject(new Error(`start exited early:\n${stderrLines.join('\n')}`)));
    });

    for (const service of SERVICES) {
      const res = await fetch(`http://127.0.0.1:${service.port + offset}/health/ready`);
      expect({ service: service.name, status: res.status }).toEqual({ service: service.name, status: 200 });
    }
    // Each service's JSON log lines come through, labelled with its name.
    expect(stdout.some((line) => /^gateway\s+\| \{.*"msg":"listening"/.test(line))).toBe(true);

    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    for (const service of SERVICES) {
      expect(
        stdout.some((line) => line.startsWith(service.name.padEnd(11)) && line.includes('"msg":"stopped"')),
      ).toBe(true);
    }
  }, 120_000);
});

describe(serviceEnvironment.name, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dev-start-'));
  const config = resolveConfig({ env: { PGUSER: 'postgres', PGPASSWORD: 'p@ss' }, dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gives each service its own database, the shared NATS, and Redis only where needed', () => {
    const settings = startSettings({});
    const wallet = serviceEnvironment(
      SERVICES.find((s) => s.name === 'wallet')!,
      config,
      settings,
    );
    expect(wallet).toMatchObject({
      HTTP_PORT: '3002',
      DATABASE_URL: 'postgres://postgres:p%40ss@127.0.0.1:5432/exchange_wallet',
      NATS_STREAM_PREFIX: '',
      WALLET_CHAIN_WATCHER: 'simulated',
    });
    expect(wallet).not.toHaveProperty('REDIS_URL');
    const gateway = serviceEnvironment(
      SERVICES.find((s) => s.name === 'gateway')!,
      config,
      settings,
    );
    expect(gateway).toMatchObject({ HTTP_PORT: '8080', REDIS_KEY_PREFIX: 'exchange:' });
    expect(gateway).not.toHaveProperty('DATABASE_URL');
  });

  it('gives users the same signing key and key-encryption key at every start', () => {
    const settings = startSettings({});
    const users = SERVICES.find((s) => s.name === 'users')!;
    const first = serviceEnvironment(users, config, settings);
    const second = serviceEnvironment(users, config, settings);
    expect(first['JWT_PRIVATE_KEY']).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(Buffer.from(first['SECRETS_KEK']!, 'base64')).toHaveLength(32);
    expect([second['JWT_PRIVATE_KEY'], second['SECRETS_KEK']]).toEqual([
      first['JWT_PRIVATE_KEY'],
      first['SECRETS_KEK'],
    ]);
  });

  it('isolates a run by prefix and moves ports by the offset', () => {
    const settings = startSettings({ EXCHANGE_RUN_PREFIX: 'demo2', EXCHANGE_PORT_OFFSET: '100' });
    const md = serviceEnvironment(
      SERVICES.find((s) => s.name === 'market-data')!,
      config,
      settings,
    );
    expect(md).toMatchObject({ HTTP_PORT: '3104', NATS_STREAM_PREFIX: 'demo2', REDIS_KEY_PREFIX: 'demo2:' });
    expect(md['DATABASE_URL']).toMatch(/\/demo2_market_data$/);
  });

  it('puts the gateway on 8080 + offset unless told, and runs matching on the demo markets', () => {
    const gateway = SERVICES.find((s) => s.name === 'gateway')!;
    expect(serviceEnvironment(gateway, config, startSettings({ EXCHANGE_PORT_OFFSET: '100' }))).toMatchObject(
      {
        HTTP_PORT: '8180',
        GRPC_PORT: '9190',
      },
    );
    const moved = startSettings({
      EXCHANGE_PORT_OFFSET: '100',
      EXCHANGE_GATEWAY_PORT: '9000',
      EXCHANGE_GRPC_PORT: '9001',
    });
    expect(serviceEnvironment(gateway, config, moved)).toMatchObject({
      HTTP_PORT: '9000',
      GRPC_PORT: '9001',
    });
    expect(
      servicePort(
        SERVICES.find((s) => s.name === 'users')!,
        moved,
      ),
    ).toBe(3101);
    const matching = serviceEnvironment(
      SERVICES.find((s) => s.name === 'matching')!,
      config,
      moved,
    );
    expect(matching['MATCHING_MARKETS']).toBe('BTC-USDT,ETH-USDT,SOL-USDT,ETH-BTC');
    expect([startSettings({}).demo, startSettings({ EXCHANGE_DEMO: '0' }).demo]).toEqual([true, false]);
  });

  it('keeps routine request lines out of the terminal unless asked, and lets everything else through', () => {
    const shown: string[] = [];
    const sut = withoutRequestLines((line) => shown.push(line));
    sut('gateway    | {"level":"info","msg":"request completed","res":{"statusCode":200}}');
    sut('gateway    | {"level":"warn","msg":"request completed","res":{"statusCode":503}}');
    sut('gateway    | {"level":"info","msg":"listening"}');
    expect(shown).toEqual([
      'gateway    | {"level":"warn","msg":"request completed","res":{"statusCode":503}}',
      'gateway    | {"level":"info","msg":"listening"}',
    ]);
    expect([
      startSettings({}).logRequests,
      startSettings({ EXCHANGE_LOG_REQUESTS: '1' }).logRequests,
    ]).toEqual([false, true]);
  });

  it.each([
    [{ EXCHANGE_GATEWAY_PORT: '70000' }, /EXCHANGE_GATEWAY_PORT/],
    [{ EXCHANGE_DEMO: 'yes' }, /EXCHANGE_DEMO/],
    [{ EXCHANGE_RUN_PREFIX: 'Bad-Prefix' }, /EXCHANGE_RUN_PREFIX/],
    [{ EXCHANGE_PORT_OFFSET: '-1' }, /EXCHANGE_PORT_OFFSET/],
  ])('refuses bad settings %p', (env, message) => expect(() => startSettings(env)).toThrow(message));
});
