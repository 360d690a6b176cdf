/**
 * One process of `bench:gateway`'s read load (`read-load.ts`): `GET`s of one path (or signed form POSTs: orders)
 * over kept-alive HTTP/1.1
 * connections on raw sockets, one request in flight per connection, so that the client costs little per call and the
 * figure says what the gateway serves rather than what the client can send. Only a complete answer counts: a status
 * line `HTTP/1.1 200`, a `Content-Length` and exactly that many body bytes that start as the route's JSON starts
 * (`expect`), every `PARSE_EVERY`th body parsed as JSON too; anything else (another status, a malformed or closed
 * answer, a socket error) is an error, reported with its first example. Talks to its parent over IPC: `ready` once
 * connected, then `go` starts the run, and the result (counts, latencies, this process's CPU) goes back.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface ReadLoadJob {
  host: string;
  port: number;
  path: string;
  /** Requests this process sends in all. */
  requests: number;
  connections: number;
  /** How every correct body starts (e.g. `{"lastUpdateId":`). */
  expect: string;
  /**
   * Signed form POSTs instead of GETs (orders): each body is `timestamp=<now>&<params>&price=<p>&signature=<hmac>`,
   * the price counting through `prices` values from `priceFrom`, so no two bodies (and signatures) are the same.
   */
  post?: { apiKey: string; secret: string; params: string; priceFrom: number; prices: number };
}

export interface ReadLoadResult {
  ok: number;
  errors: number;
  firstError?: string;
  /** Per-request latencies of the correct answers, in ms. */
  latencies: number[];
  /** This process's CPU (user + system) over the run, in microseconds. */
  cpuUs: number;
  /** The run's length in this process, in ms. */
  elapsedMs: number;
}

/** Every this many correct bodies one is also parsed as JSON (a full check at a small cost). */
const PARSE_EVERY = 64;
const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

/** The request to send next: a fixed GET, or a freshly signed form POST. */
function requests(job: ReadLoadJob): () => Buffer {
  const host = `Host: ${job.host}:${job.port}\r\n`;
  const post = job.post;
  if (!post) {
    const get = Buffer.from(`GET ${job.path} HTTP/1.1\r\n${host}\r\n`, 'latin1');
    return () => get;
  }
  const key = createSecretKey(Buffer.from(post.secret, 'utf8'));
  const head = `POST ${job.path} HTTP/1.1\r\n${host}X-MBX-APIKEY: ${post.apiKey}\r\nContent-Type: application/x-www-form-urlencoded\r\n`;
  let n = 0;
  return () => {
    const query = `timestamp=${Date.now()}&${post.params}&price=${post.priceFrom + (n++ % post.prices)}`;
    const body = `${query}&signature=${createHmac('sha256', key).update(query).digest('hex')}`;
    return Buffer.from(`${head}Content-Length: ${body.length}\r\n\r\n${body}`, 'latin1');
  };
}

function run(job: ReadLoadJob, sockets: Socket[]): Promise<ReadLoadResult> {
  const request = requests(job);
  const expect = Buffer.from(job.expect);
  const latencies: number[] = [];
  let sent = 0;
  let done = 0;
  let ok = 0;
  let errors = 0;
  let open = sockets.length;
  let firstError: string | undefined;
  let finished = false;
  const cpu = process.cpuUsage();
  const started = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      if (finished) return;
      finished = true;
      const used = process.cpuUsage(cpu);
      const elapsedMs = performance.now() - started;
      for (const socket of sockets) socket.destroy();
      resolve({ ok, errors, firstError, latencies, cpuUs: used.user + used.system, elapsedMs });
    };
    const fail = (what: string) => {
      errors += 1;
      firstError ??= what;
    };
    for (const socket of sockets) {
      let pending: Buffer | undefined;
      let sentAt = 0;
      let inFlight = false;
      let closed = false;
      const next = () => {
        if (done === job.requests) return finish();
        if (sent === job.requests || closed) return;
        sent += 1;
        inFlight = true;
        sentAt = performance.now();
        socket.write(request());
      };
      const answered = (what?: string) => {
        inFlight = false;
        done += 1;
        if (what === undefined) {
          ok += 1;
          latencies.push(performance.now() - sentAt);
        } else fail(what);
        next();
      };
      const drop = (what: string) => {
        closed = true;
        socket.destroy();
        answered(what);
      };
      socket.on('data', (chunk: Buffer) => {
        const data = pending ? Buffer.concat([pending, chunk]) : chunk;
        pending = undefined;
        if (!inFlight) return drop(`bytes without a request: ${data.toString('latin1', 0, 200)}`);
        // One request in flight: the bytes are (part of) one answer.
        const headerEnd = data.indexOf(HEADER_END);
        if (headerEnd < 0) {
          pending = data;
          return;
        }
        const head = data.toString('latin1', 0, headerEnd);
        const length = CONTENT_LENGTH.exec(head);
        if (!length) return drop(`no Content-Length: ${head.slice(0, 200)}`);
        const end = headerEnd + 4 + Number(length[1]);
        if (data.length < end) {
          pending = data;
          return;
        }
        if (data.length > end) return drop(`${data.length - end} bytes more than one answer`);
        if (!head.startsWith('HTTP/1.1 200 ')) return answered(head.slice(0, 200));
        const body = data.subarray(headerEnd + 4);
        if (body.length < expect.length || !body.subarray(0, expect.length).equals(expect))
          return answered(`unexpected body: ${body.toString('utf8', 0, 200)}`);
        if ((ok + 1) % PARSE_EVERY === 0) {
          try {
            JSON.parse(body.toString('utf8'));
          } catch {
            return answered(`body is not JSON: ${body.toString('utf8', 0, 200)}`);
          }
        }
        answered();
      });
      socket.on('error', (error) => fail(`socket: ${error.message}`));
      socket.on('close', () => {
        open -= 1;
        if (!closed) {
          closed = true;
          // The answer in flight, if any, is lost; this connection sends no more.
          if (inFlight) answered('connection closed before the answer');
        }
        if (open === 0 && !finished) {
          // Nothing left to send on: what was not sent counts as failed.
          for (; sent < job.requests; sent++, done++) fail('every connection closed');
          finish();
        }
      });
      next();
    }
  });
}

function connectAll(job: ReadLoadJob): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: job.connections },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: job.host, port: job.port, noDelay: true });
          socket.once('connect', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
}

/** The IPC side: `{ job }` connects and answers `{ ready }`; `{ go }` runs and answers `{ result }`. */
if (process.send) {
  let job: ReadLoadJob | undefined;
  let sockets: Socket[] | undefined;
  process.on('message', (message: { job?: ReadLoadJob; go?: boolean }) => {
    if (message.job) {
      job = message.job;
      connectAll(job).then(
        (connected) => {
          sockets = connected;
          process.send!({ ready: true });
        },
        (error: unknown) => process.send!({ failed: String(error) }),
      );
    } else if (message.go && job && sockets) {
      void run(job, sockets).then((result) => process.send!({ result }));
    }
  });
}
