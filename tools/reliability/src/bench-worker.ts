/**
 * One load process of `npm run bench:load` (started by bench-load.ts, never by hand). Argument: a JSON job.
 * `orders`: open-loop pairs at `rate` orders/s — a resting LIMIT SELL by the maker key, then a LIMIT IOC BUY at the
 * same price by the taker key that fills it — with RESULT answers: the maker's reply time is order-to-ack, the
 * taker's (FILLED) order-to-fill. `ws`: `subscribers` connections on `<symbol>@trade`, each trade's delivery
 * latency from its trade time. Prints one JSON line with the samples' quantiles when done.
 */
import WebSocket from 'ws';

import { type ApiKey, GatewayClient } from './client';

interface OrdersJob {
  kind: 'orders';
  base: string;
  maker: ApiKey;
  taker: ApiKey;
  rate: number;
  durationMs: number;
  maxInFlight: number;
  price: string;
}

interface WsJob {
  kind: 'ws';
  base: string;
  subscribers: number;
  durationMs: number;
}

function quantiles(samples: number[]): { n: number; p50: number; p99: number; p999: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted.at(-1) ?? NaN };
}

async function orders(job: OrdersJob): Promise<unknown> {
  const client = new GatewayClient(job.base);
  const ack: number[] = [];
  const fill: number[] = [];
  const errors: Record<string, number> = {};
  let accepted = 0;
  let inFlight = 0;
  let skipped = 0;
  let sequence = 0;
  const count = (key: string): void => {
    errors[key] = (errors[key] ?? 0) + 1;
  };
  const one = async () => {
    inFlight += 1;
    try {
      // A client order id per order: two equal orders signed in the same millisecond would be a replay (-1022).
      const id = `b${process.pid}x${(sequence += 1)}`;
      const params = { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: '0.0010', price: job.price };
      const t0 = performance.now();
      const made = await client.signed<{ status: string; code?: number }>(
        'POST',
        'order',
        { ...params, timeInForce: 'GTC', newOrderRespType: 'RESULT', newClientOrderId: `${id}m` },
        job.maker,
      );
      if (made.status !== 200) return count(String(made.body.code ?? made.status));
      ack.push(performance.now() - t0);
      accepted += 1;
      const t1 = performance.now();
      const took = await client.signed<{ status: string; code?: number }>(
        'POST',
        'order',
        {
          ...params,
          side: 'BUY',
          timeInForce: 'IOC',
          newOrderRespType: 'RESULT',
          newClientOrderId: `${id}t`,
        },
        job.taker,
      );
      if (took.status !== 200) return count(String(took.body.code ?? took.status));
      accepted += 1;
      if (took.body.status === 'FILLED') fill.push(performance.now() - t1);
      else count(`taker ${took.body.status}`);
    } catch {
      count('network');
    } finally {
      inFlight -= 1;
    }
  };
  const started = performance.now();
  const pending: Promise<void>[] = [];
  // Two orders per pair: pairs at rate / 2, evenly spaced (open loop, capped in flight).
  const gapMs = 2000 / job.rate;
  for (let i = 0; performance.now() - started < job.durationMs; i++) {
    const due = started + i * gapMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= job.maxInFlight) skipped += 1;
    else pending.push(one());
  }
  await Promise.all(pending);
  const elapsedS = (performance.now() - started) / 1000;
  return {
    kind: 'orders',
    accepted,
    acceptedPerS: accepted / elapsedS,
    skipped,
    errors,
    ackMs: quantiles(ack),
    fillMs: quantiles(fill),
  };
}

async function ws(job: WsJob): Promise<unknown> {
  const url = `${job.base.replace('http', 'ws')}/ws/btcusdt@trade`;
  const latency: number[] = [];
  const sockets: WebSocket[] = [];
  let failed = 0;
  for (let i = 0; i < job.subscribers; i++) {
    const socket = new WebSocket(url);
    socket.on('message', (data: Buffer) => {
      const event = JSON.parse(data.toString()) as { e?: string; T?: number };
      if (event.e === 'trade' && event.T) latency.push(Date.now() - event.T);
    });
    socket.on('error', () => (failed += 1));
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, job.durationMs));
  const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  for (const s of sockets) s.terminate();
  return {
    kind: 'ws',
    subscribers: job.subscribers,
    open,
    failed,
    deliveries: latency.length,
    deliveryMs: quantiles(latency),
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as OrdersJob | WsJob;
  const result = job.kind === 'orders' ? await orders(job) : await ws(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main().then(() => process.exit(0));
