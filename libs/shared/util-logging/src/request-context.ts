import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

/** What every log line written while handling one request or message carries. */
export interface RequestContext {
  requestId: string;
  traceId: string;
  spanId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/** Reads a W3C `traceparent` header (`00-<trace id>-<parent span id>-<flags>`); undefined when malformed. */
export function parseTraceparent(
  header: string | undefined,
): { traceId: string; spanId: string } | undefined {
  const match = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return undefined;
  return { traceId: match[1], spanId: match[2] };
}

/** The context for an incoming request: ids from its headers where they are valid, new ones otherwise. */
export function requestContextFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): RequestContext {
  const first = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const parent = parseTraceparent(first('traceparent'));
  return {
    requestId: requestIdFromHeaders(headers),
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    spanId: parent?.spanId,
  };
}

/** The caller's `x-request-id` when it is a sane id (letters, digits, `_.:-`, at most 128), else a new one. */
export function requestIdFromHeaders(headers: Record<string, string | string[] | undefined>): string {
  const value = headers['x-request-id'];
  const requestId = Array.isArray(value) ? value[0] : value;
  return requestId && /^[\w.:-]{1,128}$/.test(requestId) ? requestId : randomUUID();
}
