/**
 * Gateway REST benchmark: public reads per second (`GET /api/v3/depth`, `GET /api/v3/ticker/24hr`, answered from
 * the gateway's own copies of the book and tickers, or with `--no-memory` by the market-data service from its Redis
 * cache over NATS) and signed order placements per second through
 * the whole path (`POST /api/v3/order`: rate limits and replay check in Redis, the users service's key lookup
 * (cached), the wallet's hold, the engine for RESULT), with p50 / p99 latency per call. Runs the five services as
 * real processes on a scratch run prefix (the gateway's integration harness) and removes everything after. The
 * client runs on the same machine. The reads are sent by `--read-processes` child processes over raw kept-alive
 * HTTP/1.1 sockets (`read-load.ts`: `--read-concurrency` connections in all, one request in flight on each; only
 * complete, correct 200 answers count, errors are reported), cheap enough that the figure is the gateway's rather
 * than the client's; `--fetch-reads` sends them with `fetch` from this process as before. The orders go with `fetch`,
 * then `--raw-orders` ACK orders once more from the raw-socket processes (signed form bodies), then `--ws-api-orders`
 * over the WebSocket API (`order.place` on `--ws-api-connections` connections, `--ws-api-in-flight` outstanding on
 * each; `ws-api-load.ts`).
 *
 *   npm run bench:gateway -- [--reads 10000] [--read-concurrency 64] [--read-processes 2] [--fetch-reads]
 *                            [--orders 2000] [--result-orders 300] [--raw-orders 3000] [--raw-order-concurrency 64]
 *                            [--concurrency 16] [--no-memory] [--no-lean] [--no-lean-orders]
 *                            [--gateway-env NAME=value,...] [--service-env NAME=value,...] [--cpu-prof <dir>]
 *                            [--gateways 1]
 *                            [--ws-api-orders 3000] [--ws-api-connections 8] [--ws-api-in-flight 16]
 *
 * Each row also gives the gateway process's CPU time per call (from its `/proc/<pid>/stat`), which depends far
 * less on what else the machine runs than the rates do, and the client's (the read processes', or this process's
 * for `fetch` and the orders). `--no-memory` runs the gateway as it was before it kept
 * its own copies and counts: every read asks market-data, every request's weight and every order's counts Redis;
 * `--no-lean` routes ping, depth and the tickers through Express and Nest like every other route; `--no-lean-orders`
 * routes `POST /api/v3/order` through them. `--gateways 2` runs a second gateway process beside the first (two pods
 * behind a load balancer: the same Redis counters, their own copies of the books): the raw-socket load processes are
 * spread over them (process i to gateway i mod n, so give as many processes or more), their CPU is summed, and the
 * `fetch` rows still go to the first.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import {
  type CallRate,
  cpuProfileEnv,
  envPairs,
  measureCalls,
  pathCpuSampler,
  processCpuUs,
} from '@exchange/shared-util-testing';

import { ExchangeHarness } from '../test/integration/exchange-harness';
import { percentile, type ReadLoadReport, runReadLoad } from './read-load';
import { runWsApiOrders } from './ws-api-load';

const { values } = parseArgs({
  options: {
    reads: { type: 'string', default: '10000' },
    'read-concurrency': { type: 'string', default: '64' },
    'read-processes': { type: 'string', default: '2' },
    // The reads with `fetch` from this process (as before the raw-socket client), for an A/B of the client.
    'fetch-reads': { type: 'boolean', default: false },
    orders: { type: 'string', default: '2000' },
    'result-orders': { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '16' },
    // ACK orders from the raw-socket client too (signed form bodies, `--read-processes` processes), after the rest.
    'raw-orders': { type: 'string', default: '3000' },
    'raw-order-concurrency': { type: 'string', default: '64' },
    // The gateway without its in-memory reads and weight count: every read asks market-data, every request Redis.
    'no-memory': { type: 'boolean', default: false },
    // The hottest reads through Express and Nest as every other route (HTTP_LEAN_READS=false), for an A/B.
    'no-lean': { type: 'boolean', default: false },
    // POST /api/v3/order through Express and Nest as every other route (HTTP_LEAN_ORDERS=false), for an A/B.
    'no-lean-orders': { type: 'boolean', default: false },
    // More gateway environment for an A/B, `NAME=value,NAME=value` (e.g. MARKET_CACHE_CHECK_MS=0).
    'gateway-env': { type: 'string', default: '' },
    /** Environment of every service (an A/B of a setting of the wallet, market-data or matching). */
    'service-env': { type: 'string', default: '' },
    // A directory for the gateway's V8 CPU profile (tools/bench/cpu-profile.cjs, written when the gateway stops).
    'cpu-prof': { type: 'string' },
    // Gateway processes: the raw-socket load processes are spread over them.
    gateways: { type: 'string', default: '1' },
    // ACK orders over the WebSocket API (`order.place`), from this process, after the raw-socket ones.
    'ws-api-orders': { type: 'string', default: '3000' },
    'ws-api-connections': { type: 'string', default: '8' },
    'ws-api-in-flight': { type: 'string', default: '16' },
  },
});
const READS = Number(values.reads);
const READ_CONCURRENCY = Number(values['read-concurrency']);
const READ_PROCESSES = Number(values['read-processes']);
const ORDERS = Number(values.orders);
const RESULT_ORDERS = Number(values['result-orders']);
const CONCURRENCY = Number(values.concurrency);
const RAW_ORDERS = Number(values['raw-orders']);
const RAW_ORDER_CONCURRENCY = Number(values['raw-order-concurrency']);
const GATEWAYS = Number(values.gateways);
const WS_API_ORDERS = Number(values['ws-api-orders']);
const WS_API_CONNECTIONS = Number(values['ws-api-connections']);
const WS_API_IN_FLIGHT = Number(values['ws-api-in-flight']);
if (!(Number.isInteger(GATEWAYS) && GATEWAYS >= 1 && GATEWAYS <= READ_PROCESSES))
  throw new Error('--gateways must be from 1 to --read-processes (each load process talks to one gateway)');

