/**
 * `bench:gateway`'s WebSocket API order load: `connections` connections to `/ws-api/v3` from this process, each with
 * `inFlight` signed `order.place` requests outstanding (the next one sent when an answer comes), ACK LIMIT bids at
 * prices that never trade. Reports the rate of 200 answers, their latency from send to answer, and the CPU per order
 * of this process (the client), the gateways and `otherCpuUs`'s processes, as `runReadLoad` does for REST.
 */
import { createHmac } from 'node:crypto';

import { WebSocket } from 'ws';

import { processCpuUs } from '@exchange/shared-util-testing';

import { percentile, type ReadLoadReport } from './read-load';

export interface WsApiLoadOptions {
  base: string;
  orders: number;
  connections: number;
  /** Requests outstanding on each connection. */
  inFlight: number;
  apiKey: string;
  secret: string;
  /** Bids from `priceFrom` up over `prices` prices, one after the other. */
  priceFrom: number;
  prices: number;
  gatewayPids: number[];
  otherCpuUs?: () => Record<string, number>;
}

/** `order.place`'s parameters, signed as Binance's WebSocket API takes them (sorted by name, HMAC-SHA256). */
function signedOrder(apiKey: string, secret: string, price: number): Record<string, string | number> {
  const params: Record<string, string | number> = {
    apiKey,
    newOrderRespType: 'ACK',
    price: String(price),
    quantity: '0.001',
    returnRateLimits: 'false',
    side: 'BUY',
    symbol: 'BTCUSDT',
    timeInForce: 'GTC',
    timestamp: Date.now(),
    type: 'LIMIT',
  };
  // Already in name order.
  const payload = Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  params['signature'] = createHmac('sha256', secret).update(payload).digest('hex');
  return params;
}

export async function runWsApiOrders(o: WsApiLoadOptions): Promise<ReadLoadReport> {
  const url = `${o.base.replace(/^http/, 'ws')}/ws-api/v3`;
  const sockets = await Promise.all(
    Array.from(
      { length: o.connections },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(url, { perMessageDeflate: false });
          socket.once('open', () => resolve(socket)).once('error', reject);
        }),
    ),
  );
  const gatewaysCpuUs = () => o.gatewayPids.reduce((sum, pid) => sum + processCpuUs(pid), 0);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const othersBefore = o.otherCpuUs?.();
  const gatewayBefore = gatewaysCpuUs();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  try {
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve, reject) => {
            const sentAt = new Map<number, number>();
            const sendOne = () => {
              if (next >= o.orders) {
                if (sentAt.size === 0) resolve();
                return;
              }
              const i = next++;
              const params = signedOrder(o.apiKey, o.secret, o.priceFrom + (i % o.prices));
              sentAt.set(i, performance.now());
              socket.send(JSON.stringify({ id: i, method: 'order.place', params }));
            };
            socket.on('message', (data) => {
              const answer = JSON.parse(String(data)) as { id: number; status: number; error?: unknown };
              const at = sentAt.get(answer.id);
              sentAt.delete(answer.id);
              if (answer.status === 200 && at !== undefined) latencies.push(performance.now() - at);
              else {
                errors++;
                firstError ??= String(data).slice(0, 300);
              }
              sendOne();
            });
            socket.once('close', () =>
              sentAt.size > 0 ? reject(new Error('connection closed')) : undefined,
            );
            for (let k = 0; k < o.inFlight; k++) sendOne();
          }),
      ),
    );
  } finally {
    for (const socket of sockets) socket.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const gatewayUs = gatewaysCpuUs() - gatewayBefore;
  const othersAfter = o.otherCpuUs?.();
  const ok = latencies.length;
  latencies.sort((a, b) => a - b);
  return {
    ok,
    errors,
    firstError,
    perSecond: ok / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    gatewayCpuUs: gatewayUs / ok,
    clientCpuUs: (client.user + client.system) / ok,
    ...(othersBefore &&
      othersAfter && {
        otherCpuUs: Object.fromEntries(
          Object.entries(othersAfter).map(([name, us]) => [name, (us - (othersBefore[name] ?? 0)) / ok]),
        ),
      }),
  };
}
