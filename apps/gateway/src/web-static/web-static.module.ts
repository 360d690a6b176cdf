import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';

/**
 * The web frontend's static build (`npx nx build web` → dist/apps/web), served by the gateway for local runs.
 * Production serves the same folder from S3 + CloudFront. Paths the build does not contain fall through to the
 * gateway's own routes, so the API, the streams, health and metrics are untouched.
 */
export const WEB_BUILD_DIR = resolve(__dirname, '../../../../dist/apps/web');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Paths of the gateway's own routes (REST, health, metrics): never looked up in the build. Looking them up cost a
 * file-system `stat` per API request, whose ENOENT error (with its mapped stack) was about a tenth of the gateway's
 * CPU under a read load (docs/benchmarks.md).
 */
const GATEWAY_PATHS = /^\/(?:api|sapi)\/|^\/(?:health|metrics)(?:[/?]|$)/;

/** The file of `dir` that a request path names, or undefined (outside `dir`, missing, a folder, a bad path). */
async function fileFor(dir: string, url: string): Promise<string | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://gateway').pathname);
  } catch {
    return undefined;
  }
  const file = join(dir, normalize(pathname === '/' ? '/index.html' : pathname));
  if (!file.startsWith(dir + sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

/** GET / HEAD of the files in `dir`; anything else goes on to `next`. */
export function serveWebBuild(dir: string) {
  return async (req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> => {
    const url = req.url ?? '/';
    if (GATEWAY_PATHS.test(url)) return next();
    const file = await fileFor(dir, url);
    if (!file) return next();
    // Hashed assets never change; index.html and config.js must be re-read after a deploy. Security headers:
    // src/http/http-hardening.ts, on every answer.
    const immutable = file.startsWith(join(dir, 'assets') + sep);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };
}

@Module({})
export class WebStaticModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(serveWebBuild(WEB_BUILD_DIR))
      .forRoutes(
        { path: '{*path}', method: RequestMethod.GET },
        { path: '{*path}', method: RequestMethod.HEAD },
      );
  }
}
