import { Metadata, type ServiceError, status } from '@grpc/grpc-js';

import {
  encodeErrorInfo,
  encodeRetryInfo,
  encodeStatus,
  ERROR_DOMAIN,
  ERROR_INFO_TYPE_URL,
  GRPC_STATUS_DETAILS_KEY,
  RETRY_INFO_TYPE_URL,
  type RichStatus,
  type Status,
} from '@exchange/shared-contracts-grpc';

import { BinanceApiError, BinanceErrorCode, CANCEL_RESTRICTED_MESSAGE } from '../binance/binance-error-code';

/** A gRPC status with `google.rpc.Status` details (ErrorInfo, and RetryInfo when the client should wait). */
export type GrpcError = Partial<ServiceError> & { code: status; details: string; metadata: Metadata };

export function richError(rich: RichStatus): GrpcError {
  const metadata = new Metadata();
  metadata.set(GRPC_STATUS_DETAILS_KEY, Buffer.from(encodeStatus(rich)));
  return { code: rich.code, details: rich.message, metadata, message: rich.message, name: 'GrpcError' };
}

/** The gRPC code of a Binance error: the HTTP status REST would answer, in gRPC's terms. */
function codeOf(error: BinanceApiError): status {
  switch (error.code) {
    case BinanceErrorCode.BAD_API_KEY_FMT:
    case BinanceErrorCode.REJECTED_MBX_KEY:
    case BinanceErrorCode.INVALID_SIGNATURE:
    case BinanceErrorCode.INVALID_TIMESTAMP:
    case BinanceErrorCode.UNAUTHORIZED:
      return status.UNAUTHENTICATED;
    case BinanceErrorCode.TOO_MANY_REQUESTS:
    case BinanceErrorCode.TOO_MANY_ORDERS:
      return status.RESOURCE_EXHAUSTED;
    case BinanceErrorCode.CANCEL_REJECTED:
      // -2011 is also a cancel refused for its restriction: the order is there, in another state.
      return error.message === CANCEL_RESTRICTED_MESSAGE ? status.FAILED_PRECONDITION : status.NOT_FOUND;
    case BinanceErrorCode.NO_SUCH_ORDER:
      return status.NOT_FOUND;
    case BinanceErrorCode.NEW_ORDER_REJECTED:
      return status.FAILED_PRECONDITION;
    case BinanceErrorCode.UNKNOWN:
      return status.INTERNAL;
    case BinanceErrorCode.DISCONNECTED:
      return status.UNAVAILABLE;
    default:
      // 503: a part of the exchange that is not there (the wallet's 2920 when no chain is attached).
      if (error.httpStatus === 503) return status.UNAVAILABLE;
      return error.httpStatus >= 500 ? status.INTERNAL : status.INVALID_ARGUMENT;
  }
}

/**
 * Maps what a handler threw to the status the client gets: a Binance error keeps its code and message (ErrorInfo
 * reason = the code's name, metadata `binance_code`); anything else is INTERNAL (-1000) and is the caller's to log.
 */
export function toGrpcError(error: unknown): { grpc: GrpcError; unexpected: boolean } {
  const { rich, unexpected } = richStatusOf(error);
  return { grpc: richError(rich), unexpected };
}

/**
 * The same status as a `google.rpc.Status` message, for an outcome inside an answer (a `PlaceOrders` item): code,
 * message, and the ErrorInfo (and RetryInfo) details packed as `Any`, as the call's trailer carries them.
 */
export function toStatusMessage(error: unknown): { status: Status; unexpected: boolean } {
  const { rich, unexpected } = richStatusOf(error);
  const details: Status['details'] = [];
  if (rich.errorInfo)
    details.push({ type_url: ERROR_INFO_TYPE_URL, value: Buffer.from(encodeErrorInfo(rich.errorInfo)) });
  if (rich.retryDelayMs !== undefined) {
    details.push({ type_url: RETRY_INFO_TYPE_URL, value: Buffer.from(encodeRetryInfo(rich.retryDelayMs)) });
  }
  return { status: { code: rich.code, message: rich.message, details }, unexpected };
}

function richStatusOf(error: unknown): { rich: RichStatus; unexpected: boolean } {
  if (error instanceof BinanceApiError) {
    return {
      rich: {
        code: codeOf(error),
        message: error.message,
        errorInfo: {
          reason: BinanceErrorCode[error.code] ?? 'UNKNOWN',
          domain: ERROR_DOMAIN,
          metadata: { binance_code: String(error.code) },
        },
        ...(error.retryAfterSeconds !== undefined && { retryDelayMs: error.retryAfterSeconds * 1000 }),
      },
      unexpected: false,
    };
  }
  return {
    rich: {
      code: status.INTERNAL,
      message: 'An unknown error occurred while processing the request.',
      errorInfo: { reason: 'UNKNOWN', domain: ERROR_DOMAIN, metadata: { binance_code: '-1000' } },
    },
    unexpected: true,
  };
}
