import { type IncomingMessage, type ServerResponse } from 'node:http';

import {
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { type RequestMethod, type Type } from '@nestjs/common';
import {
  type Context,
  context as otelContext,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';

import { type Histogram } from 'prom-client';

import {
  type Logger,
  redactUrl,
  type RequestContext,
  requestContextFromHeaders,
  requestIdFromHeaders,
  runWithRequestContext,
} from '@exchange/shared-util-logging';

import { errorAnswer } from '../binance/binance-exception.filter';

/**
 * What Nest knows of a controller method, from its decorators: what a lean route (`lean-reads.ts`,
 * `lean-orders.ts`) checks before it stands in for the method, so that a route which gains a guard, a pipe or an
 * argument is left to Nest instead of being answered without it.
 */
export interface RouteShape {
  verb: RequestMethod;
  /** The path Nest routes it to (controller prefix and method path), e.g. `/api/v3/order`. */
  path: string;
  /** The controller's guards, then the method's. */
  guards: unknown[];
  /** Whether the controller or the method has pipes or interceptors. */
  extras: boolean;
  /** The method's parameter decorators (`@Query()`, `@Res()`...), by Nest's key. */
  args: Record<string, { data?: unknown }>;
  /** `@HttpCode`, when set. */
  httpCode?: number;
}

function metadataList(key: string, target: object): unknown[] {
  return (Reflect.getMetadata(key, target) as unknown[] | undefined) ?? [];
}

/** A route's path part: Nest keeps one path, a list (`@Get(['klines', 'uiKlines'])`: the first here) or none. */
function pathPart(value: unknown): string {
  const path: unknown = Array.isArray(value) ? value[0] : value;
  return typeof path === 'string' ? path : '';
}

export function routeShape(type: Type, method: string): RouteShape {
  const handler = (type.prototype as Record<string, object>)[method]!;
  const prefix = pathPart(Reflect.getMetadata(PATH_METADATA, type));
  const path = pathPart(Reflect.getMetadata(PATH_METADATA, handler));
  return {
    verb: Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod,
    path: `/${[prefix, path].map((part) => part.replace(/^\/+|\/+$/g, '')).join('/')}`,
    guards: [...metadataList(GUARDS_METADATA, type), ...metadataList(GUARDS_METADATA, handler)],
    extras: [PIPES_METADATA, INTERCEPTORS_METADATA].some(
      (key) => metadataList(key, type).length + metadataList(key, handler).length > 0,
    ),
    args: (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, method) as RouteShape['args'] | undefined) ?? {},
    httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
  };
}

/** The runtime's HTTP histogram (`http_request_duration_seconds`), when the app has one. */
export type HttpHistogram = Histogram<'method' | 'route' | 'status_code'>;

/** The methods of the lean routes: reads, and the signed trading calls. */
export type LeanMethod = 'GET' | 'POST' | 'DELETE' | 'PUT';

/** A request a lean route answers: its server span, the context it runs in, and its ids. */
export interface LeanRequest {
  method: LeanMethod;
  path: string;
  span: Span;
  /** The caller's trace context with the server span set: what the answer runs in. */
  active: Context;
  context: RequestContext;
  /** `process.hrtime.bigint()` at the start, for the `responseTimeMs` of its log line and the histogram. */
  started: bigint;
  /** The HTTP histogram the request is timed in. */
  histogram?: HttpHistogram;
}

/**
 * Starts a lean request as the runtime's frame does: the server span (as `traceHttpRequest`), then the request's
 * ids (as `RequestLoggingMiddleware`: the caller's `x-request-id` when valid, else a new one; the span's trace and
 * span ids, or ids from the headers when tracing is off); timed in the HTTP histogram. The caller sets
 * `x-request-id` (`context.requestId`) on the answer, as the middleware does.
 */
export function startLeanRequest(
  tracer: Tracer,
  histogram: HttpHistogram | undefined,
  req: IncomingMessage,
  method: LeanMethod,
  path: string,
): LeanRequest {
  const started = process.hrtime.bigint();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(
    `${method} ${path}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': method, 'url.path': path, 'http.route': path },
    },
    parent,
  );
  const spanContext = span.spanContext();
  const context = trace.isSpanContextValid(spanContext)
    ? {
        requestId: requestIdFromHeaders(req.headers),
        traceId: spanContext.traceId,
        spanId: spanContext.spanId,
      }
    : requestContextFromHeaders(req.headers);
  return { method, path, span, active: trace.setSpan(parent, span), context, started, histogram };
}

/** Ends a lean request's span with the answer's status and observes it in the histogram; the milliseconds it took. */
export function endLeanRequest(request: LeanRequest, status: number): number {
  const { span } = request;
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  const ms = Number(process.hrtime.bigint() - request.started) / 1e6;
  request.histogram?.observe(
    { method: request.method, route: request.path, status_code: String(status) },
    ms / 1e3,
  );
  return ms;
}

/** The `request completed` line `RequestLoggingMiddleware` writes, in the request's context and span. */
export function logCompleted(
  logger: Logger,
  request: LeanRequest,
  url: string,
  statusCode: number,
  responseTimeMs: number,
  userId?: string,
): void {
  runWithRequestContext(request.context, () =>
    otelContext.with(trace.setSpan(otelContext.active(), request.span), () =>
      writeCompleted(logger, request, url, statusCode, responseTimeMs, userId),
    ),
  );
}

/**
 * The same line, written by a caller that runs in the request's context and span already (the lean order route's
 * answer runs in both from its start), without entering them again.
 */
export function writeCompleted(
  logger: Logger,
  request: LeanRequest,
  url: string,
  statusCode: number,
  responseTimeMs: number,
  userId?: string,
): void {
  logger.info(
    {
      req: { method: request.method, url: redactUrl(url) },
      res: { statusCode },
      ...(userId ? { userId } : {}),
      responseTimeMs,
    },
    'request completed',
  );
}

/**
 * Answers a refused request as the exception filter does (`errorAnswer`: status, Binance body, `Retry-After`; an
 * unexpected error logged); `send` writes the JSON bytes. Returns the status.
 */
export function sendRefusal(
  res: ServerResponse,
  error: unknown,
  logger: Logger,
  send: (res: ServerResponse, status: number, body: Buffer) => void,
): number {
  const refusal = errorAnswer(error);
  if (refusal.unexpected) logger.error({ err: error }, 'unhandled error in a request');
  if (refusal.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  send(res, refusal.status, Buffer.from(JSON.stringify(refusal.body)));
  return refusal.status;
}
