import { type ArgumentsHost, Catch, Injectable, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';

import { WALLET_RPC_ERRORS, type WalletRpcError } from '@exchange/shared-contracts';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { WalletError } from './wallet.error';

/** The wallet's one edge filter: every error a handler throws leaves as `{ code, message }`. */
@Catch()
@Injectable()
export class WalletRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(@InjectLogger() private readonly logger: Logger) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<WalletRpcError> {
    return throwError(() => toRpcError(exception, this.logger));
  }
}

export function toRpcError(exception: unknown, logger?: Logger): WalletRpcError {
  if (exception instanceof WalletError) return { code: exception.code, message: exception.message };
  if (exception instanceof RpcException) {
    const error = exception.getError();
    if (typeof error === 'object' && error !== null && 'code' in error) return error as WalletRpcError;
    return { code: WALLET_RPC_ERRORS.INTERNAL, message: String(error) };
  }
  logger?.error({ err: exception }, 'wallet request failed');
  return { code: WALLET_RPC_ERRORS.INTERNAL, message: 'internal error' };
}
