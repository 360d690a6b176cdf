import { type IncomingMessage, type ServerResponse } from 'node:http';

import { Body, Controller, type INestApplication, Module, Post, Get } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';

import { createLogger } from '@exchange/shared-util-logging';

import { BinanceExceptionFilter } from '../binance/binance-exception.filter';
import { CONTENT_SECURITY_POLICY, deeperThan, hardenResponse, HttpHardeningModule } from './http-hardening';
import { type HttpHardeningConfig } from './http-hardening.config';

@Controller('api/v3')
class EchoController {
  @Get('ping')
  ping(): object {
    return {};
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

const WEB = 'https://app.example.com';

/** A real Nest app (Express, raw bodies as in main.ts) with the gateway's hardening and error filter. */
async function start(config: HttpHardeningConfig): Promise<{ app: INestApplication; base: string }> {
  const logger = createLogger({ service: 'gateway-test', level: 'silent' });
  @Module({
    imports: [HttpHardeningModule.forRoot(config)],
    controllers: [EchoController],
    providers: [{ provide: APP_FILTER, useFactory: () => new BinanceExceptionFilter(logger) }],
  })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false, rawBody: true });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('deeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(deeperThan('x', 0)).toBe(false);
    expect(deeperThan({}, 1)).toBe(false);
    expect(deeperThan({ a: [1] }, 2)).toBe(false);
    expect(deeperThan({ a: [1] }, 1)).toBe(true);
    expect(deeperThan(JSON.parse(nested(32)), 32)).toBe(false);
    expect(deeperThan(JSON.parse(nested(33)), 32)).toBe(true);
    expect(deeperThan(JSON.parse(nested(40_000)), 32)).toBe(true);
  });
});

describe('hardenResponse', () => {
  const config = (overrides: Partial<HttpHardeningConfig>): HttpHardeningConfig =>
    ({ CORS_ORIGINS: [], HSTS_MAX_AGE_SECONDS: 0, JSON_MAX_DEPTH: 32, ...overrides }) as HttpHardeningConfig;
  /** What the listener sets on an answer, as `[name, value, ...]` in order. */
  const setBy = (listener: ReturnType<typeof hardenResponse>, origin?: string): string[] => {
    const set: string[] = [];
    const req = { headers: origin === undefined ? {} : { origin } } as IncomingMessage;
    listener(req, {
      setHeader: (name: string, value: string) => set.push(name, value),
    } as unknown as ServerResponse);
    return set;
  };

  it.each([
    ['no CORS origins', config({}), undefined],
    ['HSTS', config({ HSTS_MAX_AGE_SECONDS: 600 }), undefined],
    ['a listed origin', config({ CORS_ORIGINS: [WEB] }), WEB],
    ['another origin', config({ CORS_ORIGINS: [WEB] }), 'https://evil.example.com'],
    ['no origin with CORS origins', config({ CORS_ORIGINS: [WEB] }), undefined],
  ])(
    'lists the headers it sets (%s), for the lean routes that send them in one writeHead',
    (_, cfg, origin) => {
      const listener = hardenResponse(cfg);
      const req = { headers: origin === undefined ? {} : { origin } } as IncomingMessage;
      expect(listener.headersFor(req)).toEqual(setBy(listener, origin));
      expect(listener.headersFor(req)).toEqual(
        expect.arrayContaining(['Content-Security-Policy', CONTENT_SECURITY_POLICY]),
      );
    },
  );

  it('names the CORS headers only for a listed origin', () => {
    const listener = hardenResponse(config({ CORS_ORIGINS: [WEB] }));
    expect(setBy(listener, WEB)).toEqual(
      expect.arrayContaining(['Access-Control-Allow-Origin', WEB, 'Vary', 'Origin']),
    );
    expect(setBy(listener, 'https://evil.example.com')).not.toContain('Access-Control-Allow-Origin');
  });
});

describe('HttpHardeningModule with CORS_ORIGINS', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await start({ CORS_ORIGINS: [WEB], HSTS_MAX_AGE_SECONDS: 0, JSON_MAX_DEPTH: 32 }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('puts the security headers on routes, 404s and body-parser refusals, without HSTS by default', async () => {
    const answers = [
      await fetch(`${base}/api/v3/ping`),
      await fetch(`${base}/nowhere`),
      await fetch(`${base}/api/v3/echo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ x: 'y'.repeat(200_000) }),
      }),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 404, 413]);
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('gives an allowed origin the CORS headers, without credentials', async () => {
    const res = await fetch(`${base}/api/v3/ping`, { headers: { Origin: WEB } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(res.headers.get('access-control-expose-headers')).toContain('X-MBX-USED-WEIGHT-1M');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives another origin no CORS headers', async () => {
    const res = await fetch(`${base}/api/v3/ping`, { headers: { Origin: 'https://evil.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('answers a preflight of the allowed origin with the API methods and headers', async () => {
    const res = await fetch(`${base}/api/v3/echo`, {
      method: 'OPTIONS',
      headers: {
        Origin: WEB,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-mbx-apikey, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, X-MBX-APIKEY, Content-Type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers a preflight of another origin without CORS headers', async () => {
    const res = await fetch(`${base}/api/v3/echo`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('refuses a JSON body nested deeper than JSON_MAX_DEPTH with 400 -1102 and takes one at the limit', async () => {
    const post = (body: string) =>
      fetch(`${base}/api/v3/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const deep = await post(nested(33));
    expect(deep.status).toBe(400);
    expect(await deep.json()).toEqual({ code: -1102, msg: 'Request body nested deeper than 32 levels.' });
    const veryDeep = await post(nested(40_000));
    expect(veryDeep.status).toBe(400);
    expect(await veryDeep.json()).toMatchObject({ code: -1102 });
    const atLimit = await post(nested(32));
    expect(atLimit.status).toBe(201);
    expect(await atLimit.json()).toEqual(JSON.parse(nested(32)));
  });
});

describe('HttpHardeningModule without CORS_ORIGINS, with HSTS', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await start({ CORS_ORIGINS: [], HSTS_MAX_AGE_SECONDS: 31_536_000, JSON_MAX_DEPTH: 32 }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('sends no CORS headers to any origin and sets HSTS', async () => {
    const res = await fetch(`${base}/api/v3/ping`, { headers: { Origin: WEB } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const preflight = await fetch(`${base}/api/v3/echo`, {
      method: 'OPTIONS',
      headers: { Origin: WEB, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