interface Result extends CallRate {
  /** The gateway process's CPU time per call (user + system, from /proc), in microseconds. */
  gatewayCpuUs: number;
  /** The client's CPU time per call, in microseconds. */
  clientCpuUs: number;
  /** Calls that did not get a complete, correct 200 answer (raw reads; `fetch` calls throw instead). */
  errors?: number;
}

/** `measureCalls`, with the gateway's and this process's CPU time per call. */
async function measureWithCpu(
  gatewayPid: number,
  count: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<Result> {
  const before = processCpuUs(gatewayPid);
  const client = process.cpuUsage();
  const result = await measureCalls(count, concurrency, call);
  const used = process.cpuUsage(client);
  return {
    ...result,
    gatewayCpuUs: (processCpuUs(gatewayPid) - before) / count,
    clientCpuUs: (used.user + used.system) / count,
  };
}

/** `gateway 248 µs, client 73 µs, wallet 172 µs, ...`: every process's CPU per order of a load. */
function cpuByProcess(load: ReadLoadReport): string {
  return Object.entries({ gateway: load.gatewayCpuUs, client: load.clientCpuUs, ...load.otherCpuUs })
    .map(([name, us]) => `${name} ${us.toFixed(0)} µs`)
    .join(', ');
}

/** A markdown table row: what, calls / in flight, rate, p50, p99, gateway and client CPU per call, errors. */
const row = (name: string, calls: string, r: Result) =>
  `| ${name} | ${calls} | ${r.perSecond.toFixed(0)}/s | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.gatewayCpuUs.toFixed(0)} µs | ${r.clientCpuUs.toFixed(0)} µs | ${r.errors ?? 0} |`;

/** The gateways' wallet requests that submit orders, and the orders in them (`OrderSubmitter`'s histogram). */
async function walletSubmits(bases: readonly string[]): Promise<{ requests: number; orders: number }> {
  const total = { requests: 0, orders: 0 };
  for (const base of bases) {
    const lines = (await (await fetch(`${base}/metrics`)).text()).split('\n');
    const value = (name: string) =>
      Number(lines.find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))?.split(' ')[1] ?? 0);
    total.requests += value('gateway_order_submissions_per_request_count');
    total.orders += value('gateway_order_submissions_per_request_sum');
  }
  return total;
}

