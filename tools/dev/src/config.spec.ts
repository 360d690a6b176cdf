import path from 'node:path';

import { REPO_ROOT, resolveConfig } from './config';
import { ConfigError } from './errors/infrastructure.error';
import { uniqueName } from './names';

describe(resolveConfig.name, () => {
  it('defaults to the standard local ports, the postgres role and <repo>/.data', () => {
    const sut = resolveConfig({ env: {} });

    expect(sut.postgres).toEqual({ host: '127.0.0.1', port: 5432, user: 'postgres' });
    expect(sut.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(sut.nats).toEqual({ host: '127.0.0.1', port: 4222 });
    expect(sut.dataDir).toBe(path.join(REPO_ROOT, '.data'));
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('reads the environment, and options win over it', () => {
    const env = {
      PGHOST: 'localhost',
      PGPORT: '6543',
      PGUSER: 'me',
      PGPASSWORD: 'pw',
      REDIS_URL: 'redis://localhost:7000',
      NATS_URL: '127.0.0.1:5222',
      EXCHANGE_DEV_DATA_DIR: '/tmp/x',
    };

    const fromEnv = resolveConfig({ env });
    const fromOptions = resolveConfig({
      env,
      postgres: { port: 25432 },
      redisUrl: 'redis://127.0.0.1:26379',
      dataDir: '/tmp/y',
    });

    expect(fromEnv.postgres).toEqual({ host: 'localhost', port: 6543, user: 'me', password: 'pw' });
    expect(fromEnv.redis).toEqual({ host: 'localhost', port: 7000 });
    expect(fromEnv.nats).toEqual({ host: '127.0.0.1', port: 5222 });
    expect(fromEnv.dataDir).toBe('/tmp/x');
    expect(fromOptions.postgres.port).toBe(25432);
    expect(fromOptions.redis.port).toBe(26379);
    expect(fromOptions.dataDir).toBe('/tmp/y');
  });

  it('lists every bad variable at once', () => {
    const sut = () => resolveConfig({ env: { PGPORT: 'abc', REDIS_URL: 'http://x', NATS_URL: 'nats://' } });

    expect(sut).toThrow(ConfigError);
    try {
      sut();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
        'PGPORT (or --pg-port)',
        'REDIS_URL (or --redis-url)',
        'NATS_URL (or --nats-url)',
      ]);
    }
  });
});

describe(uniqueName.name, () => {
  it('is a valid lower-case identifier of at most 63 characters, different on every call', () => {
    const names = Array.from({ length: 50 }, () => uniqueName('My-Service.Test'));

    expect(new Set(names).size).toBe(50);
    for (const name of names) {
      expect(name).toMatch(/^my_service_test_\d+_[a-z0-9]+$/);
      expect(name).toContain(`_${process.pid}_`);
    }
    expect(uniqueName('x'.repeat(100)).length).toBeLessThanOrEqual(63);
  });
});
