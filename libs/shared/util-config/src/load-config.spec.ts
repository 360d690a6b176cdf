import { z } from 'zod';

import { ConfigValidationError } from './config-validation.error';
import { envBoolean, envPort, natsEnv, postgresEnv, serviceEnv } from './env-schemas';
import { loadConfig } from './load-config';

const schema = z.object({
  ...serviceEnv,
  ...postgresEnv('exchange_spec'),
  ...natsEnv,
  HTTP_PORT: envPort(3000),
  FLAG: envBoolean(false),
});

describe(loadConfig.name, () => {
  it('applies defaults and coerces values', () => {
    const sut = loadConfig(schema, { HTTP_PORT: '8080', FLAG: 'yes' });
    expect(sut.HTTP_PORT).toBe(8080);
    expect(sut.FLAG).toBe(true);
    expect(sut.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/exchange_spec');
    expect(sut.NODE_ENV).toBe('development');
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig(schema, { HTTP_PORT: 'eighty', NATS_URL: 'http://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['HTTP_PORT', 'LOG_LEVEL', 'NATS_URL']);
    expect((error as Error).message).toMatch(/^invalid configuration: /);
    expect((error as Error).message).toContain('NATS_URL: expected a URL with scheme nats or tls');
  });

  it('rejects ports out of range and unsafe prefixes', () => {
    expect(() => loadConfig(schema, { HTTP_PORT: '70000' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig(schema, { NATS_STREAM_PREFIX: 'a.b' })).toThrow(/NATS_STREAM_PREFIX/);
  });
});
