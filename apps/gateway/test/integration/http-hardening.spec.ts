import { randomBytes } from 'node:crypto';

import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { DESCRIBED_ROUTES } from '../../src/http/openapi';

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
  }, 30_000);

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

  it('publishes the OpenAPI document at /docs/openapi.json with the main routes and their parameters', async () => {
    const res = await fetch(`${base}/docs/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const document = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; required: boolean }[]; security?: unknown }>
      >;
    };
    expect(document.openapi).toMatch(/^3\./);
    const routes = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/v3/ping',
        'GET /api/v3/time',
        'GET /api/v3/exchangeInfo',
        'GET /api/v3/depth',
        'GET /api/v3/ticker/24hr',
        'GET /api/v3/klines',
        'POST /api/v3/order',
        'GET /api/v3/order',
        'DELETE /api/v3/order',
        'GET /api/v3/openOrders',
        'GET /api/v3/account',
        'POST /api/v3/userDataStream',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/sign-up',
      ]),
    );
    // The parameter table names only routes that exist.
    expect(routes).toEqual(
      expect.arrayContaining(
        DESCRIBED_ROUTES.map((key) => `${key.split(' ')[0]!.toUpperCase()} ${key.split(' ')[1]!}`),
      ),
    );
    const required = (method: string, path: string) =>
      (document.paths[path]?.[method]?.parameters ?? []).filter((p) => p.required).map((p) => p.name);
    expect(required('get', '/api/v3/depth')).toEqual(['symbol']);
    expect(required('post', '/api/v3/order')).toEqual(['symbol', 'side', 'type', 'timestamp', 'signature']);
    expect(document.paths['/api/v3/order']?.['post']?.security).toEqual([{ 'X-MBX-APIKEY': [] }]);
  }, 30_000);

  it('serves the Swagger UI at /docs from its own assets, within the CSP', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    // No inline script (the CSP would block it): every script is a file of the gateway.
    for (const attributes of scripts) expect(attributes).toMatch(/src=/);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-init.js', 'swagger-ui.css']) {
      const res = await fetch(`${base}/docs/${asset}`);
      expect([asset, res.status]).toEqual([asset, 200]);
    }
    const init = await (await fetch(`${base}/docs/swagger-ui-init.js`)).text();
    expect(init).toContain('/api/v3/order');
  }, 30_000);
});
