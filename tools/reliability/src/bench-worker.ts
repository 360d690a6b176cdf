/**
 * One load process of `npm run bench:load` (started by bench-load.ts, never by hand). Argument: a JSON job.
 * `orders`: open-loop pairs at `rate` orders/s — a resting LIMIT SELL by the maker key, then a LIMIT IOC BUY at the
 * same price by the taker key that fills it — with RESULT answers: the maker's reply time is order-to-ack, the
 * taker's (FILLED) order-to-fill. `ws`: `subscribers` connections on `streams` (a combined stream when more than
 * one), each trade's delivery latency from its trade time `T` and each depth update's from its event time `E`;
 * it prints `{"ready":…}` once its connections are open and measures until its standard input ends.
 * Every job prints one JSON line when done: latency histograms (see load-client.ts) and its own CPU seconds over
 * the measured time, so that bench-load can give the load generator's cost per order and per message.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

import WebSocket from 'ws';

import { type ApiKey, GatewayClient } from './client';
import {
  EVENT_TIME_KEY,
  eventTime,
  FormPoster,
  FormSigner,
  jsonNumberField,
  jsonStringField,
  LatencyHistogram,
  ownCpuSeconds,
  RawSubscriber,
  TRADE_TIME_KEY,
} from './load-client';

interface OrdersJob {
  kind: 'orders';
  base: string;
  maker: ApiKey;
  taker: ApiKey;
  rate: number;
  durationMs: number;
  maxInFlight: number;
  price: string;
  /** `shared`: the shared test client instead of load-client.ts (to compare what the load generator costs). */
  client?: 'load' | 'shared';
}

interface WsJob {
  kind: 'ws';
  base: string;
  subscribers: number;
  /** Stream names, `btcusdt@trade` by default. */
  streams?: string[];
  /** Connections being opened at once. */
  connectConcurrency?: number;
  /** `shared`: `ws` and a JSON.parse of every frame, as bench:load did before (to compare the costs). */
  client?: 'load' | 'shared';
}

