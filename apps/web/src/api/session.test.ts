// @vitest-environment node
import { createServer, type Server } from 'node:http';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { type SessionStore as SessionStoreClass, type TokenPair } from './session';

/** A stand-in for the gateway's refresh route: a real HTTP server that rotates refresh tokens once each. */
let server: Server;
const refreshBodies: unknown[] = [];
let SessionStore: typeof SessionStoreClass;

function pair(n: number, expiresInMs: number): TokenPair {
  return {
    userId: 'u1',
    sessionId: 's1',
    accessToken: `access-${n}`,
    accessTokenExpiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    refreshToken: `refresh-${n}`,
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { refreshToken } = JSON.parse(body) as { refreshToken: string };
      refreshBodies.push(refreshToken);
      const n = Number(refreshToken.split('-')[1]);
      if (req.url !== '/api/v1/auth/refresh' || n >= 5) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 1203, msg: 'refresh token reused' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(pair(n + 1, 900_000)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  (globalThis as { EXCHANGE_CONFIG?: unknown }).EXCHANGE_CONFIG = { apiBaseUrl: `http://127.0.0.1:${port}` };
  vi.resetModules();
  ({ SessionStore } = await import('./session'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('SessionStore', () => {
  it('uses a fresh access token as it is', async () => {
    const sut = new SessionStore(undefined);
    sut.signIn(pair(1, 900_000));
    expect(await sut.accessToken()).toBe('access-1');
    expect(refreshBodies).toEqual([]);
  });

  it('refreshes an expiring token once for concurrent callers and keeps the rotated refresh token', async () => {
    const sut = new SessionStore(undefined);
    sut.signIn(pair(1, 10_000));
    const tokens = await Promise.all([sut.accessToken(), sut.accessToken(), sut.accessToken()]);
    expect(tokens).toEqual(['access-2', 'access-2', 'access-2']);
    expect(refreshBodies).toEqual(['refresh-1']);
    expect(sut.current?.refreshToken).toBe('refresh-2');
    expect(await sut.accessToken()).toBe('access-2');
  });

  it('signs out when the refresh token is refused', async () => {
    const sut = new SessionStore(undefined);
    const changes = vi.fn();
    sut.subscribe(changes);
    sut.signIn(pair(5, 0));
    await expect(sut.accessToken()).rejects.toMatchObject({ status: 401, code: 1203 });
    expect(sut.current).toBeUndefined();
    expect(changes).toHaveBeenCalledTimes(2);
  });
});
