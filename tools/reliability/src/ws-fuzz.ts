import fc from 'fast-check';
import WebSocket from 'ws';

import { HOSTILE } from './fuzz';

/**
 * Malformed input for the gateway's WebSocket streams (`/ws`, `/stream`, and a listen key's user-data stream):
 * request frames that no rule allows (wrong types, unknown methods and fields, bad ids, stream names that do not
 * exist, huge params), frames that are not JSON or not objects, binary frames, text frames that are not UTF-8, frames
 * over the size limit, and connection URLs naming streams that do not exist. Every one is invalid by construction:
 * the answer must be Binance's error frame `{"error":{"code","msg"},"id"}` (codes 0–3) or a close with the code the
 * WebSocket protocol gives the fault, never a crash, and a valid subscription afterwards must still work.
 */

/** Names no stream has: a symbol not listed, an unknown kind or interval, a listen key nobody was given. */
const UNKNOWN_STREAMS = [
  'nopeusdt@trade',
  'btcusdt@nope',
  'btcusdt@kline_7m',
  'btcusdt@depth@999ms',
  'btcusdt@depth42',
  'btc-usdt@trade',
  '@trade',
  'btcusdt@',
  'Z'.repeat(64),
];
/** Names that are not stream names at all (so that even UNSUBSCRIBE, which checks only the form, refuses them). */
const MALFORMED_STREAMS = ['btcusdt@nope', 'btcusdt@kline_7m', '@trade', 'btcusdt@', ...HOSTILE];
/** Values of the wrong type wherever a JSON value goes. */
const WRONG_TYPES: unknown[] = [null, true, 0, -1, 1.5, 'x', '', {}, [], [[]], { a: 1 }, 'x'.repeat(5_000)];
/** Request ids Binance refuses (not an unsigned integer, nor a string of 1 to 64 characters). */
const BAD_IDS: unknown[] = [-1, 1.5, true, {}, [], '', 'x'.repeat(65), 2 ** 60];
/** The largest request the gateway reads is 64 KiB; ws closes a connection that sends more with 1009. */
const MAX_FRAME_BYTES = 64 * 1024;

export type RequestId = number | string | null;

/** One frame and the answer it must get. */
export interface WsFrame {
  kind: string;
  data: string | Buffer;
  binary: boolean;
  /** An error frame (with this id when it is not `undefined`), a close with one of `closeCodes`, or either. */
  expect: 'error' | 'close' | 'either';
  id?: RequestId;
  closeCodes?: number[];
}

const goodId = fc.oneof(
  fc.nat({ max: 2 ** 31 }),
  fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  fc.constant<RequestId>(null),
);
const badNames = (from: string[]) =>
  fc.array(fc.constantFrom(...from), { minLength: 1, maxLength: 4 }).chain((bad) =>
    // A valid name beside the bad ones does not make the request valid.
    fc.boolean().map((withValid) => (withValid ? ['btcusdt@trade', ...bad] : bad)),
  );

function requestFrame(kind: string, body: Record<string, unknown>, id: RequestId): WsFrame {
  return { kind, data: JSON.stringify({ ...body, id }), binary: false, expect: 'error', id };
}

