import { type DynamicModule, Global, Inject, Injectable, type NestMiddleware, Module } from '@nestjs/common';

import { type Logger } from './create-logger';
import { requestContextFromHeaders, runWithRequestContext } from './request-context';

/** Injection token of the service's root pino logger. */
export const LOGGER = Symbol('LOGGER');

export const InjectLogger = (): ParameterDecorator => Inject(LOGGER);

interface HttpRequest {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

interface HttpResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  once(event: 'finish' | 'close', listener: () => void): void;
}

/** Gives each HTTP request its ids (from `x-request-id` / `traceparent`, or new) and logs it when it ends. */
@Injectable()
export class RequestLoggingMiddleware implements NestMiddleware {
  constructor(@InjectLogger() private readonly logger: Logger) {}

  use(req: HttpRequest, res: HttpResponse, next: () => void): void {
    const context = requestContextFromHeaders(req.headers);
    const started = process.hrtime.bigint();
    res.setHeader('x-request-id', context.requestId);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const responseTimeMs = Number(process.hrtime.bigint() - started) / 1e6;
      runWithRequestContext(context, () =>
        this.logger.info(
          {
            req: { method: req.method, url: req.originalUrl ?? req.url },
            res: { statusCode: res.statusCode },
            responseTimeMs,
          },
          'request completed',
        ),
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
