/**
 * The cheap client side of `npm run bench:load`: what a load process does per order and per WebSocket message,
 * kept small so that the benchmark measures the exchange rather than itself. Signed `/api/v3` form bodies built by
 * hand with the HMAC key imported once, sent over raw kept-alive HTTP/1.1 sockets (no fetch, no Headers object, no
 * JSON parse of answers: only the fields the benchmark counts are read), latency samples in a fixed histogram
 * (mergeable across processes exactly), and the event time of a stream message read from the frame's bytes.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { connect, type Socket } from 'node:net';

import { RawHttpPool } from '@exchange/shared-util-testing';

/** A signed `/api/v3` parameter string as `signedPayload` of `@exchange/shared-util-testing` builds it. */
export class FormSigner {
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** `timestamp=…&<params>&signature=…`; values are encoded as URLSearchParams would (`+` for a space). */
  payload(params: readonly (readonly [string, string])[], timestamp = Date.now()): string {
    let query = `timestamp=${timestamp}`;
    for (const [k, v] of params) query += `&${formEncode(k)}=${formEncode(v)}`;
    return `${query}&signature=${createHmac('sha256', this.key).update(query).digest('hex')}`;
  }
}

const SAFE = /^[A-Za-z0-9*\-._]*$/;

/** application/x-www-form-urlencoded as URLSearchParams writes it. */
export function formEncode(value: string): string {
  if (SAFE.test(value)) return value;
  return new URLSearchParams({ v: value }).toString().slice(2);
}

export interface RawAnswer {
  status: number;
  /** The body as text (small for the benchmark's calls: an order's RESULT or an error). */
  body: string;
}

/**
 * Signed calls (form bodies or query strings) to one gateway over kept-alive connections: raw HTTP/1.1 sockets
 * (`RawHttpPool` of `@exchange/shared-util-testing`), one call in flight per connection.
 */
export class FormPoster {
  private readonly pool: RawHttpPool;

  constructor(base: string, maxSockets: number) {
    this.pool = RawHttpPool.forBase(base, maxSockets);
  }

  post(path: string, body: string, apiKey: string): Promise<RawAnswer> {
    return this.send('POST', path, body, apiKey);
  }

  /**
   * A signed `/api/v3` call as ccxt sends it: the signed parameter string in a form body for POST and PUT, in the
   * query string for GET and DELETE.
   */
  send(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    payload: string,
    apiKey: string,
  ): Promise<RawAnswer> {
    return method === 'POST' || method === 'PUT'
      ? this.pool.request(method, path, `X-MBX-APIKEY: ${apiKey}\r\n${FORM}`, payload)
      : this.pool.request(method, `${path}?${payload}`, `X-MBX-APIKEY: ${apiKey}\r\n`);
  }

  close(): void {
    this.pool.close();
  }
}

const FORM = 'Content-Type: application/x-www-form-urlencoded\r\n';

/** A top-level string field of a JSON object (`"status":"FILLED"`), without parsing the rest; undefined if absent. */
export function jsonStringField(body: string, field: string): string | undefined {
  const key = `"${field}":"`;
  const at = body.indexOf(key);
  if (at < 0) return undefined;
  const from = at + key.length;
  const to = body.indexOf('"', from);
  return to < 0 ? undefined : body.slice(from, to);
}

/** A numeric field (`"code":-2010`) the same way; undefined if absent. */
export function jsonNumberField(body: string, field: string): number | undefined {
  const key = `"${field}":`;
  const at = body.indexOf(key);
  if (at < 0) return undefined;
  const match = /^-?\d+/.exec(body.slice(at + key.length, at + key.length + 24));
  return match ? Number(match[0]) : undefined;
}

const QUOTE = 0x22;
const COLON = 0x3a;

/**
 * The integer field `"<key>":<digits>` that follows `after` (a marker such as `"e":"trade"`) in a JSON frame, read
 * from the bytes; -1 when the marker or the field is missing. Used for a stream event's time (`T` of a trade, `E` of
 * a depth update) without decoding or parsing the frame.
 */
export function eventTime(frame: Buffer, after: string, key: number): number {
  let at = frame.indexOf(after);
  if (at < 0) return -1;
  at += after.length;
  for (;;) {
    at = frame.indexOf(QUOTE, at);
    if (at < 0 || at + 3 >= frame.length) return -1;
    if (frame[at + 1] === key && frame[at + 2] === QUOTE && frame[at + 3] === COLON) break;
    at += 1;
  }
  let value = 0;
  let digits = 0;
  for (let i = at + 4; i < frame.length; i++) {
    const c = frame[i]! - 0x30;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    digits++;
  }
  return digits ? value : -1;
}

export const TRADE_TIME_KEY = 0x54; // T
export const EVENT_TIME_KEY = 0x45; // E
/** A trade's id `t` and a depth update's last update id `u` (bench-worker.ts times them from the NATS hops). */
export const TRADE_ID_KEY = 0x74; // t
export const LAST_UPDATE_ID_KEY = 0x75; // u

/**
 * Latency samples in 0.1 ms steps up to `maxMs` (larger ones counted in the last step and kept as `max`): a fixed
 * cost per sample, and histograms of several processes add up to the exact quantiles of the whole.
 */
export class LatencyHistogram {
  static readonly STEP_MS = 0.1;
  private readonly counts: Uint32Array;
  n = 0;
  max = 0;

  constructor(readonly maxMs = 60_000) {
    this.counts = new Uint32Array(Math.round(maxMs / LatencyHistogram.STEP_MS) + 1);
  }

  record(ms: number): void {
    const v = ms > 0 ? ms : 0;
    if (v > this.max) this.max = v;
    const i = Math.round(v / LatencyHistogram.STEP_MS);
    this.counts[i < this.counts.length ? i : this.counts.length - 1]! += 1;
    this.n += 1;
  }

