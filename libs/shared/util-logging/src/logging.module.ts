import { type DynamicModule, Global, Inject, Injectable, type NestMiddleware, Module } from '@nestjs/common';
import { context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';

import { type Logger } from './create-logger';
import {
  type RequestContext,
  requestContextFromHeaders,
  requestIdFromHeaders,
  runWithRequestContext,
} from './request-context';

/** Injection token of the service's root pino logger. */
export const LOGGER = Symbol('LOGGER');

export const InjectLogger = (): ParameterDecorator => Inject(LOGGER);

interface HttpRequest {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set by an auth guard once it knows who the request acts for. */
  principal?: { userId?: string };
}

interface HttpResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  once(event: 'finish' | 'close', listener: () => void): void;
}

/** Query parameters whose values are credentials (signed Binance requests, listen keys): never logged. */
const SECRET_QUERY_PARAMS = /([?&](?:signature|listenKey|apiKey|token|access_token|refresh_token)=)[^&#]*/gi;

/** The URL as logged: query credentials replaced by `[Redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[Redacted]');
}

/** Gives each HTTP request its ids (from `x-request-id` / `traceparent`, or new) and logs it when it ends. */
@Injectable()
export class RequestLoggingMiddleware implements NestMiddleware {
  constructor(@InjectLogger() private readonly logger: Logger) {}

  use(req: HttpRequest, res: HttpResponse, next: () => void): void {
    // The request's server span (the runtime starts it first) gives the ids, so logs and traces match; ids from
    // the headers (or new ones) only without one.
    const span = trace.getActiveSpan();
    const spanContext = span?.spanContext();
    const context: RequestContext =
      spanContext && isSpanContextValid(spanContext)
        ? {
            requestId: requestIdFromHeaders(req.headers),
            traceId: spanContext.traceId,
            spanId: spanContext.spanId,
          }
        : requestContextFromHeaders(req.headers);
    const started = process.hrtime.bigint();
    res.setHeader('x-request-id', context.requestId);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const responseTimeMs = Number(process.hrtime.bigint() - started) / 1e6;
      const userId = req.principal?.userId;
      const log = () =>
        this.logger.info(
          {
            req: { method: req.method, url: redactUrl(req.originalUrl ?? req.url) },
            res: { statusCode: res.statusCode },
            ...(userId ? { userId } : {}),
            responseTimeMs,
          },
          'request completed',
        );
      runWithRequestContext(context, () =>
        span ? otelContext.with(trace.setSpan(otelContext.active(), span), log) : log(),
      );
    };
    res.once('finish', done);
    res.once('close', done);
    runWithRequestContext(context, next);
  }
}

@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: LOGGER, useValue: logger }, RequestLoggingMiddleware],
      exports: [LOGGER, RequestLoggingMiddleware],
    };
  }
}
