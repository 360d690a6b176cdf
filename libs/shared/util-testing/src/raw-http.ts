import { connect, type Socket } from 'node:net';

/** An answer as the load clients read it: the status and the body as text (the small answers of an API call). */
export interface RawHttpAnswer {
  status: number;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;
const STATUS = /^HTTP\/1\.1 (\d{3}) /;
const CHUNKED = /\r\ntransfer-encoding: *chunked\r?$/im;
const CRLF = Buffer.from('\r\n');

/** The body of `length` bytes from `from`: undefined while incomplete, an error when more bytes follow. */
function sizedBody(data: Buffer, from: number, length: number): string | undefined | RawHttpError {
  const end = from + length;
  if (data.length < end) return undefined;
  if (data.length > end) return new RawHttpError(`${data.length - end} bytes more than one answer`);
  return data.toString('utf8', from, end);
}

/** A chunked body from `from` (no trailers): undefined while incomplete, an error when malformed or followed. */
function chunkedBody(data: Buffer, from: number): string | undefined | RawHttpError {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.toString('latin1', at, lineEnd), 16);
    if (!(size >= 0)) return new RawHttpError(`bad chunk size: ${data.toString('latin1', at, lineEnd)}`);
    const end = lineEnd + 2 + size;
    if (data.length < end + 2) return undefined;
    if (data[end] !== 0x0d || data[end + 1] !== 0x0a) return new RawHttpError('chunk not followed by CRLF');
    if (size === 0) {
      if (data.length > end + 2)
        return new RawHttpError(`${data.length - end - 2} bytes more than one answer`);
      return Buffer.concat(parts).toString('utf8');
    }
    parts.push(data.subarray(lineEnd + 2, end));
    at = end + 2;
  }
}

/** The connection broke or the server answered in a way this client does not read (named so it is counted apart). */
export class RawHttpError extends Error {
  override readonly name = 'RawHttpError';
}

interface Call {
  request: Buffer;
  resolve(answer: RawHttpAnswer): void;
  reject(error: Error): void;
}

/**
 * A cheap HTTP/1.1 client for load generators: kept-alive connections on raw sockets, each with one request in flight
 * (no pipelining), at most `maxConnections`, calls beyond that queued in order. An answer must have a
 * `Content-Length` (the gateway's do) or a chunked body without trailers, and come alone; anything else, or a
 * connection that closes with a call in flight, rejects that call with a `RawHttpError` and drops the connection
 * (nothing is retried). No header object, no event per header, no stream per body: the request is one prepared
 * write and the answer is cut from the bytes.
 */
export class RawHttpPool {
  private readonly idle: Socket[] = [];
  private readonly queue: Call[] = [];
  private readonly open = new Set<Socket>();
  private readonly hostHeader: string;
  private connecting = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxConnections: number,
  ) {
    this.hostHeader = `Host: ${host}:${port}\r\n`;
  }

  /** A pool for a base URL such as `http://127.0.0.1:3000`. */
  static forBase(base: string, maxConnections: number): RawHttpPool {
    const url = new URL(base);
    return new RawHttpPool(url.hostname, Number(url.port || 80), maxConnections);
  }

  /**
   * Sends `method path` with `headers` (whole lines, each ending in CRLF, e.g. `X-MBX-APIKEY: k\r\n`) and, when
   * given, a body (its Content-Length is added).
   */
  request(method: string, path: string, headers: string, body?: string): Promise<RawHttpAnswer> {
    const length = body === undefined ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    const request = Buffer.from(
      `${method} ${path} HTTP/1.1\r\n${this.hostHeader}${headers}${length}\r\n${body ?? ''}`,
    );
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** Drops every connection; calls in flight or queued are rejected. */
  close(): void {
    for (const call of this.queue.splice(0)) call.reject(new RawHttpError('pool closed'));
    for (const socket of this.open) socket.destroy();
    this.idle.length = 0;
  }

  private pump(): void {
    while (this.queue.length && this.idle.length) this.send(this.idle.pop()!, this.queue.shift()!);
    while (this.queue.length > this.connecting && this.open.size + this.connecting < this.maxConnections)
      this.connect();
  }

  private connect(): void {
    this.connecting += 1;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    let ready = false;
    socket.once('connect', () => {
      ready = true;
      this.connecting -= 1;
      this.open.add(socket);
      this.idle.push(socket);
      this.pump();
    });
    // A connection the server closes while idle leaves the pool (a call in flight is failed by send's listeners).
    socket.once('close', () => {
      this.open.delete(socket);
      const at = this.idle.indexOf(socket);
      if (at >= 0) this.idle.splice(at, 1);
    });
    socket.on('error', (error) => {
      if (ready) return;
      ready = true;
      // Connecting failed: the oldest queued call fails with it (one failure per attempt, never silent).
      this.connecting -= 1;
      this.queue.shift()?.reject(new RawHttpError(`connect: ${error.message}`));
      this.pump();
    });
  }

  private send(socket: Socket, call: Call): void {
    let pending: Buffer | undefined;
    const done = (error?: Error, answer?: RawHttpAnswer) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
      if (error) {
        this.open.delete(socket);
        socket.destroy();
        call.reject(error);
      } else {
        this.idle.push(socket);
        call.resolve(answer!);
      }
      this.pump();
    };
    const onData = (chunk: Buffer) => {
      const data = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = undefined;
      const headerEnd = data.indexOf(HEADER_END);
      if (headerEnd < 0) {
        pending = data;
        return;
      }
      const head = data.toString('latin1', 0, headerEnd);
      const status = STATUS.exec(head);
      if (!status) return done(new RawHttpError(`unreadable answer: ${head.slice(0, 200)}`));
      const length = CONTENT_LENGTH.exec(head);
      const body = length
        ? sizedBody(data, headerEnd + 4, Number(length[1]))
        : CHUNKED.test(head)
          ? chunkedBody(data, headerEnd + 4)
          : new RawHttpError(`no Content-Length and not chunked: ${head.slice(0, 200)}`);
      if (body instanceof RawHttpError) return done(body);
      if (body === undefined) {
        pending = data;
        return;
      }
      done(undefined, { status: Number(status[1]), body });
    };
    const onClose = () => done(new RawHttpError('connection closed before the answer'));
    const onError = (error: Error) => done(new RawHttpError(`socket: ${error.message}`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
    socket.write(call.request);
  }
}