  /** `[step, count]` pairs of the non-empty steps, for a worker's JSON line. */
  toJSON(): { maxMs: number; max: number; steps: [number, number][] } {
    const steps: [number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]) steps.push([i, this.counts[i]!]);
    return { maxMs: this.maxMs, max: this.max, steps };
  }

  static fromJSON(json: { maxMs: number; max: number; steps: [number, number][] }): LatencyHistogram {
    const h = new LatencyHistogram(json.maxMs);
    h.addSteps(json);
    return h;
  }

  add(other: LatencyHistogram): void {
    this.addSteps(other.toJSON());
  }

  /**
   * The sample at rank floor(q·n) of the sorted samples (as the previous bench-worker computed it from the sorted
   * array), to 0.1 ms; NaN when empty.
   */
  quantile(q: number): number {
    if (!this.n) return NaN;
    const rank = Math.min(this.n - 1, Math.floor(q * this.n));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen > rank) return i === this.counts.length - 1 ? this.max : i * LatencyHistogram.STEP_MS;
    }
    return this.max;
  }

  quantiles(): { n: number; p50: number; p99: number; p999: number; max: number } {
    return {
      n: this.n,
      p50: this.quantile(0.5),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      max: this.max,
    };
  }

  private addSteps(json: { maxMs: number; max: number; steps: [number, number][] }): void {
    if (json.maxMs !== this.maxMs) throw new Error('histograms of different ranges');
    for (const [i, c] of json.steps) {
      this.counts[i]! += c;
      this.n += c;
    }
    if (json.max > this.max) this.max = json.max;
  }
}

/** CPU seconds (user + system) this process has used. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
/** A masked empty-mask frame header: FIN + opcode, MASK + length, then the mask (zeros: the payload goes as is). */
const maskedHeader = (opcode: number, length: number) =>
  Buffer.from([0x80 | opcode, 0x80 | length, 0, 0, 0, 0]);

/**
 * One read buffer for every RawSubscriber of the process (`onread`): Node hands each read to its callback, which is
 * done with it before the next read, so that no Buffer is allocated per read.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * A WebSocket subscriber that only reads: the upgrade by hand on a plain TCP socket, then the server's frames cut
 * from the byte stream and handed over as Buffers without UTF-8 checks or decoding; pings are answered (the gateway
 * drops a connection that does not), a close ends it. Frames of a text or binary message must come whole (FIN set,
 * as the gateway sends them); anything else ends the connection. The socket reads into one buffer shared by the
 * process (`onread`: no Buffer and no stream event per read), so a frame handed to `onFrame` is a view that is
 * valid only until `onFrame` returns.
 */
export class RawSubscriber {
  private socket?: Socket;
  private pending?: Buffer;
  private onBytes: (chunk: Buffer) => void = () => undefined;
  open = false;

  constructor(
    private readonly url: string,
    private readonly onFrame: (payload: Buffer) => void,
  ) {}

  /** Resolves when the server has accepted the upgrade, rejects when it refuses or the connection fails. */
  connect(): Promise<void> {
    const url = new URL(this.url);
    const socket = connect({
      port: Number(url.port || 80),
      host: url.hostname,
      onread: {
        buffer: READ_BUFFER,
        callback: (n) => {
          this.onBytes(READ_BUFFER.subarray(0, n));
          return true; // keep reading
        },
      },
    });
    socket.setNoDelay(true);
    this.socket = socket;
    const key = Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256))).toString(
      'base64',
    );
    return new Promise<void>((resolve, reject) => {
      let head = Buffer.alloc(0);
      this.onBytes = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('error', reject);
        const status = head.subarray(0, head.indexOf('\r\n')).toString();
        if (!/^HTTP\/1\.1 101 /.test(status)) {
          this.onBytes = () => undefined;
          socket.destroy();
          return reject(new Error(`upgrade refused: ${status}`));
        }
        this.open = true;
        this.onBytes = (c: Buffer) => this.read(c);
        socket.on('close', () => (this.open = false));
        socket.on('error', () => (this.open = false));
        const rest = head.subarray(end + 4);
        resolve();
        if (rest.length) this.read(rest);
      };
      socket.once('error', reject);
      socket.once('connect', () =>
        socket.write(
          `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        ),
      );
    });
  }

  terminate(): void {
    this.open = false;
    this.socket?.destroy();
  }

  private read(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let at = 0;
    while (buf.length - at >= 2) {
      const b0 = buf[at]!;
      const b1 = buf[at + 1]!;
      let length = b1 & 0x7f;
      let header = 2;
      if (length === 126) {
        if (buf.length - at < 4) break;
        length = buf.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (buf.length - at < 10) break;
        length = Number(buf.readBigUInt64BE(at + 2));
        header = 10;
      }
      if (b1 & 0x80) header += 4; // a server must not mask; skip the key all the same
      if (buf.length - at < header + length) break;
      const payload = buf.subarray(at + header, at + header + length);
      at += header + length;
      const opcode = b0 & 0x0f;
      if ((opcode === OP_TEXT || opcode === OP_BINARY) && b0 & 0x80) this.onFrame(payload);
      else if (opcode === OP_PING && length <= 125) {
        this.socket!.write(Buffer.concat([maskedHeader(0xa, length), payload]));
      } else if (opcode === 0xa) {
        // an unsolicited pong: nothing to do
      } else {
        if (opcode === OP_CLOSE) this.socket!.end(maskedHeader(OP_CLOSE, 0));
        else this.terminate();
        this.open = false;
        return;
      }
    }
    // A copy: `buf` may be the shared read buffer, which the next read overwrites.
    if (at < buf.length) this.pending = Buffer.from(buf.subarray(at));
  }
}