/** Request frames that parse as JSON objects and are still wrong. */
const badRequests: fc.Arbitrary<WsFrame> = fc.oneof(
  fc
    .tuple(fc.constantFrom('SUBSCRIBE', 'UNSUBSCRIBE'), fc.constantFrom(...WRONG_TYPES), goodId)
    .filter(
      ([, params]) =>
        !(Array.isArray(params) && params.length > 0 && params.every((p) => typeof p === 'string')),
    )
    .map(([method, params, id]) => requestFrame(`${method} params of a wrong type`, { method, params }, id)),
  fc
    .tuple(badNames(UNKNOWN_STREAMS), goodId)
    .map(([params, id]) => requestFrame('SUBSCRIBE unknown streams', { method: 'SUBSCRIBE', params }, id)),
  fc
    .tuple(badNames(MALFORMED_STREAMS), goodId)
    .map(([params, id]) =>
      requestFrame('UNSUBSCRIBE malformed names', { method: 'UNSUBSCRIBE', params }, id),
    ),
  fc
    .tuple(fc.integer({ min: 1_000, max: 3_000 }), goodId)
    .map(([n, id]) =>
      requestFrame(
        `SUBSCRIBE ${n} unknown streams`,
        { method: 'SUBSCRIBE', params: Array.from({ length: n }, (_, i) => `nope${i}usdt@trade`) },
        id,
      ),
    ),
  fc
    .tuple(fc.constantFrom<unknown>(['btcusdt@trade'], [1], 'x', {}, [[]]), goodId)
    .map(([params, id]) =>
      requestFrame('LIST_SUBSCRIPTIONS with params', { method: 'LIST_SUBSCRIPTIONS', params }, id),
    ),
  fc
    .tuple(
      fc.constantFrom<unknown>(
        ['combined', 'true'],
        ['combined', 1],
        ['combined', null],
        ['nope', true],
        ['combined'],
        [],
        'combined',
        ['combined', true, true],
        null,
      ),
      goodId,
    )
    .map(([params, id]) => requestFrame('SET_PROPERTY bad params', { method: 'SET_PROPERTY', params }, id)),
  fc
    .tuple(fc.constantFrom<unknown>(['nope'], [], ['combined', 1], 'combined', [1], null), goodId)
    .map(([params, id]) => requestFrame('GET_PROPERTY bad params', { method: 'GET_PROPERTY', params }, id)),
  fc
    .tuple(
      fc.constantFrom<unknown>('subscribe', 'PING', 'DELETE', '', 'SUBSCRIBE ', 5, null, [], ...HOSTILE),
      goodId,
    )
    .map(([method, id]) => requestFrame('unknown method', { method, params: ['btcusdt@trade'] }, id)),
  goodId.map((id) => requestFrame('no method', { params: ['btcusdt@trade'] }, id)),
  fc
    .tuple(
      fc.constantFrom('foo', 'userId', '__proto__', 'Method', 'streams'),
      fc.constantFrom(...WRONG_TYPES),
      goodId,
    )
    .map(([field, value, id]) => ({
      // JSON.stringify skips an own `__proto__` key made by spreading: write it by hand.
      ...requestFrame('unknown field', {}, id),
      data: `{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":${JSON.stringify(id)},${JSON.stringify(field)}:${JSON.stringify(value)}}`,
    })),
  fc
    .tuple(fc.constantFrom(...BAD_IDS), fc.constantFrom('SUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'GET_PROPERTY'))
    .map(([id, method]) => ({
      kind: `bad id ${JSON.stringify(id).slice(0, 20)}`,
      data: JSON.stringify({
        method,
        ...(method === 'SUBSCRIBE' && { params: ['btcusdt@trade'] }),
        ...(method === 'GET_PROPERTY' && { params: ['combined'] }),
        id,
      }),
      binary: false,
      expect: 'error' as const,
      id: null,
    })),
);

/** Frames that are not request objects at all: JSON of another shape, or not JSON. */
const notRequests: fc.Arbitrary<WsFrame> = fc.oneof(
  fc.constantFrom('[]', '[{"method":"SUBSCRIBE"}]', '1', '"SUBSCRIBE"', 'null', 'true', '{}').map((data) => ({
    kind: 'JSON, not a request',
    data,
    binary: false,
    expect: 'error' as const,
    id: null,
  })),
  fc
    .oneof(
      fc.constantFrom(
        '',
        '{',
        '{"method":"SUBSCRIBE",',
        "{'method':'SUBSCRIBE'}",
        'SUBSCRIBE btcusdt@trade',
        ...HOSTILE,
      ),
      fc.string({ maxLength: 200 }).filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      }),
    )
    .map((data) => ({ kind: 'not JSON', data, binary: false, expect: 'error' as const, id: null })),
);

