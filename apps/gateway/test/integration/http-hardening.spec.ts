import { randomBytes } from 'node:crypto';

import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t_gw_hardening_${process.pid}_${randomBytes(3).toString('hex')}`;
const WEB = 'http://localhost:4200';

/** The gateway process as deployed (security headers, CORS_ORIGINS, JSON depth), with no other service. */
describe('gateway HTTP hardening', () => {
  let gateway: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    gateway = startServiceProcess('apps/gateway/src/main.ts', {
      HTTP_PORT: '0',
      NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      NATS_STREAM_PREFIX: run,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:`,
      GRPC_PORT: '0',
      CORS_ORIGINS: `${WEB}, https://exchange.example.com`,
    });
    const listening = await gateway.waitForLog((line) => line.msg === 'listening');
    base = `http://127.0.0.1:${listening.port as number}`;
  }, 90_000);

  afterAll(async () => {
    await gateway.stop();
    const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  });

  it('puts the security headers on the API, health, errors and body-size refusals', async () => {
    const answers = [
      await fetch(`${base}/api/v3/ping`),
      await fetch(`${base}/health/live`),
      await fetch(`${base}/api/v3/nothing-here`),
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x'.repeat(5 * 1024 * 1024) }),
      }),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 200, 404, 413]);
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  }, 30_000);

  it('lets the configured web origin call the API, and no other', async () => {
    const allowed = await fetch(`${base}/api/v3/ping`, { headers: { Origin: WEB } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await fetch(`${base}/api/v3/ping`, { headers: { Origin: 'http://localhost:4300' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await fetch(`${base}/api/v3/order`, {
      method: 'OPTIONS',
      headers: {
        Origin: WEB,
        'Access-Control-Request-Method': 'DELETE',
        'Access-Control-Request-Headers': 'x-mbx-apikey',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-MBX-APIKEY');
    const refused = await fetch(`${base}/api/v3/order`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:4300', 'Access-Control-Request-Method': 'POST' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-methods')).toBeNull();
  }, 30_000);

  it('refuses a JSON body nested deeper than 32 levels with 400 -1102, also one 50,000 deep', async () => {
    const login = (depth: number) =>
      fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"email":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`,
      });
    for (const depth of [33, 50_000]) {
      const res = await login(depth);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: -1102, msg: 'Request body nested deeper than 32 levels.' });
    }
    // At the limit the body reaches the route, whose validation refuses the array as an email.
    const atLimit = await login(32);
    expect(atLimit.status).toBe(400);
    expect(await atLimit.json()).not.toEqual({
      code: -1102,
      msg: 'Request body nested deeper than 32 levels.',
    });
  }, 30_000);
});
