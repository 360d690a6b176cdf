/** A request id as Binance takes it: an unsigned integer, a short string, or null. */
export type RequestId = number | string | null;

export type StreamRequest =
  | { method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; params: string[]; id: RequestId }
  | { method: 'LIST_SUBSCRIPTIONS'; id: RequestId }
  | { method: 'SET_PROPERTY'; property: 'combined'; value: boolean; id: RequestId }
  | { method: 'GET_PROPERTY'; property: 'combined'; id: RequestId };

/** Binance's WebSocket error codes: 0 unknown property, 1 bad value type, 2 invalid request, 3 invalid JSON. */
export interface StreamError {
  code: 0 | 1 | 2 | 3;
  msg: string;
}

export type ParsedRequest =
  { ok: true; request: StreamRequest } | { ok: false; error: StreamError; id: RequestId };

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'] as const;
const FIELDS = new Set(['method', 'params', 'id']);
const MAX_ID_LENGTH = 64;

function isRequestId(id: unknown): id is RequestId {
  return (
    id === null ||
    (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ||
    (typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH)
  );
}

/** Parses one text frame from a client; refusals carry Binance's code and message. */
export function parseStreamRequest(text: string): ParsedRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return invalid(3, `Invalid JSON: ${(error as Error).message}`, null);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalid(2, 'Invalid request: expected a JSON object', null);
  }
  const fields = body as Record<string, unknown>;
  const rawId = fields['id'] ?? null;
  if (!isRequestId(rawId)) {
    return invalid(2, 'Invalid request: request ID must be an unsigned integer or a string', null);
  }
  const id = rawId;
  const unknown = Object.keys(fields).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) return invalid(2, `Invalid request: unknown field \`${unknown}\``, id);
  const method = fields['method'];
  if (method === undefined) return invalid(2, 'Invalid request: missing field `method`', id);
  if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
    return invalid(
      2,
      `Invalid request: unknown variant \`${String(method)}\`, expected one of ${METHODS.join(', ')}`,
      id,
    );
  }
  const params = fields['params'];
  switch (method as (typeof METHODS)[number]) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      if (!Array.isArray(params) || params.length === 0 || !params.every((p) => typeof p === 'string')) {
        return invalid(2, 'Invalid request: params must be a non-empty array of stream names', id);
      }
      return { ok: true, request: { method: method as 'SUBSCRIBE', params: params as string[], id } };
    case 'LIST_SUBSCRIPTIONS':
      if (params !== undefined && !(Array.isArray(params) && params.length === 0)) {
        return invalid(2, 'Invalid request: too many parameters', id);
      }
      return { ok: true, request: { method: 'LIST_SUBSCRIPTIONS', id } };
    case 'SET_PROPERTY':
      if (!Array.isArray(params) || params.length !== 2) {
        return invalid(2, 'Invalid request: params must be [property, value]', id);
      }
      if (params[0] !== 'combined') return invalid(0, 'Unknown property', id);
      if (typeof params[1] !== 'boolean') return invalid(1, 'Invalid value type: expected Boolean', id);
      return { ok: true, request: { method: 'SET_PROPERTY', property: 'combined', value: params[1], id } };
    case 'GET_PROPERTY':
      if (!Array.isArray(params) || params.length !== 1) {
        return invalid(2, 'Invalid request: params must be [property]', id);
      }
      if (params[0] !== 'combined') return invalid(0, 'Unknown property', id);
      return { ok: true, request: { method: 'GET_PROPERTY', property: 'combined', id } };
  }
}

function invalid(code: StreamError['code'], msg: string, id: RequestId): ParsedRequest {
  return { ok: false, error: { code, msg }, id };
}