async function orders(job: OrdersJob): Promise<unknown> {
  const poster = new FormPoster(job.base, job.maxInFlight);
  const ack = new LatencyHistogram();
  const fill = new LatencyHistogram();
  const errors: Record<string, number> = {};
  let accepted = 0;
  let sent = 0;
  let inFlight = 0;
  let skipped = 0;
  let sequence = 0;
  const count = (key: string): void => {
    errors[key] = (errors[key] ?? 0) + 1;
  };
  type Params = [string, string][];
  // One order: its HTTP status, the error code of a refusal and the order status of an answer.
  type Sent = { status: number; code?: number; orderStatus?: string };
  let send: (key: ApiKey, params: Params) => Promise<Sent>;
  if (job.client === 'shared') {
    // The shared test client, as bench:load sent orders before: fetch, URLSearchParams, every answer parsed.
    const client = new GatewayClient(job.base);
    send = async (key, params) => {
      const answer = await client.signed<{ status?: string; code?: number }>(
        'POST',
        'order',
        Object.fromEntries(params),
        key,
      );
      return { status: answer.status, code: answer.body.code, orderStatus: answer.body.status };
    };
  } else {
    const signers = new Map([job.maker, job.taker].map((k) => [k.apiKey, new FormSigner(k.secret)]));
    send = async (key, params) => {
      const answer = await poster.post('/api/v3/order', signers.get(key.apiKey)!.payload(params), key.apiKey);
      return answer.status === 200
        ? { status: 200, orderStatus: jsonStringField(answer.body, 'status') }
        : { status: answer.status, code: jsonNumberField(answer.body, 'code') };
    };
  }
  const order = (side: string, timeInForce: string, clientOrderId: string): Params => [
    ['symbol', 'BTCUSDT'],
    ['side', side],
    ['type', 'LIMIT'],
    ['quantity', '0.0010'],
    ['price', job.price],
    ['timeInForce', timeInForce],
    ['newOrderRespType', 'RESULT'],
    ['newClientOrderId', clientOrderId],
  ];
  const one = async () => {
    inFlight += 1;
    try {
      // A client order id per order: two equal orders signed in the same millisecond would be a replay (-1022).
      const id = `b${process.pid}x${(sequence += 1)}`;
      const t0 = performance.now();
      sent += 1;
      const made = await send(job.maker, order('SELL', 'GTC', `${id}m`));
      if (made.status !== 200) return count(String(made.code ?? made.status));
      ack.record(performance.now() - t0);
      accepted += 1;
      const t1 = performance.now();
      sent += 1;
      const took = await send(job.taker, order('BUY', 'IOC', `${id}t`));
      if (took.status !== 200) return count(String(took.code ?? took.status));
      accepted += 1;
      if (took.orderStatus === 'FILLED') fill.record(performance.now() - t1);
      else count(`taker ${took.orderStatus}`);
    } catch {
      count('network');
    } finally {
      inFlight -= 1;
    }
  };
  const cpu0 = ownCpuSeconds();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  // Two orders per pair: pairs at rate / 2, evenly spaced (open loop, capped in flight). One timer at a time: each
  // wake-up starts every pair that is due by then.
  const gapMs = 2000 / job.rate;
  let i = 0;
  while (performance.now() - started < job.durationMs) {
    const now = performance.now();
    for (; started + i * gapMs <= now; i++) {
      if (inFlight >= job.maxInFlight) skipped += 1;
      else pending.push(one());
    }
    const wait = started + i * gapMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(pending);
  const elapsedS = (performance.now() - started) / 1000;
  const cpuS = ownCpuSeconds() - cpu0;
  poster.close();
  return {
    kind: 'orders',
    accepted,
    acceptedPerS: accepted / elapsedS,
    sent,
    skipped,
    errors,
    cpuS,
    elapsedS,
    ack: ack.toJSON(),
    fill: fill.toJSON(),
  };
}

async function ws(job: WsJob): Promise<unknown> {
  const streams = job.streams ?? ['btcusdt@trade'];
  const url =
    streams.length === 1
      ? `${job.base.replace('http', 'ws')}/ws/${streams[0]}`
      : `${job.base.replace('http', 'ws')}/stream?streams=${streams.join('/')}`;
  const trade = new LatencyHistogram();
  const depth = new LatencyHistogram();
  const sockets: { readonly open: boolean; terminate(): void }[] = [];
  let failed = 0;
  let other = 0;
  let measuring = false;
  const onFrame = (data: Buffer) => {
    if (!measuring) return;
    const now = Date.now();
    const T = eventTime(data, '"e":"trade"', TRADE_TIME_KEY);
    if (T >= 0) return trade.record(now - T);
    const E = eventTime(data, '"e":"depthUpdate"', EVENT_TIME_KEY);
    if (E >= 0) return depth.record(now - E);
    other += 1;
  };
  // A frame reader of our own rather than `ws`: no UTF-8 check, no decoding, no event per frame (load-client.ts).
  const open = (): Promise<void> => {
    if (job.client === 'shared') return openShared();
    const socket = new RawSubscriber(url, onFrame);
    sockets.push(socket);
    return socket.connect().catch(() => {
      failed += 1;
    });
  };
  const openShared = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = new WebSocket(url);
      socket.on('message', (data: Buffer) => {
        if (!measuring) return;
        const now = Date.now();
        const event = JSON.parse(data.toString()) as { e?: string; T?: number; E?: number; data?: object };
        const inner = (event.data ?? event) as { e?: string; T?: number; E?: number };
        if (inner.e === 'trade' && inner.T) trade.record(now - inner.T);
        else if (inner.e === 'depthUpdate' && inner.E) depth.record(now - inner.E);
        else other += 1;
      });
      socket.once('open', () => resolve());
      socket.on('error', () => {
        failed += 1;
        resolve();
      });
      sockets.push({
        get open() {
          return socket.readyState === WebSocket.OPEN;
        },
        terminate: () => socket.terminate(),
      });
    });
  const concurrency = job.connectConcurrency ?? 100;
  for (let i = 0; i < job.subscribers; i += concurrency)
    await Promise.all(Array.from({ length: Math.min(concurrency, job.subscribers - i) }, open));
  const ready = sockets.filter((s) => s.open).length;
  process.stdout.write(`${JSON.stringify({ ready, failed })}\n`);
  // Measures until bench-load closes our standard input.
  measuring = true;
  const cpu0 = ownCpuSeconds();
  const started = performance.now();
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  measuring = false;
  const cpuS = ownCpuSeconds() - cpu0;
  const elapsedS = (performance.now() - started) / 1000;
  const stillOpen = sockets.filter((s) => s.open).length;
  for (const s of sockets) s.terminate();
  return {
    kind: 'ws',
    subscribers: job.subscribers,
    open: stillOpen,
    failed,
    other,
    cpuS,
    elapsedS,
    trade: trade.toJSON(),
    depth: depth.toJSON(),
  };
}

/** With BENCH_WORKER_PROFILE=<dir>, each load process writes its V8 CPU profile there (to see what it costs). */
async function profiled<T>(run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_WORKER_PROFILE;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  const result = await run();
  const { profile } = (await post('Profiler.stop')) as { profile: object };
  writeFileSync(path.join(dir, `bench-worker-${process.pid}.cpuprofile`), JSON.stringify(profile));
  return result;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as OrdersJob | WsJob;
  const result = await profiled(() => (job.kind === 'orders' ? orders(job) : ws(job)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main().then(() => process.exit(0));
