import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  service: string;
  level?: LoggerOptions['level'];
  /** Where the JSON lines go; standard output when left out. */
  destination?: DestinationStream;
}

/** Keys (any case) whose values never reach a log line, wherever they are (headers, bodies, errors, nested objects). */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-mbx-apikey',
  'apiKey',
  'secret',
  'apiSecret',
  'secretKey',
  'privateKey',
  'signature',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'listenKey',
  'totp',
  'totpCode',
  'totpSecret',
  'mfaCode',
  'otp',
  'otpauth',
  'otpauthUri',
] as const;

const REDACTED = new Set<string>(REDACTED_KEYS.map((k) => k.toLowerCase()));
const CENSOR = '[Redacted]';
/** Objects deeper than this are written as they are (log objects are shallow; this bounds cycles too). */
const MAX_DEPTH = 8;

function shallowCopy(value: object): Record<string, unknown> {
  if (value instanceof Error) {
    // Keep what pino's error serializer reads: the prototype, message and stack (not enumerable).
    return Object.assign(Object.create(Object.getPrototypeOf(value) as object) as Error, value, {
      message: value.message,
      stack: value.stack,
    }) as unknown as Record<string, unknown>;
  }
  return { ...(value as Record<string, unknown>) };
}

/**
 * `value` with every property named in REDACTED_KEYS (any case, any depth) replaced by `[Redacted]`, unless it is a
 * number or a boolean (a count or a flag, never a secret: codes and keys travel as strings). Copies
 * only the objects on the way to a redacted value: the caller's objects are never changed, and an object
 * without secrets costs one walk of its keys.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof Map || value instanceof Set)
    return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) (copy ??= value.slice())[i] = redacted;
    });
    return (copy ?? value) as T;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    // Numbers and booleans stay: every secret, token and code here is a string, while counts and flags keyed by
    // a secret's name (`rewrapped: { totp: 2 }`, `mfa: { totp: true }`) are what operators need to read.
    const redacted =
      REDACTED.has(key.toLowerCase()) && typeof item !== 'number' && typeof item !== 'boolean'
        ? CENSOR
        : redactSecrets(item, depth + 1);
    if (redacted !== item) (copy ??= shallowCopy(value))[key] = redacted;
  }
  return (copy ?? value) as T;
}

/** The ids of the active OpenTelemetry span, else of the request being handled. */
function traceFields(): Record<string, string> {
  const context = currentRequestContext();
  const span = trace.getActiveSpan()?.spanContext();
  const ids =
    span && isSpanContextValid(span)
      ? { traceId: span.traceId, spanId: span.spanId }
      : context
        ? { traceId: context.traceId, ...(context.spanId ? { spanId: context.spanId } : {}) }
        : {};
  return context ? { requestId: context.requestId, ...ids } : ids;
}

/** A pino logger writing one JSON object a line, stamped with the service and the current request's ids. */
export function createLogger({ service, level = 'info', destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service, pid: process.pid },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (object) => redactSecrets(object) },
    mixin: traceFields,
  };
  return destination ? pino(options, destination) : pino(options);
}
