import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';

import { type Logger } from '@exchange/shared-util-logging';

import { BinanceApiError, BinanceErrorCode } from './binance-error-code';

interface HttpResponse {
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
}

/** An error as the HTTP answer it becomes: status, Binance's `{ code, msg }` and `Retry-After` when there is one. */
export interface ErrorAnswer {
  status: number;
  body: { code: BinanceErrorCode; msg: string; data?: Readonly<Record<string, unknown>> };
  retryAfterSeconds?: number;
  /** Not a refusal but a bug or an outage (500): logged. */
  unexpected: boolean;
}

/**
 * What an error answers: a `BinanceApiError` its own status and code, Nest's HTTP exceptions (404s and the like) and
 * the body parsers' refusals their 4xx, anything else 500. Shared by the filter and the lean read routes
 * (`http/lean-reads.ts`), so both answer alike.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof BinanceApiError) {
    return {
      status: error.httpStatus,
      body: { code: error.code, msg: error.message, ...(error.data !== undefined && { data: error.data }) },
      retryAfterSeconds: error.retryAfterSeconds,
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const msg = status === HttpStatus.NOT_FOUND ? 'Not found.' : error.message;
    const code =
      status === HttpStatus.NOT_FOUND
        ? BinanceErrorCode.UNKNOWN
        : BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED;
    return { status, body: { code, msg }, unexpected: false };
  }
  const refused = requestRefusal(error);
  if (refused)
    return { status: refused.status, body: { code: refused.code, msg: refused.msg }, unexpected: false };
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { code: BinanceErrorCode.UNKNOWN, msg: 'An unknown error occurred while processing the request.' },
    unexpected: true,
  };
}

/** The one place where errors become HTTP answers: Binance-style `{ code, msg }` with a 4xx, or 500 for a bug. */
@Catch()
export class BinanceExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpResponse>();
    const answer = errorAnswer(error);
    if (answer.unexpected) this.logger.error({ err: error }, 'unhandled error in a request');
    if (answer.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(answer.retryAfterSeconds));
    res.status(answer.status).json(answer.body);
  }
}

/**
 * A client error raised before any handler ran: Express's body parsers throw `http-errors` objects with a 4xx
 * `status`, `expose: true` and a `type` (`entity.too.large`, `entity.parse.failed`, `parameters.too.many`...).
 * They are the client's fault and answer with their own status, never 500.
 */
export function requestRefusal(
  error: unknown,
): { status: number; code: BinanceErrorCode; msg: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, expose, type } = error as { status?: unknown; expose?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return null;
  switch (type) {
    case 'entity.too.large':
      return { status, code: BinanceErrorCode.TOO_MANY_PARAMETERS, msg: 'Request body too large.' };
    case 'parameters.too.many':
      return {
        status,
        code: BinanceErrorCode.TOO_MANY_PARAMETERS,
        msg: 'Too many parameters sent for this endpoint.',
      };
    case 'entity.parse.failed':
      return {
        status,
        code: BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        msg: 'Malformed request body.',
      };
    default:
      return { status, code: BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, msg: 'Malformed request.' };
  }
}
