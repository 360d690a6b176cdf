import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import {
  type DynamicModule,
  Inject,
  Injectable,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type HttpHardeningConfig } from './http-hardening.config';

/**
 * The web page's policy: scripts, styles, images and connections (REST and the same-origin WebSocket) from the
 * gateway's own origin only. Inline styles are allowed (the Swagger UI page and chart libraries set them); inline
 * scripts, plugins, `<base>` changes, foreign form targets and framing are not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const CORS_ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
export const CORS_ALLOWED_HEADERS = 'Authorization, X-MBX-APIKEY, Content-Type';
/** Headers a page may read from an answer: the rate-limit counters and 429/418's wait. */
export const CORS_EXPOSED_HEADERS =
  'X-MBX-USED-WEIGHT-1M, X-MBX-ORDER-COUNT-10S, X-MBX-ORDER-COUNT-1D, Retry-After';
const CORS_MAX_AGE_SECONDS = '600';

/** The headers every answer carries. */
export function securityHeaders(config: HttpHardeningConfig): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  };
  if (config.HSTS_MAX_AGE_SECONDS > 0)
    headers['Strict-Transport-Security'] = `max-age=${config.HSTS_MAX_AGE_SECONDS}; includeSubDomains`;
  return headers;
}

/** The request's `Origin` when CORS_ORIGINS lists it, else undefined. */
function allowedOrigin(config: HttpHardeningConfig, req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  return origin !== undefined && config.CORS_ORIGINS.includes(origin) ? origin : undefined;
}

/** The hardening listener, with the headers it sets on an answer to a request as `[name, value, ...]`. */
export interface HardeningListener {
  (req: IncomingMessage, res: ServerResponse): void;
  /**
   * What the listener sets on the answer to `req`, in order, for a writer that sends them all at once
   * (`res.writeHead(status, [...])`: the lean routes) instead of letting the listener set them one by one.
   */
  headersFor(req: IncomingMessage): readonly string[];
}

export function isHardeningListener(listener: unknown): listener is HardeningListener {
  return (
    typeof listener === 'function' &&
    typeof (listener as Partial<HardeningListener>).headersFor === 'function'
  );
}

/**
 * Sets the security headers and, for an allowed origin, the CORS headers of an actual request. It runs as the HTTP
 * server's first `request` listener, before Express, so that every answer has them: routes, the static web build,
 * health and metrics, 404s, and the 413 / 400 of the body parsers that run before any Nest middleware.
 */
export function hardenResponse(config: HttpHardeningConfig): HardeningListener {
  const always = Object.entries(securityHeaders(config)).flat();
  const withVary = [...always, 'Vary', 'Origin'];
  const headersFor = (req: IncomingMessage): readonly string[] => {
    if (config.CORS_ORIGINS.length === 0) return always;
    const origin = allowedOrigin(config, req);
    if (origin === undefined) return withVary;
    return [
      ...withVary,
      'Access-Control-Allow-Origin',
      origin,
      'Access-Control-Expose-Headers',
      CORS_EXPOSED_HEADERS,
    ];
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const headers = headersFor(req);
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i]!, headers[i + 1]!);
  };
  return Object.assign(listener, { headersFor });
}

/**
 * Answers CORS preflights (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) with 204: the allowed
 * methods and headers for a listed origin, no CORS headers for any other (the browser then refuses the call).
 * Credentials are never allowed: the API authenticates with headers, not cookies.
 */
export function answerPreflight(config: HttpHardeningConfig) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return next();
    if (allowedOrigin(config, req) !== undefined) {
      res.setHeader('Access-Control-Allow-Methods', CORS_ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', CORS_MAX_AGE_SECONDS);
      res.removeHeader('Access-Control-Expose-Headers');
    }
    res.statusCode = 204;
    res.setHeader('Content-Length', '0');
    res.end();
  };
}

/** Whether `value` nests objects and arrays more than `max` levels deep (iterative: no stack to overflow). */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Refuses a parsed body nested deeper than JSON_MAX_DEPTH with 400 -1102. */
export function limitJsonDepth(config: HttpHardeningConfig) {
  return (req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: () => void): void => {
    if (deeperThan(req.body, config.JSON_MAX_DEPTH))
      throw new BinanceApiError(
        BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        `Request body nested deeper than ${config.JSON_MAX_DEPTH} levels.`,
      );
    next();
  };
}

const HARDENING_CONFIG = Symbol('HARDENING_CONFIG');

@Injectable()
class FirstRequestListener implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(HARDENING_CONFIG) private readonly config: HttpHardeningConfig,
  ) {}

  onModuleInit(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.prependListener('request', hardenResponse(this.config));
    this.adapterHost.httpAdapter.getInstance<{ disable(name: string): void }>().disable('x-powered-by');
  }
}

/** Security headers, CORS for CORS_ORIGINS only, and the JSON depth limit (docs/gateway.md). */
@Module({})
export class HttpHardeningModule implements NestModule {
  static forRoot(config: HttpHardeningConfig): DynamicModule {
    return {
      module: HttpHardeningModule,
      providers: [{ provide: HARDENING_CONFIG, useValue: config }, FirstRequestListener],
    };
  }

  constructor(@Inject(HARDENING_CONFIG) private readonly config: HttpHardeningConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(answerPreflight(this.config), limitJsonDepth(this.config))
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
