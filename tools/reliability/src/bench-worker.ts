/**
 * One load process of `npm run bench:load` (started by bench-load.ts, never by hand). Argument: a JSON job.
 * `orders`: an open loop at `rate` orders/s of seeded flows (load-mix.ts) on several markets by several users:
 * fill pairs (a resting LIMIT SELL by a maker, through REST or the gRPC partner API, then a LIMIT IOC BUY at the same
 * price by a taker that fills it), resting BUYs then cancelled, and resting BUYs amended down (keepPriority) then
 * cancelled, all with RESULT answers: a resting order's reply time is order-to-ack (REST and gRPC apart), the
 * taker's (FILLED) order-to-fill, the DELETE's and the PUT's the cancel and amend latencies; and quotes: a quoter's
 * resting BUYs placed together by one gRPC PlaceOrders call (ACK: its reply time is each one's order-to-ack), then
 * cancelled by one CancelAll (one quote flow at a time per quoter, so that a CancelAll takes only its own).
 * `ws`: `subscribers` connections on `streams` (a combined stream when more than
 * one), each trade's delivery latency from its trade time `T` and each depth update's from its event time `E`, and,
 * with `hops`, also from when this process saw the engine's event and market-data's message on NATS (`HopClock`);
 * it prints `{"ready":…}` once its connections are open and measures until its standard input ends.
 * Every job prints one JSON line when done: latency histograms (see load-client.ts) and its own CPU seconds over
 * the measured time, so that bench-load can give the load generator's cost per order and per message.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

import {
  type Client,
  credentials,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { connect as natsConnect } from 'nats';
import WebSocket from 'ws';

import { evtSubject, mdDepthSubject, mdTradesSubject } from '@exchange/shared-contracts';
import {
  GRPC_LOADER_OPTIONS,
  GRPC_PROTO_FILES,
  signedCallMetadata,
  type TradingProto,
} from '@exchange/shared-contracts-grpc';

import { type ApiKey, GatewayClient } from './client';
import {
  EVENT_TIME_KEY,
  eventTime,
  FormPoster,
  FormSigner,
  jsonNumberField,
  jsonStringField,
  LAST_UPDATE_ID_KEY,
  LatencyHistogram,
  ownCpuSeconds,
  RawSubscriber,
  TRADE_ID_KEY,
  TRADE_TIME_KEY,
} from './load-client';
import { type Flow, LoadMix, type MarketPlan, ordersPerFlow } from './load-mix';

interface OrdersJob {
  kind: 'orders';
  base: string;
  /** The gateway's gRPC address (host:port), for the pairs whose maker order goes through gRPC. */
  grpc?: string;
  /** This process's users: makers hold each market's base asset, takers its quote asset. */
  makers: ApiKey[];
  takers: ApiKey[];
  /** Quoters hold each market's quote asset; each quote flow is one of theirs. */
  quoters: ApiKey[];
  markets: MarketPlan[];
  /** The seed of this process's flows (bench-load gives each process its own). */
  seed: number;
  cancelShare: number;
  amendShare: number;
  grpcShare: number;
  /** Share of cancel and amend flows whose place, amend and cancel go through gRPC. */
  grpcRestingShare: number;
  quoteShare: number;
  /** Orders per quote flow (one PlaceOrders call), at most 50. */
  quoteSize: number;
  rate: number;
  durationMs: number;
  maxInFlight: number;
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
  /**
   * The run's NATS and the streams' market: the worker also listens to `evt.<market>` and market-data's
   * `md.<market>.trade.v2` / `md.<market>.depth`, to split each delivery into hops (see `HopClock`).
   */
  hops?: { nats: string; prefix: string; market: string };
}

/**
 * When this process saw each engine event on NATS (`evt.<market>`, by event sequence) and each trade and depth diff
 * from market-data (`md.*`, by trade id and by the diff's last update id `u`), so that a frame read from a
 * subscriber can be timed from there as well as from its `T` / `E`: `T`/`E` are the wallet's intake clock (the
 * command's `ts`, before the intake's commit, the outbox relay and the engine), so `now − T` holds the order path
 * too. Same process, same clock as the frame's receipt; a NATS message is stamped when this process gets to it, so
 * the hops after it are, if anything, under-counted by this process's own queueing.
 */
