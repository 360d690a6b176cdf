import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

import {
  Injectable,
  type MiddlewareConsumer,
  Module,
  type NestMiddleware,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';

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

@Injectable()
export class WebStaticMiddleware implements NestMiddleware {
  async use(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
    const file = await this.fileFor(req.url ?? '/');
    if (!file) return next();
    // Hashed assets never change; index.html and config.js must be re-read after a deploy.
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  private async fileFor(url: string): Promise<string | undefined> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(url, 'http://gateway').pathname);
    } catch {
      return undefined;
    }
    const relative = normalize(pathname === '/' ? '/index.html' : pathname);
    const file = join(WEB_BUILD_DIR, relative);
    if (!file.startsWith(WEB_BUILD_DIR + sep)) return undefined;
    const info = await stat(file).catch(() => undefined);
    return info?.isFile() ? file : undefined;
  }
}

@Module({ providers: [WebStaticMiddleware] })
export class WebStaticModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(WebStaticMiddleware)
      .forRoutes(
        { path: '{*path}', method: RequestMethod.GET },
        { path: '{*path}', method: RequestMethod.HEAD },
      );
  }
}
