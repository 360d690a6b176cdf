import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

import { type UsersRpcError } from '@exchange/shared-contracts';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { UsersError, UsersErrorCode } from '../errors/users.error';

/**
 * The one place errors meet the transport: a `UsersError` becomes the reply's error `{ code, message, details }`
 * (what `RpcException({ code, message })` carries); anything else is logged and answered as INTERNAL, never
 * with its message.
 */
@Catch()
export class UsersRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(@InjectLogger() private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (exception instanceof UsersError) {
      const error: UsersRpcError = { code: exception.code, message: exception.message };
      if (exception.details !== undefined) error.details = exception.details;
      return throwError(() => error);
    }
    const subject = host.switchToRpc().getContext<{ getSubject?: () => string }>().getSubject?.();
    this.logger.error({ err: exception, subject }, 'users request failed');
    const error: UsersRpcError = { code: UsersErrorCode.INTERNAL, message: 'internal error' };
    return throwError(() => error);
  }
}
