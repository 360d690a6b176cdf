/** Binance Spot API error codes the gateway answers with (what ccxt and other clients map to exceptions). */
export enum BinanceErrorCode {
  UNKNOWN = -1000,
  DISCONNECTED = -1001,
  UNAUTHORIZED = -1002,
  TOO_MANY_REQUESTS = -1003,
  /** Filter failures (`Filter failure: LOT_SIZE`, ...) and other invalid order values. */
  INVALID_MESSAGE = -1013,
  TOO_MANY_ORDERS = -1015,
  INVALID_TIMESTAMP = -1021,
  INVALID_SIGNATURE = -1022,
  ILLEGAL_CHARS = -1100,
  TOO_MANY_PARAMETERS = -1101,
  MANDATORY_PARAM_EMPTY_OR_MALFORMED = -1102,
  UNKNOWN_PARAM = -1103,
  PARAM_EMPTY = -1105,
  PARAM_NOT_REQUIRED = -1106,
  INVALID_TIF = -1115,
  INVALID_ORDER_TYPE = -1116,
  INVALID_SIDE = -1117,
  BAD_INTERVAL = -1120,
  BAD_SYMBOL = -1121,
  /** `This listenKey does not exist.` */
  INVALID_LISTEN_KEY = -1125,
  /** `Combination of optional parameters invalid.` */
  COMBINATION_INVALID = -1128,
  INVALID_PARAMETER = -1130,
  BAD_RECV_WINDOW = -1131,
  NEW_ORDER_REJECTED = -2010,
  CANCEL_REJECTED = -2011,
  /** `POST /order/cancelReplace`: one of the two steps failed (HTTP 409), `data` says which. */
  CANCEL_REPLACE_PARTIALLY_FAILED = -2021,
  /** `POST /order/cancelReplace`: nothing was done (HTTP 400), `data` says why. */
  CANCEL_REPLACE_FAILED = -2022,
  NO_SUCH_ORDER = -2013,
  BAD_API_KEY_FMT = -2014,
  REJECTED_MBX_KEY = -2015,
  /** WebSocket API: `User Data Stream subscription already active.` */
  SUBSCRIPTION_ACTIVE = -2035,
  /** WebSocket API: `User Data Stream subscription not active.` */
  SUBSCRIPTION_INACTIVE = -2036,
}

/** A failure the client caused or must react to, answered as HTTP `status` with `{ code, msg }`. */
export class BinanceApiError extends Error {
  override readonly name = 'BinanceApiError';

  constructor(
    readonly code: BinanceErrorCode,
    message: string,
    readonly httpStatus = 400,
    /** Seconds to wait before retrying (429 / 418). */
    readonly retryAfterSeconds?: number,
    /** Binance's `data` beside `code` and `msg` (cancelReplace's outcome of each step). */
    readonly data?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** -1102 for a parameter that is missing, empty or malformed, in Binance's words. */
export function mandatory(name: string): BinanceApiError {
  return new BinanceApiError(
    BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  );
}

/** The message of a cancel refused for its `cancelRestrictions` (-2011, as a cancel of an unknown order). */
export const CANCEL_RESTRICTED_MESSAGE = 'Order was not canceled due to cancel restrictions.';

/** -2011 for a cancel whose `cancelRestrictions` the order's state does not meet: the order is left as it was. */
export function cancelRestricted(): BinanceApiError {
  return new BinanceApiError(BinanceErrorCode.CANCEL_REJECTED, CANCEL_RESTRICTED_MESSAGE);
}