/** Frames the protocol refuses or the gateway may: binary ones, text that is not UTF-8, too large ones. */
const protocolFaults: fc.Arbitrary<WsFrame> = fc.oneof(
  fc
    .oneof(
      fc.uint8Array({ minLength: 1, maxLength: 512 }).map((a) => Buffer.from(a)),
      notRequests.map((f) => Buffer.from(f.data)),
    )
    // Random bytes or a frame that is no request: whether read as text or not, never a valid request.
    .map((data) => ({
      kind: 'binary frame',
      data,
      binary: true,
      // Read as text (an error frame: not JSON) or refused as unsupported data.
      expect: 'either' as const,
      closeCodes: [1003, 1007],
    })),
  fc
    .constantFrom(
      Buffer.from([0xff, 0xfe, 0xfd]),
      Buffer.from([0x7b, 0xc3, 0x28, 0x7d]),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.concat([
        Buffer.from('{"method":"SUBSCRIBE","params":["btcusdt@trade'),
        Buffer.from([0x80]),
        Buffer.from('"],"id":1}'),
      ]),
    )
    .map((data) => ({
      kind: 'text not UTF-8',
      data,
      binary: false,
      expect: 'close' as const,
      closeCodes: [1007],
    })),
  fc.constantFrom(MAX_FRAME_BYTES + 1, 200_000, 1_000_000).map((size) => ({
    kind: `frame of ${size} bytes`,
    data: `{"method":"SUBSCRIBE","params":["${'a'.repeat(size)}"],"id":1}`,
    binary: false,
    expect: 'close' as const,
    closeCodes: [1009],
  })),
);

/** One connection's malformed frames: one to four, over `/ws` or `/stream` (raw or combined). */
export function wsFrameCases(): fc.Arbitrary<{ path: '/ws' | '/stream'; frames: WsFrame[] }> {
  return fc.record({
    path: fc.constantFrom('/ws' as const, '/stream' as const),
    frames: fc.array(fc.oneof({ weight: 4, arbitrary: badRequests }, notRequests, protocolFaults), {
      minLength: 1,
      maxLength: 4,
    }),
  });
}

/** Connection URLs that name streams that do not exist (market streams, and listen keys nobody was given). */
export function wsBadUrls(listenKey: string): fc.Arbitrary<string> {
  const names = fc.array(fc.constantFrom(...UNKNOWN_STREAMS, 'a'.repeat(64), 'A1'.repeat(32)), {
    minLength: 1,
    maxLength: 3,
  });
  return fc.oneof(
    names.map((n) => `/ws/${n.map(encodeURIComponent).join('/')}`),
    names.map((n) => `/ws/${listenKey}/${n.map(encodeURIComponent).join('/')}`),
    names.map((n) => `/stream?streams=${encodeURIComponent(n.join('/'))}`),
    names.map((n) => `/stream?streams=${encodeURIComponent([listenKey, ...n].join('/'))}`),
  );
}

/** What a frame got: a message's text, or a close code; `timeout` when neither came. */
type Outcome = { message: string } | { close: number } | { timeout: true };

/** A WebSocket client that reads its messages and its close in order. */
export class FrameClient {
  private readonly queue: Outcome[] = [];
  private waiter?: (o: Outcome) => void;
  closeCode?: number;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.push({ message: String(data) }));
    socket.on('close', (code) => {
      this.closeCode = code;
      this.push({ close: code });
    });
    socket.on('error', () => undefined);
  }

  /** Opens `url`; rejects with the HTTP status and body when the upgrade is refused. */
  static open(url: string): Promise<FrameClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new FrameClient(socket)));
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += String(c)));
        res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)));
      });
      socket.once('error', (error) => reject(error));
    });
  }

  private push(o: Outcome): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter(o);
    else this.queue.push(o);
  }

  /** The next message or the close, or `timeout` after `ms`. */
  next(ms = 5_000): Promise<Outcome> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closeCode !== undefined) return Promise.resolve({ close: this.closeCode });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ timeout: true });
      }, ms);
      this.waiter = (o) => {
        clearTimeout(timer);
        resolve(o);
      };
    });
  }

  send(frame: WsFrame): void {
    this.socket.send(frame.data, { binary: frame.binary });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.socket.terminate();
  }
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused: ${status} ${body.slice(0, 200)}`);
  }
}

/** Why an outcome is not the answer `frame` must get, or undefined when it is. */
export function frameProblem(frame: WsFrame, outcome: Outcome): string | undefined {
  const what = `${frame.kind} (${String(frame.data.length)} bytes)`;
  if ('timeout' in outcome) return `${what}: no answer within 5 s`;
  if ('close' in outcome) {
    if (frame.expect !== 'error' && frame.closeCodes?.includes(outcome.close)) return undefined;
    return `${what}: closed with ${outcome.close}, expected ${frame.expect === 'error' ? 'an error frame' : (frame.closeCodes ?? []).join('/')}`;
  }
  if (frame.expect === 'close') return `${what}: answered ${outcome.message.slice(0, 200)}, expected a close`;
  let body: unknown;
  try {
    body = JSON.parse(outcome.message);
  } catch {
    return `${what}: answered a frame that is not JSON: ${outcome.message.slice(0, 200)}`;
  }
  const { error, id } = body as { error?: { code?: unknown; msg?: unknown }; id?: unknown };
  const typed =
    typeof error === 'object' &&
    error !== null &&
    [0, 1, 2, 3].includes(error.code as number) &&
    typeof error.msg === 'string' &&
    Object.keys(body as object).length === 2 &&
    'id' in (body as object);
  if (!typed) return `${what}: answered ${outcome.message.slice(0, 200)}, not Binance's error frame`;
  if (frame.id !== undefined && id !== frame.id)
    return `${what}: error frame with id ${JSON.stringify(id)}, sent ${JSON.stringify(frame.id)}`;
  return undefined;
}