class HopClock {
  readonly evtSeen = new Map<number, number>();
  readonly mdSeen = new Map<number, number>();
  /** The order path: engine event seen on NATS minus its `ts` (one sample per trade event). */
  readonly orderPath = new LatencyHistogram();
  readonly tradeFromEvt = new LatencyHistogram();
  readonly tradeFromMd = new LatencyHistogram();
  readonly depthFromEvt = new LatencyHistogram();
  readonly depthFromMd = new LatencyHistogram();
  measuring = false;
  private close?: () => Promise<void>;

  async start(hops: NonNullable<WsJob['hops']>): Promise<void> {
    const nc = await natsConnect({ servers: hops.nats });
    const subject = (s: string) => (hops.prefix ? `${hops.prefix}.${s}` : s);
    const decoder = new TextDecoder();
    nc.subscribe(subject(evtSubject(hops.market)), {
      callback: (_e, m) => {
        const now = Date.now();
        const batch = JSON.parse(decoder.decode(m.data)) as {
          firstSeq: number;
          lastSeq: number;
          events: { type: string; seq: number; ts?: number }[];
        };
        for (let seq = batch.firstSeq; seq <= batch.lastSeq; seq++) this.evtSeen.set(seq, now);
        if (this.measuring)
          for (const e of batch.events) if (e.type === 'trade' && e.ts) this.orderPath.record(now - e.ts);
      },
    });
    nc.subscribe(subject(mdTradesSubject(hops.market)), {
      callback: (_e, m) => {
        const now = Date.now();
        const message = JSON.parse(decoder.decode(m.data)) as { trades: { t: number }[] };
        for (const t of message.trades) this.mdSeen.set(t.t, now);
      },
    });
    nc.subscribe(subject(mdDepthSubject(hops.market)), {
      callback: (_e, m) => {
        const now = Date.now();
        this.mdSeen.set((JSON.parse(decoder.decode(m.data)) as { u: number }).u, now);
      },
    });
    await nc.flush();
    this.close = () => nc.close();
  }

  /** A trade frame (id `t`) or a depth update (last update id `u`) read at `now`. */
  trade(t: number, now: number): void {
    this.from(this.evtSeen, t, now, this.tradeFromEvt);
    this.from(this.mdSeen, t, now, this.tradeFromMd);
  }

  depth(u: number, now: number): void {
    this.from(this.evtSeen, u, now, this.depthFromEvt);
    this.from(this.mdSeen, u, now, this.depthFromMd);
  }

  stop(): Promise<void> {
    return this.close?.() ?? Promise.resolve();
  }

  toJSON() {
    return {
      orderPath: this.orderPath.toJSON(),
      tradeFromEvt: this.tradeFromEvt.toJSON(),
      tradeFromMd: this.tradeFromMd.toJSON(),
      depthFromEvt: this.depthFromEvt.toJSON(),
      depthFromMd: this.depthFromMd.toJSON(),
    };
  }

  private from(seen: Map<number, number>, key: number, now: number, histogram: LatencyHistogram): void {
    const at = seen.get(key);
    if (at !== undefined) histogram.record(now - at);
  }
}

type Params = [string, string][];
type Method = 'POST' | 'PUT' | 'DELETE';

/** A REST answer: its HTTP status and the few fields the benchmark checks (of `amendedOrder` for an amend). */
interface Reply {
  status: number;
  text(field: string): string | undefined;
  number(field: string): number | undefined;
}

