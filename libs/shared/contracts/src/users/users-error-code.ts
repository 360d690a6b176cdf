/**
 * Every error the users service answers with, as `RpcException({ code, message })`. Numbered by subsystem:
 * 10xx input, 11xx accounts and login, 12xx sessions and tokens, 13xx MFA, 14xx API keys, 19xx internal.
 * Never reuse or renumber a code: clients and the gateway map them.
 */
export enum UsersErrorCode {
  VALIDATION_FAILED = 1001,

  EMAIL_TAKEN = 1101,
  PASSWORD_TOO_SHORT = 1102,
  PASSWORD_TOO_COMMON = 1103,
  INVALID_CREDENTIALS = 1104,
  LOGIN_LOCKED = 1105,

  ACCESS_TOKEN_INVALID = 1201,
  REFRESH_TOKEN_INVALID = 1202,
  REFRESH_TOKEN_REUSED = 1203,
  SESSION_REVOKED = 1204,
  SESSION_NOT_FOUND = 1205,

  MFA_REQUIRED = 1301,
  MFA_CODE_INVALID = 1302,
  MFA_CODE_REPLAYED = 1303,
  MFA_NOT_ENABLED = 1304,
  MFA_ALREADY_ENABLED = 1305,
  MFA_NOT_ENROLLING = 1306,

  API_KEY_NOT_FOUND = 1401,
  API_KEY_REVOKED = 1402,
  API_KEY_EXPIRED = 1403,
  API_KEY_IP_NOT_ALLOWED = 1404,
  API_KEY_PUBLIC_KEY_INVALID = 1405,
  API_KEY_CIDR_INVALID = 1406,

  INTERNAL = 1901,
}

/** What a users request fails with over NATS (the error of the reply). */
export interface UsersRpcError {
  code: UsersErrorCode;
  message: string;
  /** Field problems for VALIDATION_FAILED; `loginLockedDetailsSchema` for LOGIN_LOCKED. */
  details?: unknown;
}
