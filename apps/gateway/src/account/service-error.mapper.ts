import { UsersErrorCode, WALLET_RPC_ERRORS } from '@exchange/shared-contracts';
import { type z } from 'zod';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ServiceRequestError } from '../services/service-client.repository';

/** HTTP status of each users error; the code itself is passed through (see docs/api-v1.md). */
const USERS_STATUS: Partial<Record<UsersErrorCode, number>> = {
  [UsersErrorCode.VALIDATION_FAILED]: 400,
  [UsersErrorCode.PASSWORD_TOO_SHORT]: 400,
  [UsersErrorCode.PASSWORD_TOO_COMMON]: 400,
  [UsersErrorCode.API_KEY_PUBLIC_KEY_INVALID]: 400,
  [UsersErrorCode.API_KEY_CIDR_INVALID]: 400,
  [UsersErrorCode.EMAIL_TAKEN]: 409,
  [UsersErrorCode.INVALID_CREDENTIALS]: 401,
  [UsersErrorCode.LOGIN_LOCKED]: 429,
  [UsersErrorCode.ACCESS_TOKEN_INVALID]: 401,
  [UsersErrorCode.REFRESH_TOKEN_INVALID]: 401,
  [UsersErrorCode.REFRESH_TOKEN_REUSED]: 401,
  [UsersErrorCode.SESSION_REVOKED]: 401,
  [UsersErrorCode.SESSION_NOT_FOUND]: 404,
  [UsersErrorCode.MFA_REQUIRED]: 401,
  [UsersErrorCode.MFA_CODE_INVALID]: 401,
  [UsersErrorCode.MFA_CODE_REPLAYED]: 401,
  [UsersErrorCode.MFA_NOT_ENABLED]: 409,
  [UsersErrorCode.MFA_ALREADY_ENABLED]: 409,
  [UsersErrorCode.MFA_NOT_ENROLLING]: 409,
  [UsersErrorCode.API_KEY_NOT_FOUND]: 404,
  [UsersErrorCode.API_KEY_REVOKED]: 409,
  [UsersErrorCode.API_KEY_EXPIRED]: 409,
  [UsersErrorCode.API_KEY_IP_NOT_ALLOWED]: 403,
};

/**
 * A users or wallet refusal as an `/api/v1` answer: the service's own code and message with a fitting HTTP
 * status. Anything else (a bug, an internal error) is left for the 500 path.
 */
export function toApiV1Error(error: unknown): unknown {
  if (!(error instanceof ServiceRequestError)) return error;
  const code = Number(error.serviceError.code);
  if (!Number.isInteger(code)) return error;
  // Positive service codes share the `{ code, msg }` answer with the negative Binance ones (see docs/api-v1.md).
  const passThrough = code as BinanceErrorCode;
  if (code >= 1000 && code < 2000 && error.subject.startsWith('users.')) {
    const status = USERS_STATUS[code as UsersErrorCode];
    if (status === undefined) return error;
    return new BinanceApiError(passThrough, error.serviceError.message, status);
  }
  if (code === WALLET_RPC_ERRORS.INTERNAL) return error;
  if (code === WALLET_RPC_ERRORS.FAUCET_DISABLED) {
    return new BinanceApiError(passThrough, error.serviceError.message, 403);
  }
  if (code >= 1000 && code < 3000) return new BinanceApiError(passThrough, error.serviceError.message, 400);
  return error;
}

/** A JSON body checked against its schema: -1102 naming the first problem, nothing sent on. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `'${issue.path.join('.')}': ` : '';
    throw new BinanceApiError(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      `Invalid request body: ${where}${issue?.message ?? 'malformed'}.`,
    );
  }
  return parsed.data;
}