/** Signed `/api/v3` calls through load-client.ts, or through the shared test client as bench:load did before. */
function restSender(
  job: OrdersJob,
  poster: FormPoster,
): (key: ApiKey, method: Method, path: string, params: Params) => Promise<Reply> {
  if (job.client === 'shared') {
    // The shared test client: fetch, URLSearchParams, every answer parsed.
    const client = new GatewayClient(job.base);
    return async (key, method, path, params) => {
      const payload = GatewayClient.payload(Object.fromEntries(params), key.secret);
      const answer =
        method === 'PUT'
          ? await client.http<Record<string, unknown>>(method, `/api/v3/${path}`, {
              headers: { 'X-MBX-APIKEY': key.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
              body: payload,
            })
          : await client.sendSigned<Record<string, unknown>>(method, path, payload, key.apiKey);
      const body = (answer.body ?? {}) as Record<string, unknown>;
      const fields = (body['amendedOrder'] ?? body) as Record<string, unknown>;
      return {
        status: answer.status,
        text: (f) => (typeof fields[f] === 'string' ? fields[f] : undefined),
        number: (f) =>
          typeof body[f] === 'number' ? body[f] : typeof fields[f] === 'number' ? fields[f] : undefined,
      };
    };
  }
  const signers = new Map([...job.makers, ...job.takers].map((k) => [k.apiKey, new FormSigner(k.secret)]));
  return async (key, method, path, params) => {
    const answer = await poster.send(
      method,
      `/api/v3/${path}`,
      signers.get(key.apiKey)!.payload(params),
      key.apiKey,
    );
    return {
      status: answer.status,
      text: (f) => jsonStringField(answer.body, f),
      number: (f) => jsonNumberField(answer.body, f),
    };
  };
}

/** PlaceOrder, CancelOrder, AmendOrder: the order's status and id as answered, or the call's error code. */
type GrpcOrderCall = (
  key: ApiKey,
  request: object,
) => Promise<{ status?: string; orderId?: string; error?: string }>;
/** PlaceOrders: the orders placed and the codes of the refused ones, or the call's error code. */
type GrpcPlaceAll = (
  key: ApiKey,
  orders: object[],
) => Promise<{ placed: number; refused: number[]; error?: string }>;
/** CancelAll on one market: the orders cancelled and how many came back CANCELED, or the call's error code. */
type GrpcCancelAll = (key: ApiKey, symbol: string) => Promise<{ cancelled: number; error?: string }>;

/**
 * Signed calls of the gRPC partner API (PlaceOrder, PlaceOrders, CancelOrder, AmendOrder, CancelAll), as
 * apps/gateway/bench/grpc.bench.ts makes them.
 */
function grpcPlacer(address: string): {
  place: GrpcOrderCall;
  cancel: GrpcOrderCall;
  amend: GrpcOrderCall;
  placeAll: GrpcPlaceAll;
  cancelAll: GrpcCancelAll;
  close(): void;
} {
  type AnyClient = Client & Record<string, (...args: unknown[]) => unknown>;
  const proto = loadPackageDefinition(
    loadSync([...GRPC_PROTO_FILES], {
      ...GRPC_LOADER_OPTIONS,
      includeDirs: [...GRPC_LOADER_OPTIONS.includeDirs],
    }),
  ) as unknown as TradingProto;
  const trading = new proto.exchange.trading.v1.TradingService(
    address,
    credentials.createInsecure(),
  ) as unknown as AnyClient;
  const call = <T>(method: string, key: ApiKey, request: object) => {
    const definition = (trading.constructor as ServiceClientConstructor).service[method]!;
    const metadata = new Metadata();
    const entries = signedCallMetadata(key, definition.path, definition.requestSerialize(request));
    for (const [name, value] of Object.entries(entries)) metadata.set(name, value);
    return new Promise<{ error: string } | { response: T }>((resolve) =>
      trading[method]!(request, metadata, (error: ServiceError | null, response: T) =>
        resolve(error ? { error: String(error.code) } : { response }),
      ),
    );
  };
  const orderCall =
    (method: string): GrpcOrderCall =>
    async (key, request) => {
      const answer = await call<{ order?: { status?: string; orderId?: string } }>(method, key, request);
      if ('error' in answer) return answer;
      return { status: answer.response.order?.status, orderId: answer.response.order?.orderId };
    };
  const placeAll: GrpcPlaceAll = async (key, orders) => {
    type Answer = { results: { order?: object; error?: { code: number } }[] };
    const answer = await call<Answer>('PlaceOrders', key, { orders });
    if ('error' in answer) return { placed: 0, refused: [], error: answer.error };
    const { results } = answer.response;
    return {
      placed: results.filter((r) => r.order).length,
      refused: results.flatMap((r) => (r.order ? [] : [r.error?.code ?? -1])),
    };
  };
  const cancelAll: GrpcCancelAll = async (key, symbol) => {
    const answer = await call<{ orders: { status: string }[] }>('CancelAll', key, { symbol });
    if ('error' in answer) return { cancelled: 0, error: answer.error };
    return { cancelled: answer.response.orders.filter((o) => o.status === 'ORDER_STATUS_CANCELED').length };
  };
  return {
    place: orderCall('PlaceOrder'),
    cancel: orderCall('CancelOrder'),
    amend: orderCall('AmendOrder'),
    placeAll,
    cancelAll,
    close: () => trading.close(),
  };
}

async function orders(job: OrdersJob): Promise<unknown> {
  const poster = new FormPoster(job.base, job.maxInFlight);
  const send = restSender(job, poster);
  const grpc =
    job.grpc && (job.grpcShare > 0 || job.grpcRestingShare > 0 || job.quoteShare > 0)
      ? grpcPlacer(job.grpc)
      : undefined;
  const mix = new LoadMix(job.seed, {
    markets: job.markets.length,
    makers: job.makers.length,
    takers: job.takers.length,
    cancelShare: job.cancelShare,
    amendShare: job.amendShare,
    grpcShare: grpc ? job.grpcShare : 0,
    grpcRestingShare: grpc ? job.grpcRestingShare : 0,
    quoteShare: grpc ? job.quoteShare : 0,
    quoters: job.quoters.length,
  });
  // Order-to-ack: resting orders placed through REST (the pairs' makers, the BUYs later cancelled or amended) and,
  // on their own, those placed through gRPC; order-to-fill: the pairs' takers; cancels and amends by API.
  const ack = new LatencyHistogram();
  const grpcAck = new LatencyHistogram();
  const fill = new LatencyHistogram();
  const cancel = new LatencyHistogram();
  const amend = new LatencyHistogram();
  const grpcCancel = new LatencyHistogram();
  const grpcAmend = new LatencyHistogram();
  // Quotes: the PlaceOrders call (each of its orders' order-to-ack) and the CancelAll after it.
  const quoteAck = new LatencyHistogram();
  const quoteCancel = new LatencyHistogram();
  const flows = { pair: 0, cancel: 0, amend: 0, quote: 0 };
  const errors: Record<string, number> = {};
  let accepted = 0;
  let sent = 0;
  let inFlight = 0;
  let skipped = 0;
  let sequence = 0;
  // Only correct answers count; anything else is counted by operation and code (or the status it had), never retried.
  const count = (key: string): void => {
    errors[key] = (errors[key] ?? 0) + 1;
  };
  const refused = (op: string, r: Reply) => count(`${op} ${r.number('code') ?? r.status}`);
  const limit = (
    m: MarketPlan,
    side: string,
    tif: string,
    price: string,
    quantity: string,
    id: string,
  ): Params => [
    ['symbol', m.symbol],
    ['side', side],
    ['type', 'LIMIT'],
    ['quantity', quantity],
    ['price', price],
    ['timeInForce', tif],
    ['newOrderRespType', 'RESULT'],
    // A client order id per order: two equal orders signed in the same millisecond would be a replay (-1022).
    ['newClientOrderId', id],
  ];

  const pair = async (flow: Flow, m: MarketPlan, id: string) => {
    const maker = job.makers[flow.maker]!;
    const t0 = performance.now();
    sent += 1;
    if (flow.grpc) {
      const made = await grpc!.place(maker, {
        symbol: m.symbol,
        side: 'SIDE_SELL',
        type: 'ORDER_TYPE_LIMIT',
        timeInForce: 'TIME_IN_FORCE_GTC',
        quantity: m.quantity,
        price: m.price,
        clientOrderId: `${id}g`,
        responseType: 'RESPONSE_TYPE_RESULT',
      });
      if (made.error) return count(`grpc ${made.error}`);
      accepted += 1;
      if (made.status !== 'ORDER_STATUS_NEW') return count(`grpc ${made.status}`);
      grpcAck.record(performance.now() - t0);
    } else {
      const made = await send(maker, 'POST', 'order', limit(m, 'SELL', 'GTC', m.price, m.quantity, `${id}m`));
      if (made.status !== 200) return refused('place', made);
      accepted += 1;
      if (made.text('status') !== 'NEW') return count(`place ${made.text('status')}`);
      ack.record(performance.now() - t0);
    }
    const t1 = performance.now();
    sent += 1;
    const took = await send(
      job.takers[flow.taker]!,
      'POST',
      'order',
      limit(m, 'BUY', 'IOC', m.price, m.quantity, `${id}t`),
    );
    if (took.status !== 200) return refused('taker', took);
    accepted += 1;
    if (took.text('status') === 'FILLED') fill.record(performance.now() - t1);
    else count(`taker ${took.text('status')}`);
  };

  // A resting BUY below every pair's price (nothing crosses it), amended down when asked, then cancelled.
  const resting = async (flow: Flow, m: MarketPlan, id: string) => {
    if (flow.grpc) return restingByGrpc(flow, m, id);
    const key = job.takers[flow.taker]!;
    const quantity = flow.kind === 'amend' ? m.restQuantity : m.amendQuantity;
    const t0 = performance.now();
    sent += 1;
    const made = await send(key, 'POST', 'order', limit(m, 'BUY', 'GTC', m.restPrice, quantity, `${id}r`));
    if (made.status !== 200) return refused('place', made);
    accepted += 1;
    const orderId = made.number('orderId');
    if (made.text('status') !== 'NEW' || orderId === undefined) return count(`place ${made.text('status')}`);
    ack.record(performance.now() - t0);
    const ref: Params = [
      ['symbol', m.symbol],
      ['orderId', String(orderId)],
    ];
    if (flow.kind === 'amend') {
      const t1 = performance.now();
      const amended = await send(key, 'PUT', 'order/amend/keepPriority', [
        ...ref,
        ['newQty', m.amendQuantity],
      ]);
      if (amended.status !== 200) refused('amend', amended);
      else if (amended.text('status') !== 'NEW') count(`amend ${amended.text('status')}`);
      else amend.record(performance.now() - t1);
    }
    // Cancelled even when the amend failed: the book does not grow with the run.
    const t2 = performance.now();
    const cancelled = await send(key, 'DELETE', 'order', ref);
    if (cancelled.status !== 200) refused('cancel', cancelled);
    else if (cancelled.text('status') !== 'CANCELED') count(`cancel ${cancelled.text('status')}`);
    else cancel.record(performance.now() - t2);
  };

  // The same through the gRPC partner API: PlaceOrder, AmendOrder (a new total, as keepPriority's newQty), CancelOrder.
  const restingByGrpc = async (flow: Flow, m: MarketPlan, id: string) => {
    const key = job.takers[flow.taker]!;
    const t0 = performance.now();
    sent += 1;
    const made = await grpc!.place(key, {
      symbol: m.symbol,
      side: 'SIDE_BUY',
      type: 'ORDER_TYPE_LIMIT',
      timeInForce: 'TIME_IN_FORCE_GTC',
      quantity: flow.kind === 'amend' ? m.restQuantity : m.amendQuantity,
      price: m.restPrice,
      clientOrderId: `${id}r`,
      responseType: 'RESPONSE_TYPE_RESULT',
    });
    if (made.error) return count(`grpc ${made.error}`);
    accepted += 1;
    if (made.status !== 'ORDER_STATUS_NEW' || !made.orderId) return count(`grpc ${made.status}`);
    grpcAck.record(performance.now() - t0);
    const ref = { symbol: m.symbol, ref: { orderId: made.orderId } };
    if (flow.kind === 'amend') {
      const t1 = performance.now();
      const amended = await grpc!.amend(key, { ...ref, newQuantity: m.amendQuantity, amendId: `${id}a` });
      if (amended.error) count(`grpc-amend ${amended.error}`);
      else if (amended.status !== 'ORDER_STATUS_NEW') count(`grpc-amend ${amended.status}`);
      else grpcAmend.record(performance.now() - t1);
    }
    // Cancelled even when the amend failed: the book does not grow with the run.
    const t2 = performance.now();
    const cancelled = await grpc!.cancel(key, ref);
    if (cancelled.error) count(`grpc-cancel ${cancelled.error}`);
    else if (cancelled.status !== 'ORDER_STATUS_CANCELED') count(`grpc-cancel ${cancelled.status}`);
    else grpcCancel.record(performance.now() - t2);
  };

  // A quoter's quotes placed together, then cancelled together; its flows one after the other.
  const quoting = new Map<number, Promise<void>>();
  const quote = (flow: Flow, m: MarketPlan, id: string) => {
    const run = (quoting.get(flow.quoter) ?? Promise.resolve()).then(() => quotes(flow, m, id));
    const settled = run.catch(() => undefined);
    quoting.set(flow.quoter, settled);
    return run;
  };
  const quotes = async (flow: Flow, m: MarketPlan, id: string) => {
    const key = job.quoters[flow.quoter]!;
    const orders = Array.from({ length: job.quoteSize }, (_, j) => ({
      symbol: m.symbol,
      side: 'SIDE_BUY',
      type: 'ORDER_TYPE_LIMIT',
      timeInForce: 'TIME_IN_FORCE_GTC',
      quantity: m.amendQuantity,
      price: m.restPrice,
      clientOrderId: `${id}q${j}`,
      responseType: 'RESPONSE_TYPE_ACK',
    }));
    const t0 = performance.now();
    sent += orders.length;
    const placed = await grpc!.placeAll(key, orders);
    if (placed.error) return count(`quote ${placed.error}`);
    accepted += placed.placed;
    for (const code of placed.refused) count(`quote ${code}`);
    quoteAck.record(performance.now() - t0);
    if (placed.placed === 0) return;
    const t1 = performance.now();
    const cancelled = await grpc!.cancelAll(key, m.symbol);
    if (cancelled.error) count(`quote-cancel ${cancelled.error}`);
    else if (cancelled.cancelled !== placed.placed)
      count(`quote-cancel ${cancelled.cancelled} of ${placed.placed} CANCELED`);
    else quoteCancel.record(performance.now() - t1);
  };

  const one = async (flow: Flow) => {
    inFlight += 1;
    flows[flow.kind] += 1;
    try {
      const id = `b${process.pid}x${(sequence += 1)}`;
      const m = job.markets[flow.market]!;
      await (flow.kind === 'pair'
        ? pair(flow, m, id)
        : flow.kind === 'quote'
          ? quote(flow, m, id)
          : resting(flow, m, id));
    } catch (error) {
      // A call that failed on the wire (or threw): its code, else its error's name and what it says, e.g.
      // `network ECONNRESET`, `network RawHttpError: connection closed before the answer`.
      const { code, name, message } = error instanceof Error ? (error as NodeJS.ErrnoException) : {};
      count(`network ${code ?? `${name ?? 'thrown'}: ${String(message ?? error).slice(0, 80)}`}`);
    } finally {
      inFlight -= 1;
    }
  };
  const cpu0 = ownCpuSeconds();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  // Open loop at `rate` orders placed per second: each flow takes the gap of the orders it places (a pair two),
  // capped in flight. One timer at a time: each wake-up starts every flow that is due by then.
  const gapMs = 1000 / job.rate;
  let flow = mix.next();
  let dueAt = started;
  while (performance.now() - started < job.durationMs) {
    const now = performance.now();
    for (; dueAt <= now; flow = mix.next()) {
      if (inFlight >= job.maxInFlight) skipped += 1;
      else pending.push(one(flow));
      dueAt += gapMs * ordersPerFlow(flow.kind, job.quoteSize);
    }
    const wait = dueAt - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(pending);
  const elapsedS = (performance.now() - started) / 1000;
  const cpuS = ownCpuSeconds() - cpu0;
  poster.close();
  grpc?.close();
  return {
    kind: 'orders',
    accepted,
    acceptedPerS: accepted / elapsedS,
    sent,
    skipped,
    flows,
    errors,
    cpuS,
    elapsedS,
    ack: ack.toJSON(),
    grpcAck: grpcAck.toJSON(),
    fill: fill.toJSON(),
    cancel: cancel.toJSON(),
    amend: amend.toJSON(),
    grpcCancel: grpcCancel.toJSON(),
    grpcAmend: grpcAmend.toJSON(),
    quoteAck: quoteAck.toJSON(),
    quoteCancel: quoteCancel.toJSON(),
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
  const hops = job.hops ? new HopClock() : undefined;
  if (job.hops) await hops!.start(job.hops);
  const onFrame = (data: Buffer) => {
    if (!measuring) return;
    const now = Date.now();
    const T = eventTime(data, '"e":"trade"', TRADE_TIME_KEY);
    if (T >= 0) {
      trade.record(now - T);
      if (hops) hops.trade(eventTime(data, '"e":"trade"', TRADE_ID_KEY), now);
      return;
    }
    const E = eventTime(data, '"e":"depthUpdate"', EVENT_TIME_KEY);
    if (E >= 0) {
      depth.record(now - E);
      if (hops) hops.depth(eventTime(data, '"e":"depthUpdate"', LAST_UPDATE_ID_KEY), now);
      return;
    }
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
  if (hops) hops.measuring = true;
  const cpu0 = ownCpuSeconds();
  const started = performance.now();
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  measuring = false;
  const cpuS = ownCpuSeconds() - cpu0;
  await hops?.stop();
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
    hops: hops?.toJSON(),
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