async function main(): Promise<void> {
  const harness = new ExchangeHarness(
    {
      ORDER_LIMIT_PER_10S: '100000000',
      ORDER_LIMIT_PER_DAY: '100000000',
      RATE_LIMIT_WEIGHT_PER_MINUTE: '100000000',
      ...(values['no-memory'] && { MARKET_CACHE_CHECK_MS: '0', RATE_LIMIT_SYNC_MS: '0' }),
      ...(values['no-lean'] && { HTTP_LEAN_READS: 'false' }),
      ...(values['no-lean-orders'] && { HTTP_LEAN_ORDERS: 'false' }),
      ...envPairs(values['gateway-env']),
      ...(values['cpu-prof'] && cpuProfileEnv(values['cpu-prof'])),
    },
    envPairs(values['service-env']),
  );
  // Ctrl-C still removes the run's processes, databases, streams and keys.
  process.once('SIGINT', () => void harness.stop().finally(() => process.exit(130)));
  try {
    await harness.start();
    const extraGateways = [];
    for (let i = 1; i < GATEWAYS; i++) extraGateways.push(await harness.startGatewayProcess());
    const bases = [harness.base, ...extraGateways.map((g) => g.base)];
    const gatewayProcesses = [harness.process('gateway'), ...extraGateways.map((g) => g.process)];
    const gatewayPids = gatewayProcesses.map((p) => p.child.pid!);
    const trader = await harness.trader('bench-gateway@example.com');
    await harness.faucet(trader, 'USDT', '100000000');
    await harness.faucet(trader, 'BTC', '100');
    const place = async (params: Record<string, string>) => {
      const res = await harness.signed('POST', 'order', params, trader.key);
      if (res.status !== 200) throw new Error(`order: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const limit = (side: 'BUY' | 'SELL', price: number, newOrderRespType: string) => ({
      symbol: 'BTCUSDT',
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: String(price),
      newOrderRespType,
    });
    // A book to read: 50 asks above 40,000 and 50 bids below 20,000 (the measured bids go lower, none trades).
    for (let i = 0; i < 50; i++) {
      await place(limit('SELL', 40_000 + i, 'RESULT'));
      await place(limit('BUY', 20_000 - i, 'RESULT'));
    }
    const read = async (path: string) => {
      const res = await fetch(`${harness.base}${path}`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
    };
    // Wait for market-data to have the book (it follows the engine's events).
    for (let i = 0; ; i++) {
      const res = await fetch(`${harness.base}/api/v3/depth?symbol=BTCUSDT&limit=100`);
      const book = (await res.json()) as { bids?: unknown[]; asks?: unknown[] };
      if (book.bids?.length === 50 && book.asks?.length === 50) break;
      if (i === 300) throw new Error(`the book did not reach 50 levels a side: ${JSON.stringify(book)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const rows: string[] = [];
    const report = (name: string, calls: string, r: Result) => {
      rows.push(row(name, calls, r));
      process.stdout.write(`${rows.at(-1)!}\n`);
    };
    process.stdout.write(
      `gateway REST on ${cpus().length} cores, ${GATEWAYS} gateway process${GATEWAYS > 1 ? 'es' : ''}, ${new Date().toISOString()}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(
          ' ',
        )}\n| what | calls, in flight | rate | p50 | p99 | gateway CPU / call | client CPU / call | errors |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n`,
    );
    const gatewayPid = gatewayPids[0]!;
    /** A read phase: the raw-socket load processes, or `fetch` from here with `--fetch-reads`. */
    const reads = async (path: string, expect: string, count: number): Promise<Result> => {
      if (values['fetch-reads']) return measureWithCpu(gatewayPid, count, READ_CONCURRENCY, () => read(path));
      const load = await runReadLoad({
        bases,
        path,
        requests: count,
        connections: READ_CONCURRENCY,
        processes: READ_PROCESSES,
        expect,
        gatewayPids,
      });
      if (load.errors > 0)
        process.stdout.write(`${path}: ${load.errors} errors, the first: ${load.firstError}\n`);
      return load;
    };
    const depth = ['/api/v3/depth?symbol=BTCUSDT&limit=100', '{"lastUpdateId":'] as const;
    const ticker = ['/api/v3/ticker/24hr?symbol=BTCUSDT', '{"symbol":"BTCUSDT",'] as const;
    const ping = ['/api/v3/ping', '{}'] as const;
    // Warm-up (the first reads also start the gateway's book and ticker copies).
    await reads(...depth, 2000);
    await reads(...ticker, 2000);
    await reads(...ping, 2000);
    const calls = `${READS}, ${READ_CONCURRENCY}${values['fetch-reads'] ? ' (fetch)' : ` (${READ_PROCESSES} processes)`}`;
    report(`GET ${depth[0]}`, calls, await reads(...depth, READS));
    report(`GET ${ticker[0]}`, calls, await reads(...ticker, READS));
    report('GET /api/v3/ping (the HTTP frame alone)', calls, await reads(...ping, READS));
    // Where the reads were answered (memory or market-data), warm-up included, each gateway's counts.
    for (const [i, base] of bases.entries()) {
      const sources = (await (await fetch(`${base}/metrics`)).text())
        .split('\n')
        .filter((l) => l.startsWith('gateway_market_reads_total{'))
        .map((l) => l.replace(/^gateway_market_reads_total\{(.*)\}/, '$1'));
      process.stdout.write(
        `reads by source${bases.length > 1 ? ` (gateway ${i + 1})` : ''}: ${sources.join('; ')}\n`,
      );
    }
    await measureCalls(100, CONCURRENCY, (i) => place(limit('BUY', 10_000 + (i % 5_000), 'ACK'))); // warm-up
    report(
      'POST /api/v3/order LIMIT, ACK',
      `${ORDERS}, ${CONCURRENCY}`,
      await measureWithCpu(gatewayPid, ORDERS, CONCURRENCY, (i) =>
        place(limit('BUY', 10_000 + (i % 5_000), 'ACK')),
      ),
    );
    report(
      'POST /api/v3/order LIMIT, RESULT (engine answered)',
      `${RESULT_ORDERS}, ${CONCURRENCY}`,
      await measureWithCpu(gatewayPid, RESULT_ORDERS, CONCURRENCY, (i) =>
        place(limit('BUY', 10_000 + (i % 5_000), 'RESULT')),
      ),
    );
    if (RAW_ORDERS > 0) {
      // The CPU of every process on the order's path, per order (`pathCpuSampler`).
      const otherCpuUs = pathCpuSampler(harness);
      const gatewayLogs = gatewayProcesses.map((p) => p.logs);
      const logsBefore = gatewayLogs.map((logs) => logs.length);
      const submitsBefore = await walletSubmits(bases);
      // The same ACK LIMIT bids (15,000 to 18,999: none trades) from the raw-socket processes: what the gateway and
      // the services take when the client costs little.
      const orders = await runReadLoad({
        bases,
        path: '/api/v3/order',
        requests: RAW_ORDERS,
        connections: RAW_ORDER_CONCURRENCY,
        processes: READ_PROCESSES,
        expect: '{"symbol":"BTCUSDT",',
        gatewayPids,
        otherCpuUs,
        post: {
          apiKey: trader.key.apiKey,
          secret: trader.key.secret!,
          params: 'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&newOrderRespType=ACK',
          priceFrom: 15_000,
          prices: 4_000,
        },
      });
      if (orders.errors > 0)
        process.stdout.write(`raw orders: ${orders.errors} errors, the first: ${orders.firstError}\n`);
      report(
        'POST /api/v3/order LIMIT, ACK (raw client)',
        `${RAW_ORDERS}, ${RAW_ORDER_CONCURRENCY} (${READ_PROCESSES} processes)`,
        orders,
      );
      // The gateway's own time per order (its log line's `responseTimeMs`: from the body read to the answer
      // written) against the client's: what is left is queueing before the gateway reads the request.
      const gatewayMs = gatewayLogs
        .flatMap((logs, i) => logs.slice(logsBefore[i]))
        .filter(
          (l) => l['msg'] === 'request completed' && (l['req'] as { url?: string })?.url === '/api/v3/order',
        )
        .map((l) => Number(l['responseTimeMs']))
        .sort((a, b) => a - b);
      process.stdout.write(
        `raw orders, CPU per order by process: ${cpuByProcess(orders)}; gateway's own time p50 ${percentile(gatewayMs, 0.5).toFixed(1)} ms, p99 ${percentile(gatewayMs, 0.99).toFixed(1)} ms (${gatewayMs.length} lines)\n`,
      );
      const submits = await walletSubmits(bases);
      const requests = submits.requests - submitsBefore.requests;
      process.stdout.write(
        `raw orders, wallet submit requests: ${requests}, ${((submits.orders - submitsBefore.orders) / Math.max(1, requests)).toFixed(2)} orders each\n`,
      );
    }
    if (WS_API_ORDERS > 0) {
      // The same ACK LIMIT bids (19,000 to 19,949: none trades) as WebSocket API requests, from this process.
      const orders = await runWsApiOrders({
        base: harness.base,
        orders: WS_API_ORDERS,
        connections: WS_API_CONNECTIONS,
        inFlight: WS_API_IN_FLIGHT,
        apiKey: trader.key.apiKey,
        secret: trader.key.secret!,
        priceFrom: 19_000,
        prices: 950,
        gatewayPids: [gatewayPid],
        otherCpuUs: pathCpuSampler(harness),
      });
      if (orders.errors > 0)
        process.stdout.write(
          `WebSocket API orders: ${orders.errors} errors, the first: ${orders.firstError}\n`,
        );
      report(
        'WebSocket API order.place LIMIT, ACK',
        `${WS_API_ORDERS}, ${WS_API_CONNECTIONS} × ${WS_API_IN_FLIGHT}`,
        orders,
      );
      process.stdout.write(`WebSocket API orders, CPU per order by process: ${cpuByProcess(orders)}\n`);
    }
    process.stdout.write(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
  } finally {
    await harness.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    const cause = (error as { cause?: unknown }).cause;
    process.stderr.write(`${String(error)}${cause === undefined ? '' : ` (${String(cause)})`}\n`);
    process.exit(1);
  },
);