/**
 * The answer to the request with `id` on `c`: stream events before it are passed over when the connection is
 * subscribed to their stream (`subscribed`), and are a problem otherwise (an event of a stream nobody asked for).
 */
async function answerTo(
  c: FrameClient,
  id: string,
  subscribed: readonly string[],
): Promise<{ result: unknown } | { problem: string }> {
  for (;;) {
    const outcome = await c.next();
    if (!('message' in outcome)) return { problem: `no answer to ${id}: ${JSON.stringify(outcome)}` };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(outcome.message) as Record<string, unknown>;
    } catch {
      return { problem: `a frame that is not JSON: ${outcome.message.slice(0, 200)}` };
    }
    if (body.id === id) return { result: body.result };
    // An event: `{"stream":"btcusdt@trade","data":…}` combined, `{"e":"trade","s":"BTCUSDT",…}` raw.
    const stream =
      typeof body.stream === 'string'
        ? body.stream
        : typeof body.e === 'string' && typeof body.s === 'string'
          ? `${body.s.toLowerCase()}@${body.e}`
          : undefined;
    if (stream === undefined || !subscribed.includes(stream))
      return { problem: `before the answer to ${id}: ${outcome.message.slice(0, 200)}` };
  }
}

/** LIST_SUBSCRIPTIONS on `c` is exactly `expected`; the problem, or undefined. */
async function listed(c: FrameClient, id: string, expected: readonly string[]): Promise<string | undefined> {
  c.socket.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }));
  const answer = await answerTo(c, id, expected);
  if ('problem' in answer) return `LIST_SUBSCRIPTIONS: ${answer.problem}`;
  if (JSON.stringify(answer.result) !== JSON.stringify(expected))
    return `LIST_SUBSCRIPTIONS gave ${JSON.stringify(answer.result).slice(0, 200)}, expected ${JSON.stringify(expected)}`;
  return undefined;
}

/**
 * On `client`, opened without streams and sent only refused requests (a new connection to `base` when it was
 * closed): nothing subscribed (the refusals changed nothing), then a valid SUBSCRIBE answered `{"result":null}`
 * and exactly that stream listed; the problem, or undefined.
 */
export async function validSubscription(
  base: string,
  client: FrameClient | undefined,
): Promise<string | undefined> {
  const c = client?.open ? client : await FrameClient.open(`${base}/ws`);
  try {
    const before = await listed(c, 'valid-0', []);
    if (before) return `after the refused requests, ${before}`;
    c.socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 'valid-1' }));
    const subscribed = await answerTo(c, 'valid-1', []);
    if (!('result' in subscribed) || subscribed.result !== null)
      return `a valid SUBSCRIBE afterwards got ${JSON.stringify(subscribed).slice(0, 200)}`;
    const after = await listed(c, 'valid-2', ['btcusdt@trade']);
    if (after) return `after a valid SUBSCRIBE, ${after}`;
    return undefined;
  } finally {
    if (c !== client) c.close();
  }
}
