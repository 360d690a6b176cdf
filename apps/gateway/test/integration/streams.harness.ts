import { type ClientOptions, WebSocket } from 'ws';

import {
  cmdSubject,
  type DepthDiffMessage,
  type MatchingCommandMessage,
  mdDepthSubject,
} from '@exchange/shared-contracts';
import { ExchangeHarness, type ServiceProcess } from '@exchange/shared-util-testing';

/** How long a test waits for a condition before it fails. */
const WAIT_MS = 30_000;

export type Level = [string, string];
export interface Book {
  lastUpdateId: number;
  bids: Level[];
  asks: Level[];
}
// Events and replies are checked field by field in the specs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = any;

/** A WebSocket client that keeps every frame it received, to wait for one or read them all. */
export class StreamClient {
  readonly frames: Frame[] = [];
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)));
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  static open(url: string, options?: ClientOptions): Promise<StreamClient> {
    const ws = new WebSocket(url, options);
    const client = new StreamClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Sends a request and returns its reply. */
  async request(method: string, params?: unknown[]): Promise<Frame> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify(params === undefined ? { method, id } : { method, params, id }));
    return this.waitFor((f) => f.id === id);
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** The first frame (from `from` on) that passes `test`, waiting for it if need be. */
  waitFor(test: (frame: Frame) => boolean, from = 0): Promise<Frame> {
    return new Promise((resolve, reject) => {
      let index = from;
      const check = () => {
        for (; index < this.frames.length; index++) {
          if (test(this.frames[index])) {
            done();
            return resolve(this.frames[index]);
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`no matching frame in ${WAIT_MS} ms; last: ${JSON.stringify(this.frames.slice(-3))}`),
        );
      }, WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    await this.closed;
  }
}

/** Polls `read` until `done` holds (every 100 ms, up to WAIT_MS). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met in ${WAIT_MS} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * matching + market-data + wallet + gateway(s) as real processes on real NATS, PostgreSQL and Redis, under one
 * run prefix; orders go straight onto CMD as the market-data spec places them.
 */
/**
 * Matching, wallet and market-data as real processes (the shared `ExchangeHarness`, no users service: the streams
 * are public), gateways started one by one, and orders published straight to the engine's command stream.
 */
export class StreamsHarness {
  private readonly exchange = new ExchangeHarness({
    tag: 'gw_ws',
    services: ['matching', 'wallet', 'market-data'],
    markets: 'BTC-USDT,ETH-BTC',
  });
  private orderNo = 0;

  get run(): string {
    return this.exchange.run;
  }

  start(): Promise<void> {
    return this.exchange.start();
  }

  /** Starts a gateway; its HTTP and WebSocket base URLs and process. */
  async gateway(
    env: Record<string, string> = {},
  ): Promise<{ http: string; ws: string; process: ServiceProcess }> {
    const { base, port, process } = await this.exchange.startGatewayProcess(env);
    return { http: base, ws: `ws://127.0.0.1:${port}`, process };
  }

  stop(): Promise<void> {
    return this.exchange.stop();
  }

  /** A GTC limit order (or IOC when `ioc`) in engine units: BTC-USDT price in 0.01 ticks, quantity in 0.0001 lots. */
  async place(
    side: 'BUY' | 'SELL',
    price: number,
    quantity: number,
    options: { ioc?: boolean; market?: string } = {},
  ) {
    const market = options.market ?? 'BTC-USDT';
    const orderId = `o${++this.orderNo}`;
    const message: MatchingCommandMessage = {
      v: 1,
      market,
      commandId: orderId,
      command: {
        type: 'place',
        orderId,
        userId: `u${this.orderNo % 3}`,
        side,
        orderType: 'LIMIT',
        timeInForce: options.ioc ? 'IOC' : 'GTC',
        price,
        quantity,
        ts: Date.now(),
      },
    };
    await this.exchange.nc
      .jetstream()
      .publish(
        this.exchange.names.subject(cmdSubject(market)),
        new TextEncoder().encode(JSON.stringify(message)),
        {
          msgID: orderId,
        },
      );
    return orderId;
  }

  /** Publishes a depth diff as market-data would (core NATS): to put a gap in front of the gateways' book copies. */
  async publishDepthDiff(market: string, diff: DepthDiffMessage): Promise<void> {
    this.exchange.nc.publish(
      this.exchange.names.subject(mdDepthSubject(market)),
      new TextEncoder().encode(JSON.stringify(diff)),
    );
    await this.exchange.nc.flush();
  }
}

export async function getJson(url: string): Promise<{ status: number; body: Frame }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** A metric's value from the gateway's /metrics (summed over its series). */
export async function metric(http: string, name: string): Promise<number> {
  const text = await (await fetch(`${http}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const ZERO = /^0+(\.0+)?$/;

function apply(side: Map<string, string>, levels: Level[]): void {
  for (const [price, qty] of levels) {
    if (ZERO.test(qty)) side.delete(price);
    else side.set(price, qty);
  }
}

/**
 * Binance's depth sync as ccxt does it: the buffered diffs against a REST snapshot — drop `u <= lastUpdateId`, the
 * first applied has `U <= lastUpdateId + 1 <= u`, each next `U` is the previous `u + 1` — and the resulting book.
 */
export function syncBook(snapshot: Book, diffs: Frame[]): Book {
  const bids = new Map(snapshot.bids);
  const asks = new Map(snapshot.asks);
  let last = snapshot.lastUpdateId;
  let first = true;
  for (const diff of diffs) {
    if (diff.u <= snapshot.lastUpdateId) continue;
    if (first) {
      if (!(diff.U <= last + 1 && last + 1 <= diff.u))
        throw new Error(`first diff ${diff.U}..${diff.u} after ${last}`);
      first = false;
    } else if (diff.U !== last + 1) throw new Error(`gap: diff ${diff.U}..${diff.u} after ${last}`);
    apply(bids, diff.b as Level[]);
    apply(asks, diff.a as Level[]);
    last = diff.u;
  }
  // One market's prices share one scale, so their digits order them exactly.
  const units = (price: string) => BigInt(price.replace('.', ''));
  const sorted = (m: Map<string, string>, descending: boolean): Level[] =>
    [...m].sort(([a], [b]) => {
      const order = units(a) < units(b) ? -1 : units(a) > units(b) ? 1 : 0;
      return descending ? -order : order;
    });
  return { lastUpdateId: last, bids: sorted(bids, true), asks: sorted(asks, false) };
}
