import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { serveWebBuild } from './web-static.module';

/** A raw request, so that paths such as `/../x` reach the server as written. */
function get(port: number, path: string, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe(serveWebBuild.name, () => {
  let root: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'web-static-'));
    const dir = join(root, 'web');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'outside the build');
    // The gateway's own paths are never files of the build, even where the folder has one.
    await mkdir(join(dir, 'api', 'v3'), { recursive: true });
    await writeFile(join(dir, 'api', 'v3', 'ping'), 'not the API');
    await writeFile(join(dir, 'metrics'), 'not the metrics');
    const sut = serveWebBuild(dir);
    server = createServer((req, res) => {
      void sut(req, res, () => {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"next":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  it('serves index.html at / and revalidates it', async () => {
    const res = await get(port, '/');
    expect(res).toMatchObject({ status: 200, body: '<!doctype html><title>x</title>' });
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
    });
  });

  it('serves hashed assets as immutable, and HEAD without a body', async () => {
    const res = await get(port, '/assets/index-abc.js');
    expect(res).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(await get(port, '/assets/index-abc.js', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it.each([
    '/api/v3/time',
    '/api/v3/ping',
    '/metrics',
    '/health/live',
    '/assets',
    '/missing.js',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2F..%2F..%2F..%2Fsecret.txt',
    '/%E0%A4%A',
  ])('passes %s on to the next handler', async (path) => {
    expect(await get(port, path)).toMatchObject({ status: 404, body: '{"next":true}' });
  });
});
