import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import Redis from 'ioredis';
import { connect } from 'nats';
import { Client } from 'pg';

import { type DevOptions } from './config';
import { InfrastructureError } from './errors/infrastructure.error';
import { ensureInfrastructure, infrastructureStatus, stopInfrastructure } from './infrastructure';
import { probeNats } from './nats';
import { probePostgres } from './postgres';
import { probeRedis } from './redis';

// Starting a server takes seconds; these are limits, not expectations.
jest.setTimeout(120_000);

describe(`${ensureInfrastructure.name} with the servers on the standard ports`, () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tools-dev-up-'));
  });

  afterAll(async () => {
    // Nothing should have been started; stop whatever was, then remove the folder.
    await stopInfrastructure({ dataDir });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds each server, twice, and changes nothing', async () => {
    const sut = () => ensureInfrastructure({ dataDir });

    const first = await sut();
    const second = await sut();

    expect(first.reports.map((r) => [r.service, r.action])).toEqual([
      ['postgres', 'found'],
      ['redis', 'found'],
      ['nats', 'found'],
    ]);
    expect(second).toEqual(first);
    expect(first.postgres).toMatchObject({ host: '127.0.0.1', port: 5432, user: 'postgres' });
    expect(first.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(first.natsUrl).toBe('nats://127.0.0.1:4222');
  });
});

describe(`${ensureInfrastructure.name} with the servers down`, () => {
  const ports = { postgres: 25432, redis: 26379, nats: 24222 };
  let dataDir: string;
  let options: DevOptions;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tools-dev-down-'));
    options = {
      dataDir,
      postgres: { host: '127.0.0.1', port: ports.postgres, user: 'postgres' },
      redisUrl: `redis://127.0.0.1:${ports.redis}`,
      natsUrl: `nats://127.0.0.1:${ports.nats}`,
    };
  });

  afterAll(async () => {
    await stopInfrastructure(options);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('has free ports to start with', async () => {
    expect((await probePostgres(options.postgres as never)).state).toBe('down');
    expect((await probeRedis(options.redisUrl!)).state).toBe('down');
    expect((await probeNats(options.natsUrl!)).state).toBe('down');
  });

  it('starts each installed server with its data under the data folder', async () => {
    const sut = await ensureInfrastructure(options);

    expect(sut.reports.map((r) => [r.service, r.action, r.detail])).toEqual([
      ['postgres', 'started', `data ${path.join(dataDir, 'postgres')}`],
      ['redis', 'started', `data ${path.join(dataDir, 'redis')}`],
      ['nats', 'started', `data ${path.join(dataDir, 'nats')}`],
    ]);
  });

  it('leaves PostgreSQL answering queries', async () => {
    const client = new Client({
      host: '127.0.0.1',
      port: ports.postgres,
      user: 'postgres',
      database: 'postgres',
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ answer: number }>('select 1 + 1 as answer');
      expect(rows).toEqual([{ answer: 2 }]);
    } finally {
      await client.end();
    }
  });

  it('leaves Redis storing keys', async () => {
    const client = new Redis(options.redisUrl!);
    try {
      await client.set('tools-dev:spec', 'ok');
      expect(await client.get('tools-dev:spec')).toBe('ok');
      await client.del('tools-dev:spec');
    } finally {
      client.disconnect();
    }
  });

  it('leaves NATS with JetStream storing messages in a stream', async () => {
    const connection = await connect({ servers: options.natsUrl });
    try {
      const manager = await connection.jetstreamManager();
      await manager.streams.add({ name: 'TOOLS_DEV_SPEC', subjects: ['tools-dev.spec'] });
      const ack = await connection.jetstream().publish('tools-dev.spec', new TextEncoder().encode('ok'));
      expect(ack).toMatchObject({ stream: 'TOOLS_DEV_SPEC', seq: 1 });
      await manager.streams.delete('TOOLS_DEV_SPEC');
    } finally {
      await connection.close();
    }
  });

  it('finds them on a second run and reports them as its own', async () => {
    const sut = await ensureInfrastructure(options);

    expect(sut.reports.map((r) => r.action)).toEqual(['found', 'found', 'found']);
    expect(
      (await infrastructureStatus(options)).map((s) => [s.service, s.probe.state, s.ownServerRunning]),
    ).toEqual([
      ['postgres', 'up', true],
      ['redis', 'up', true],
      ['nats', 'up', true],
    ]);
  });

  it('stops only its own servers, and starts them again from the kept data', async () => {
    expect(await stopInfrastructure(options)).toEqual([
      { service: 'postgres', result: 'stopped' },
      { service: 'redis', result: 'stopped' },
      { service: 'nats', result: 'stopped' },
    ]);
    expect((await infrastructureStatus(options)).map((s) => s.probe.state)).toEqual(['down', 'down', 'down']);

    const sut = await ensureInfrastructure(options);

    expect(sut.reports.map((r) => r.action)).toEqual(['started', 'started', 'started']);
  });

  it('leaves the servers it found alone when stopping', async () => {
    const standard = await mkdtemp(path.join(os.tmpdir(), 'tools-dev-none-'));
    try {
      expect((await stopInfrastructure({ dataDir: standard })).map((r) => r.result)).toEqual([
        'not running',
        'not running',
        'not running',
      ]);
      expect((await infrastructureStatus({ dataDir: standard })).map((s) => s.probe.state)).toEqual([
        'up',
        'up',
        'up',
      ]);
    } finally {
      await rm(standard, { recursive: true, force: true });
    }
  });
});

describe(`${ensureInfrastructure.name} with the servers down, not installed, and no apt-get`, () => {
  let empty: string;

  beforeAll(async () => {
    empty = await mkdtemp(path.join(os.tmpdir(), 'tools-dev-missing-'));
  });

  afterAll(async () => {
    await rm(empty, { recursive: true, force: true });
  });

  it('stops with one message per service saying what is missing and how to get it', async () => {
    const sut = ensureInfrastructure({
      dataDir: path.join(empty, 'data'),
      postgres: { port: 25439 },
      redisUrl: 'redis://127.0.0.1:26389',
      natsUrl: 'nats://127.0.0.1:24232',
      binSearchPath: [empty],
      postgresLibDir: empty,
    });

    const error = (await sut.catch((e: unknown) => e)) as InfrastructureError;

    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.problems).toHaveLength(3);
    const [postgres, redis, nats] = error.problems;
    expect(postgres).toMatch(
      /^PostgreSQL does not answer at 127\.0\.0\.1:25439 .* not installed: no initdb and pg_ctl under .*apt-get is not available.*package: postgresql\).*https:\/\/www\.postgresql\.org\/download\/.*PGHOST/,
    );
    expect(redis).toMatch(
      /^Redis does not answer at redis:\/\/127\.0\.0\.1:26389 .*no redis-server on PATH.*package: redis-server\).*REDIS_URL/,
    );
    expect(nats).toMatch(
      /^NATS \(with JetStream\) does not answer at nats:\/\/127\.0\.0\.1:24232 .*no nats-server .*package: nats-server\).*NATS_URL/,
    );
  });
});
