import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';

import { type Logger } from '@exchange/shared-util-logging';

import { BinanceApiError, BinanceErrorCode } from './binance-error-code';

interface HttpResponse {
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
}

/** The one place where errors become HTTP answers: Binance-style `{ code, msg }` with a 4xx, or 500 for a bug. */
@Catch()
export class BinanceExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpResponse>();
    if (error instanceof BinanceApiError) {
      if (error.retryAfterSeconds !== undefined)
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(error.httpStatus).json({ code: error.code, msg: error.message });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const msg = status === HttpStatus.NOT_FOUND ? 'Not found.' : error.message;
      const code =
        status === HttpStatus.NOT_FOUND
          ? BinanceErrorCode.UNKNOWN
          : BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED;
      res.status(status).json({ code, msg });
      return;
    }
    this.logger.error({ err: error }, 'unhandled error in a request');
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
      code: BinanceErrorCode.UNKNOWN,
      msg: 'An unknown error occurred while processing the request.',
    });
  }
}
