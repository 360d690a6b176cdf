import { createHmac } from 'node:crypto';

export type Params = readonly (readonly [string, string])[];

/**
 * The signed parameter string of a Binance request, laid out as ccxt and python-binance send it: `timestamp`
 * first, then the call's parameters, then `recvWindow`, then `signature` = lower-case hex HMAC-SHA256 of
 * exactly the text before `&signature=`.
 */
export function signedQuery(params: Params, secret: string, timestamp: number, recvWindowMs: number): string {
  const payload = new URLSearchParams([
    ['timestamp', String(timestamp)],
    ...params.map(([k, v]) => [k, v] as [string, string]),
    ['recvWindow', String(recvWindowMs)],
  ]).toString();
  return `${payload}&signature=${hmacSignature(payload, secret)}`;
}

/** Lower-case hex HMAC-SHA256 of `payload` under `secret`, as Binance computes it. */
export function hmacSignature(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}
