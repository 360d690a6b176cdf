import { createHmac } from 'node:crypto';

import fc from 'fast-check';

import { type FuzzCase, type FuzzCredentials, type FuzzRoute, HOSTILE } from './fuzz';

/**
 * Malformed input for the gateway's WebSocket API (`/ws-api/v3`): the REST routes' malformed requests
 * (`malformedRequests`) sent as the WebSocket API method that is the same handler, signed as its clients sign
 * (every parameter but the signature, sorted), and frames that break the request's own shape. Every one must get an
 * answer `{"id", "status": 4xx, "error": {"code", "msg"}}` (or, for a frame over the size limit, a close with 1009)
 * and change nothing.
 */

/** The REST route each WebSocket API method is (the gateway's `WS_API_ROUTES`, by the routes' OpenAPI keys). */
export const WS_API_METHOD_OF: Record<string, string> = {
  'get /api/v3/exchangeInfo': 'exchangeInfo',
  'get /api/v3/depth': 'depth',
  'get /api/v3/trades': 'trades.recent',
  'get /api/v3/historicalTrades': 'trades.historical',
  'get /api/v3/aggTrades': 'trades.aggregate',
  'get /api/v3/klines': 'klines',
  'get /api/v3/avgPrice': 'avgPrice',
  'get /api/v3/ticker/24hr': 'ticker.24hr',
  'get /api/v3/ticker': 'ticker',
  'get /api/v3/ticker/tradingDay': 'ticker.tradingDay',
  'get /api/v3/ticker/price': 'ticker.price',
  'get /api/v3/ticker/bookTicker': 'ticker.book',
  'post /api/v3/order/test': 'order.test',
  'post /api/v3/order': 'order.place',
  'get /api/v3/order': 'order.status',
  'delete /api/v3/order': 'order.cancel',
  'post /api/v3/order/cancelReplace': 'order.cancelReplace',
  'put /api/v3/order/amend/keepPriority': 'order.amend.keepPriority',
  'get /api/v3/order/amendments': 'order.amendments',
  'get /api/v3/openOrders': 'openOrders.status',
  'delete /api/v3/openOrders': 'openOrders.cancelAll',
  'get /api/v3/allOrders': 'allOrders',
  'get /api/v3/myTrades': 'myTrades',
  'get /api/v3/myPreventedMatches': 'myPreventedMatches',
  'get /api/v3/account': 'account.status',
  'get /api/v3/rateLimit/order': 'account.rateLimits.orders',
  'get /api/v3/account/commission': 'account.commission',
};

/**
 * A REST route's malformed case as a WebSocket API request frame, or undefined when the case has no WebSocket
 * counterpart: a repeated parameter (a JSON object holds a name once) or a JSON body.
 */
export function wsApiFrame(
  route: FuzzRoute,
  kase: FuzzCase,
  credentials: Pick<FuzzCredentials, 'apiKey' | 'secret'>,
  id: string,
): string | undefined {
  const method = WS_API_METHOD_OF[`${route.method} ${route.path}`];
  if (!method || route.input !== 'query') return undefined;
  const names = kase.query.map(([name]) => name);
  if (new Set(names).size !== names.length) return undefined;
  const params: Record<string, string | number> = Object.fromEntries(kase.query);
  if (route.auth === 'signed' || route.auth === 'apiKey') {
    if (!kase.anonymous) params['apiKey'] = credentials.apiKey;
    if (route.auth === 'signed') {
      params['timestamp'] = Date.now();
      if (!kase.anonymous) {
        const payload = Object.keys(params)
          .sort()
          .map((name) => `${name}=${String(params[name])}`)
          .join('&');
        params['signature'] = createHmac('sha256', credentials.secret).update(payload).digest('hex');
      }
    }
  }
  return JSON.stringify({ id, method, params });
}

/** Frames whose own shape is wrong: not JSON, not an object, bad ids, unknown fields or methods, bad params. */
export function wsApiBadFrames(): fc.Arbitrary<{ kind: string; frame: string }> {
  const badId = fc.constantFrom<unknown>(1.5, true, {}, [], '', 'x'.repeat(37), 2 ** 60);
  const badValue = fc.constantFrom<unknown>(null, 0.5, 1e300, { a: 1 }, [1], [null]);
  return fc.oneof(
    fc
      .string({ maxLength: 60 })
      .filter(notJsonObject)
      .map((frame) => ({ kind: 'not an object', frame })),
    badId.map((id) => ({ kind: 'bad id', frame: JSON.stringify({ id, method: 'ping' }) })),
    fc.constantFrom('', 'PING', 'order.teleport', ...HOSTILE).map((method) => ({
      kind: 'unknown method',
      frame: JSON.stringify({ id: 'f1', method }),
    })),
    fc.constantFrom<unknown>(null, 1, [], {}).map((method) => ({
      kind: 'method not a string',
      frame: JSON.stringify({ id: 'f2', method }),
    })),
    fc.stringMatching(/^[a-z]{1,8}$/).map((field) => ({
      kind: 'unknown field',
      frame: JSON.stringify({ id: 'f3', method: 'ping', [`zz${field}`]: 1 }),
    })),
    fc.constantFrom<unknown>([], 'x', 1, true).map((params) => ({
      kind: 'params not an object',
      frame: JSON.stringify({ id: 'f4', method: 'depth', params }),
    })),
    badValue.map((value) => ({
      kind: 'bad parameter value',
      frame: JSON.stringify({ id: 'f5', method: 'depth', params: { symbol: 'BTCUSDT', limit: value } }),
    })),
    // The session's own methods on a connection that never logged on: a logon without a key or with an unknown one
    // or a bad signature, a subscription without a logon, and parameters the session methods do not take.
    fc
      .constantFrom<[string, Record<string, unknown>]>(
        ['session.logon', {}],
        ['session.logon', { timestamp: 1 }],
        ['session.logon', { apiKey: 'x'.repeat(64), timestamp: Date.now(), signature: 'AAAA' }],
        ['session.logon', { apiKey: 'not a key', signature: 'x' }],
        ['userDataStream.subscribe', {}],
        ['userDataStream.subscribe', { timestamp: Date.now() }],
        ['session.status', { colour: 'red' }],
        ['session.logout', { colour: 'red' }],
        ['userDataStream.unsubscribe', { subscriptionId: 'abc' }],
      )
      .map(([method, params]) => ({
        kind: `session method without a logon (${method})`,
        frame: JSON.stringify({ id: 'f6', method, params }),
      })),
  );
}

function notJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value !== 'object' || value === null || Array.isArray(value);
  } catch {
    return true;
  }
}

/** An answer as the WebSocket API promises a refusal: a 4xx status and Binance's `{code, msg}`. Empty when it is. */
export function wsApiRefusalProblem(text: string): string | undefined {
  let answer: { status?: unknown; error?: { code?: unknown; msg?: unknown } };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return `the answer is not JSON: ${text.slice(0, 200)}`;
  }
  const status = answer.status;
  const error = answer.error;
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    Number.isInteger(error?.code) &&
    typeof error?.msg === 'string'
  ) {
    return undefined;
  }
  return `answered ${text.slice(0, 300)}`;
}
