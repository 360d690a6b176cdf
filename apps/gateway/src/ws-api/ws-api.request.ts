import { BinanceErrorCode } from '../binance/binance-error-code';

/** Binance's WebSocket API path (`wss://ws-api.binance.com/ws-api/v3`); ccxt's `urls.api.ws['ws-api']`. */
export const WS_API_PATH = '/ws-api/v3';

/** A request's id: echoed in its answer; Binance takes an integer, a string of up to 36 characters, or null. */
export type WsApiId = string | number | null;

/** A parameter as a JSON request carries it (arrays: `symbols`). */
export type WsApiValue = string | number | boolean | string[];

export interface WsApiRequest {
  id: WsApiId;
  method: string;
  params: Record<string, WsApiValue>;
}

export interface WsApiError {
  code: number;
  msg: string;
}

export type WsApiParse = { ok: true; request: WsApiRequest } | { ok: false; id: WsApiId; error: WsApiError };

const malformed = (msg: string): WsApiError => ({
  code: BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
  msg,
});

function isId(value: unknown): value is WsApiId {
  if (value === null) return true;
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return typeof value === 'string' && value.length > 0 && value.length <= 36;
}

/**
 * A text frame as a WebSocket API request: `{"id", "method", "params"}` and nothing else, `params` an object of
 * strings, whole numbers (a JSON decimal is read as a double, so decimals travel as strings, as on REST's JSON
 * bodies), booleans and arrays of strings. A refusal names the request's id when it could be read.
 */
export function parseWsApiRequest(text: string): WsApiParse {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { ok: false, id: null, error: malformed('Malformed request: not JSON.') };
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return { ok: false, id: null, error: malformed('Malformed request: not a JSON object.') };
  }
  const { id, method, params, ...rest } = frame as Record<string, unknown>;
  if (!isId(id)) {
    return {
      ok: false,
      id: null,
      error: malformed(
        "Malformed request: 'id' must be an integer, a string of 1 to 36 characters, or null.",
      ),
    };
  }
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) {
    return {
      ok: false,
      id,
      error: { code: BinanceErrorCode.UNKNOWN_PARAM, msg: `Malformed request: unknown field '${unknown}'.` },
    };
  }
  if (typeof method !== 'string' || method === '') {
    return { ok: false, id, error: malformed("Malformed request: 'method' must be a non-empty string.") };
  }
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    return { ok: false, id, error: malformed("Malformed request: 'params' must be an object.") };
  }
  const values = (params ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(values)) {
    const problem = valueProblem(value);
    if (problem) return { ok: false, id, error: malformed(`Parameter '${name}' ${problem}.`) };
  }
  return { ok: true, request: { id, method, params: values as Record<string, WsApiValue> } };
}

function valueProblem(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isSafeInteger(value)
      ? undefined
      : 'must be a string or a whole number; send decimals as strings';
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return undefined;
  return 'must be a string, a whole number, a boolean or an array of strings';
}

/** A parameter's text: as sent for strings, numbers and booleans; an array as JSON (REST's `symbols=["A","B"]`). */
export function textOf(value: WsApiValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/**
 * What a signed request's signature covers (Binance's WebSocket API): every parameter but `signature`, sorted by
 * name, as `name=value` joined by `&`, the values as sent (not URL-encoded).
 */
export function wsApiSigningPayload(params: Record<string, WsApiValue>): string {
  return Object.keys(params)
    .filter((name) => name !== 'signature')
    .sort()
    .map((name) => `${name}=${textOf(params[name]!)}`)
    .join('&');
}

/** The WebSocket API's own parameters, which REST's handlers do not take (signed ones are still signed). */
const WS_API_PARAMS = new Set(['apiKey', 'signature', 'returnRateLimits']);

/** The parameters as REST's handlers read them (text values), without the WebSocket API's own. */
export function restParams(params: Record<string, WsApiValue>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!WS_API_PARAMS.has(name)) values[name] = textOf(value);
  }
  return values;
}

/**
 * Whether the answer carries `rateLimits`: as the request's `returnRateLimits` says (ccxt sends `false` with every
 * request), else as the connection's URL said (`?returnRateLimits=false`; true by default).
 */
export function wantsRateLimits(params: Record<string, WsApiValue>, connectionDefault: boolean): boolean {
  const value = params['returnRateLimits'];
  if (value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  return connectionDefault;
}
