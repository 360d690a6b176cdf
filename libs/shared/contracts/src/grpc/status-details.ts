/**
 * `google.rpc.Status` as the `grpc-status-details-bin` trailer carries it, with the two detail types the exchange
 * sends (`google.rpc.ErrorInfo`, `google.rpc.RetryInfo`), encoded and decoded by hand: the messages are small and
 * fixed (field numbers from googleapis, vendored in `proto/google/rpc`), so no protobuf runtime is needed here.
 */

/** The trailer's key. */
export const GRPC_STATUS_DETAILS_KEY = 'grpc-status-details-bin';
export const ERROR_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.ErrorInfo';
export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';
/** `ErrorInfo.domain` of every exchange error. */
export const ERROR_DOMAIN = 'exchange';

export interface ErrorInfo {
  /** UPPER_SNAKE_CASE reason, e.g. `NO_SUCH_ORDER` (the Binance error's name) or `SLOW_CONSUMER`. */
  reason: string;
  domain: string;
  /** For Binance errors, `binance_code` holds the code as over REST (e.g. `-2013`). */
  metadata: Record<string, string>;
}

export interface RichStatus {
  code: number;
  message: string;
  errorInfo?: ErrorInfo;
  /** RetryInfo's delay in milliseconds. */
  retryDelayMs?: number;
}

// ---- encoding ----

function varint(value: number | bigint): number[] {
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n;
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

function varintField(field: number, value: number | bigint): number[] {
  return value === 0 || value === 0n ? [] : [...varint(field << 3), ...varint(value)];
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (parts: number[]) => Uint8Array.from(parts);

function any(typeUrl: string, value: Uint8Array): Uint8Array {
  return bytes([...lengthDelimited(1, utf8(typeUrl)), ...lengthDelimited(2, value)]);
}

export function encodeErrorInfo(info: ErrorInfo): Uint8Array {
  const parts = [...lengthDelimited(1, utf8(info.reason)), ...lengthDelimited(2, utf8(info.domain))];
  for (const [key, value] of Object.entries(info.metadata).sort(([a], [b]) => a.localeCompare(b))) {
    parts.push(
      ...lengthDelimited(3, bytes([...lengthDelimited(1, utf8(key)), ...lengthDelimited(2, utf8(value))])),
    );
  }
  return bytes(parts);
}

export function encodeRetryInfo(delayMs: number): Uint8Array {
  const seconds = Math.floor(delayMs / 1000);
  const nanos = (delayMs % 1000) * 1_000_000;
  const duration = bytes([...varintField(1, seconds), ...varintField(2, nanos)]);
  return bytes(lengthDelimited(1, duration));
}

/** The serialised `google.rpc.Status` of `status`. */
export function encodeStatus(status: RichStatus): Uint8Array {
  const parts = [...varintField(1, status.code), ...lengthDelimited(2, utf8(status.message))];
  if (status.errorInfo)
    parts.push(...lengthDelimited(3, any(ERROR_INFO_TYPE_URL, encodeErrorInfo(status.errorInfo))));
  if (status.retryDelayMs !== undefined) {
    parts.push(...lengthDelimited(3, any(RETRY_INFO_TYPE_URL, encodeRetryInfo(status.retryDelayMs))));
  }
  return bytes(parts);
}

// ---- decoding ----

interface Field {
  field: number;
  value: bigint | Uint8Array;
}

function fields(buffer: Uint8Array): Field[] {
  const out: Field[] = [];
  let at = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (at >= buffer.length) throw new Error('truncated varint');
      const byte = buffer[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < buffer.length) {
    const key = Number(readVarint());
    const wire = key & 7;
    const field = key >>> 3;
    if (wire === 0) out.push({ field, value: readVarint() });
    else if (wire === 2) {
      const length = Number(readVarint());
      if (at + length > buffer.length) throw new Error('truncated field');
      out.push({ field, value: buffer.subarray(at, at + length) });
      at += length;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const text = (value: bigint | Uint8Array) =>
  value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value);
const number = (value: bigint | Uint8Array) =>
  typeof value === 'bigint' ? Number(BigInt.asIntN(32, value)) : 0;

export function decodeErrorInfo(buffer: Uint8Array): ErrorInfo {
  const info: ErrorInfo = { reason: '', domain: '', metadata: {} };
  for (const { field, value } of fields(buffer)) {
    if (field === 1) info.reason = text(value);
    else if (field === 2) info.domain = text(value);
    else if (field === 3 && value instanceof Uint8Array) {
      const entry = fields(value);
      const key = entry.find((f) => f.field === 1);
      const val = entry.find((f) => f.field === 2);
      info.metadata[key ? text(key.value) : ''] = val ? text(val.value) : '';
    }
  }
  return info;
}

function decodeRetryInfo(buffer: Uint8Array): number {
  const duration = fields(buffer).find((f) => f.field === 1)?.value;
  if (!(duration instanceof Uint8Array)) return 0;
  let ms = 0;
  for (const { field, value } of fields(duration)) {
    if (field === 1) ms += Number(value) * 1000;
    if (field === 2) ms += Math.floor(Number(value) / 1_000_000);
  }
  return ms;
}

/** Reads a `grpc-status-details-bin` value; details of other types are skipped. */
export function decodeStatus(buffer: Uint8Array): RichStatus {
  const status: RichStatus = { code: 0, message: '' };
  for (const { field, value } of fields(buffer)) {
    if (field === 1) status.code = number(value);
    else if (field === 2) status.message = text(value);
    else if (field === 3 && value instanceof Uint8Array) {
      const parts = fields(value);
      const typeUrl = parts.find((f) => f.field === 1);
      const body = parts.find((f) => f.field === 2)?.value;
      if (!typeUrl || !(body instanceof Uint8Array)) continue;
      if (text(typeUrl.value) === ERROR_INFO_TYPE_URL) status.errorInfo = decodeErrorInfo(body);
      if (text(typeUrl.value) === RETRY_INFO_TYPE_URL) status.retryDelayMs = decodeRetryInfo(body);
    }
  }
  return status;
}
