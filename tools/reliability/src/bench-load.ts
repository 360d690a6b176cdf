/**
 * `npm run bench:load [-- --rates 100,200,400 --step-s 20 --warmup-s 10 --processes 4 --subscribers 200,1000
 * --ws-processes 2 --streams btcusdt@trade,btcusdt@depth@100ms --markets BTC-USDT,ETH-USDT --users-per-process 4
 * --cancel-share 0.2 --amend-share 0.1 --grpc-share 0.2 --grpc-resting-share 0 --quote-share 0 --quote-size 20 --quoters-per-process 2 --seed 1
 * --gateways 1 --cpu-prof <dir> --gateway-env NAME=value,...]`: the whole exchange as processes
 * (private Redis and NATS, shared PostgreSQL, limits raised, `--markets` traded; `--gateways` gateway processes, as
 * pods behind a balancer: load and WebSocket process i talk to gateway i mod n, and the gateway's CPU is theirs
 * summed), then for each subscriber count and each total order rate: WebSocket processes open the subscribers (spread
 * evenly over `--ws-processes`; one combined stream per subscriber when several `--streams`), and once they are all
 * connected, load processes (each with its own users, half makers, half takers) run a seeded mix of flows through the
 * public API (open loop, `--rates` counts orders placed) for `--step-s` (after `--warmup-s` of orders at the first
 * rate, not measured): fill pairs (maker SELL through REST or, for `--grpc-share` of them, gRPC; taker IOC BUY
 * through REST),
 * resting BUYs cancelled (`--cancel-share` of the flows), resting BUYs amended down then cancelled
 * (`--amend-share`; for `--grpc-resting-share` of these two kinds the place, amend and cancel go through gRPC
 * PlaceOrder, AmendOrder and CancelOrder), and quotes (`--quote-share`: `--quote-size` resting BUYs placed by one gRPC PlaceOrders call of
 * a quoter, its own users, then cancelled by one CancelAll), on markets and by users drawn from `--seed`; every order sized from the market's exchangeInfo
 * filters. Prints, per step, the accepted orders/s, order-to-ack and order-to-fill p50/p99/p999 (exact over all
 * processes, to 0.1 ms), WebSocket delivery p50/p99/p999 per stream kind, the gateway's CPU per delivered message,
 * each service's CPU use and that of the run's PostgreSQL backends, nats-server and redis-server (from /proc), the load
 * processes' own CPU per order and per message, the CPU of all of them (but the subscribers') per accepted order, and
 * the load average,
 * as a Markdown table; then one row per operation (REST and gRPC ack, fill, cancel, amend) with its count, rate,
 * latency quantiles and errors by code; and, when the streams are of one traded market, each delivery split by hop
 * (the WebSocket processes also listen to the engine's `evt.<market>` and market-data's `md.<market>.*` on NATS: the
 * order path from `T` to the engine event, then engine event → subscriber and market-data message → subscriber).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import {
  cpuOrZero,
  cpuProfileEnv,
  envPairs,
  pathCpuSampler,
  WORKSPACE_ROOT,
} from '@exchange/shared-util-testing';

import { GatewayClient, type Trader } from './client';
import { ReliabilityExchange, SERVICES } from './exchange';
import { LatencyHistogram } from './load-client';
import { marketPlan, symbolFilters } from './load-mix';

interface Quantiles {
  n: number;
  p50: number;
  p99: number;
  p999: number;
}

type HistogramJson = Parameters<typeof LatencyHistogram.fromJSON>[0];

interface OrdersResult {
  accepted: number;
  acceptedPerS: number;
  sent: number;
  skipped: number;
  flows: Record<string, number>;
  errors: Record<string, number>;
  cpuS: number;
  elapsedS: number;
  ack: HistogramJson;
  grpcAck: HistogramJson;
  fill: HistogramJson;
  cancel: HistogramJson;
  amend: HistogramJson;
  grpcCancel: HistogramJson;
  grpcAmend: HistogramJson;
  quoteAck: HistogramJson;
  quoteCancel: HistogramJson;
}

/** The per-operation rows: the worker's histogram and the prefix of its error keys. */
const OPERATIONS = [
  ['place REST (ack)', 'ack', 'place'],
  ['place gRPC (ack)', 'grpcAck', 'grpc'],
  ['IOC taker (fill)', 'fill', 'taker'],
  ['cancel (DELETE)', 'cancel', 'cancel'],
  ['amend (keepPriority)', 'amend', 'amend'],
  ['cancel gRPC (CancelOrder)', 'grpcCancel', 'grpc-cancel'],
  ['amend gRPC (AmendOrder)', 'grpcAmend', 'grpc-amend'],
  ['quotes placed (PlaceOrders, ack per call)', 'quoteAck', 'quote'],
  ['quotes cancelled (CancelAll)', 'quoteCancel', 'quote-cancel'],
] as const;

interface WsResult {
  subscribers: number;
  open: number;
  failed: number;
  other: number;
  cpuS: number;
  elapsedS: number;
  trade: HistogramJson;
  depth: HistogramJson;
  /** Delivery split by hop (bench-worker.ts `HopClock`), when the streams are of one of the traded markets. */
  hops?: Record<HopName, HistogramJson>;
}

/** The hop rows: from the engine's event on NATS, from market-data's message, and the order path before them. */
const HOPS = [
  ['trade: order intake (T) → engine event on NATS', 'orderPath'],
  ['trade: engine event on NATS → subscriber', 'tradeFromEvt'],
  ['trade: market-data message → subscriber', 'tradeFromMd'],
  ['depth: engine event on NATS → subscriber', 'depthFromEvt'],
  ['depth: market-data diff → subscriber', 'depthFromMd'],
] as const;
type HopName = (typeof HOPS)[number][1];

interface Worker<T> {
  /** The first line it prints (a WebSocket worker's `{"ready":…}`). */
  firstLine: Promise<string>;
  result: Promise<T>;
  /** Closes its standard input: a WebSocket worker stops measuring and reports. */
  finish(): void;
}

function worker<T>(job: Record<string, unknown>): Worker<T> {
  const child = spawn(
    process.execPath,
    ['tools/run.cjs', 'tools/reliability/src/bench-worker.ts', JSON.stringify(job)],
    {
      cwd: WORKSPACE_ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let onLine!: (line: string) => void;
  const firstLine = new Promise<string>((resolve) => (onLine = resolve));
  child.stdout!.on('data', (c) => {
    out += String(c);
    if (out.includes('\n')) onLine(out.slice(0, out.indexOf('\n')));
  });
  const result = once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`bench worker exited ${code}: ${out}`);
    return JSON.parse(out.trim().split('\n').at(-1)!) as T;
  });
  return { firstLine, result, finish: () => child.stdin!.end() };
}

/** Histograms of several workers added up: the exact quantiles of all their samples (to 0.1 ms). */
function merged(all: HistogramJson[]): Quantiles {
  const sum = new LatencyHistogram();
  for (const h of all) sum.add(LatencyHistogram.fromJSON(h));
  return sum.quantiles();
}

/** The servers of the run whose CPU the steps report beside the services' (`pathCpuSampler`). */
const SERVERS = ['postgres', 'nats-server', 'redis-server'] as const;

const ms = (q: Quantiles) => (q.n ? `${q.p50.toFixed(1)} / ${q.p99.toFixed(1)} / ${q.p999.toFixed(1)}` : '-');
/** CPU per unit: to 0.1 µs below 100 µs (a message costs a few), whole µs above. */
const us = (cpuS: number, n: number) => {
  if (!n) return '-';
  const perUnit = (cpuS / n) * 1e6;
  return `${perUnit < 100 ? perUnit.toFixed(1) : Math.round(perUnit)} µs`;
};
const load = () =>
  loadavg()
    .slice(0, 1)
    .map((l) => l.toFixed(1))
    .join('');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rates: { type: 'string', default: '100,200,400' },
      'step-s': { type: 'string', default: '20' },
      // Orders at the first rate before the first step, not measured (0: none).
      'warmup-s': { type: 'string', default: '10' },
      processes: { type: 'string', default: '4' },
      subscribers: { type: 'string', default: '200' },
      'ws-processes': { type: 'string', default: '1' },
      // Gateway processes (pods behind a balancer): load and WebSocket process i talks to gateway i mod n.
      gateways: { type: 'string', default: '1' },
      streams: { type: 'string', default: 'btcusdt@trade' },
      markets: { type: 'string', default: 'BTC-USDT,ETH-USDT' },
      // The pairs' price per market (on its tick grid); resting orders go 10 % below it.
      prices: { type: 'string', default: 'BTC-USDT=30000.00,ETH-USDT=2000.00,ETH-BTC=0.050000' },
      // Half of them (rounded up) makers, the other half takers.
      'users-per-process': { type: 'string', default: '4' },
      'cancel-share': { type: 'string', default: '0.2' },
      'amend-share': { type: 'string', default: '0.1' },
      'grpc-share': { type: 'string', default: '0.2' },
      // Cancel and amend flows through gRPC (PlaceOrder, AmendOrder, CancelOrder) instead of REST.
      'grpc-resting-share': { type: 'string', default: '0' },
      // Quote flows: --quote-size resting BUYs by one PlaceOrders call, then one CancelAll, by each process's quoters.
      'quote-share': { type: 'string', default: '0' },
      'quote-size': { type: 'string', default: '20' },
      'quoters-per-process': { type: 'string', default: '2' },
      seed: { type: 'string', default: '1' },
      // `shared`: the load processes send and receive as they did before load-client.ts (to compare their cost).
      client: { type: 'string', default: 'load' },
      // A directory for every service's V8 CPU profile (tools/bench/cpu-profile.cjs, written when the run stops).
      'cpu-prof': { type: 'string' },
      // More gateway environment for an A/B, `NAME=value,NAME=value` (e.g. ORDER_SUBMIT_TOGETHER=false).
      'gateway-env': { type: 'string', default: '' },
    },
  });
  const rates = values.rates.split(',').map(Number);
  const stepMs = Number(values['step-s']) * 1000;
  const warmupMs = Number(values['warmup-s']) * 1000;
  if (!(warmupMs >= 0)) throw new Error('--warmup-s must be 0 or more');
  const processes = Number(values.processes);
  const subscriberCounts = values.subscribers.split(',').map(Number);
  const wsProcesses = Number(values['ws-processes']);
  const gatewayCount = Number(values.gateways);
  if (!(Number.isInteger(gatewayCount) && gatewayCount >= 1)) throw new Error('--gateways must be 1 or more');
  const streams = values.streams.split(',');
  const markets = values.markets.split(',');
  const prices = new Map(values.prices.split(',').map((p) => p.split('=') as [string, string]));
  const usersPerProcess = Number(values['users-per-process']);
  if (!(usersPerProcess >= 2)) throw new Error('--users-per-process must be 2 or more (makers and takers)');
  const makersPerProcess = Math.ceil(usersPerProcess / 2);
  const shares = {
    cancelShare: Number(values['cancel-share']),
    amendShare: Number(values['amend-share']),
    grpcShare: Number(values['grpc-share']),
    grpcRestingShare: Number(values['grpc-resting-share']),
    quoteShare: Number(values['quote-share']),
    quoteSize: Number(values['quote-size']),
  };
  const quotersPerProcess = Number(values['quoters-per-process']);
  if (!(Number.isInteger(shares.quoteSize) && shares.quoteSize >= 1 && shares.quoteSize <= 50))
    throw new Error('--quote-size must be from 1 to 50 (one PlaceOrders call)');
  if (shares.quoteShare > 0 && !(quotersPerProcess >= 1))
    throw new Error('--quoters-per-process must be 1 or more with quote flows');
  const seed = Number(values.seed);

  const ex = new ReliabilityExchange(
    markets.join(','),
    values['cpu-prof'] ? cpuProfileEnv(values['cpu-prof']) : {},
  );
  process.stderr.write('bench:load: starting the exchange\n');
  const gatewayEnv = {
    ORDER_LIMIT_PER_10S: '1000000',
    ORDER_LIMIT_PER_DAY: '100000000',
    RATE_LIMIT_WEIGHT_PER_MINUTE: '100000000',
    ...envPairs(values['gateway-env']),
  };
  const starting = ex.start({ gateway: gatewayEnv });
  // Ctrl-C or a timeout still removes the processes, databases and folders of the run.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void ex.stop().finally(() => process.exit(130)));
  await starting.catch(async (error: unknown) => {
    await ex.stop();
    throw error;
  });
  try {
    // More gateways beside the first, as pods behind a balancer: the same services and Redis counters.
    const gateways = [{ base: ex.base, grpc: ex.grpc, process: ex.process('gateway') }];
    for (let i = 1; i < gatewayCount; i++) {
      const extra = await ex.startGatewayProcess(gatewayEnv);
      const grpc = await extra.process.waitForLog((line) => line['msg'] === 'grpc listening');
      gateways.push({ base: extra.base, grpc: `127.0.0.1:${String(grpc['port'])}`, process: extra.process });
    }
    /** A service's CPU seconds so far; the gateway's is every gateway process's. */
    const serviceCpu = (service: (typeof SERVICES)[number]) =>
      (service === 'gateway'
        ? gateways.reduce((sum, g) => sum + cpuOrZero(g.process.child.pid), 0)
        : cpuOrZero(ex.process(service).child.pid)) / 1e6;
    /** The CPU seconds so far of the run's PostgreSQL backends, and of its nats-server and redis-server. */
    const pathCpu = pathCpuSampler(ex);
    const serverCpu = (): number[] => {
      const us = pathCpu();
      return SERVERS.map((server) => us[server]! / 1e6);
    };
    const client = new GatewayClient(ex.base);
    // Each market's orders from its filters in exchangeInfo, so that every order is valid.
    const info = await client.http<Parameters<typeof symbolFilters>[0]>('GET', '/api/v3/exchangeInfo');
    if (info.status !== 200) throw new Error(`exchangeInfo: ${info.status}`);
    const plans = markets.map((m) => {
      const price = prices.get(m);
      if (!price) throw new Error(`no --prices entry for ${m}`);
      const symbol = m.replace('-', '');
      return marketPlan(symbol, symbolFilters(info.body, symbol), price);
    });
    const bases = [...new Set(markets.map((m) => m.split('-')[0]!))];
    const quotes = [...new Set(markets.map((m) => m.split('-')[1]!))];
    const users: { makers: Trader[]; takers: Trader[]; quoters: Trader[] }[] = [];
    for (let i = 0; i < processes; i++) {
      const makers: Trader[] = [];
      const takers: Trader[] = [];
      const quoters: Trader[] = [];
      for (let u = 0; u < (shares.quoteShare > 0 ? quotersPerProcess : 0); u++) {
        const trader = await client.trader(`quoter${i}-${u}@example.com`);
        for (const asset of quotes) await client.faucet(trader, asset, '100000000');
        quoters.push(trader);
      }
      for (let u = 0; u < usersPerProcess; u++) {
        const maker = u < makersPerProcess;
        const trader = await client.trader(`${maker ? 'maker' : 'taker'}${i}-${u}@example.com`);
        for (const asset of maker ? bases : quotes)
          await client.faucet(trader, asset, maker ? '1000' : '100000000');
        (maker ? makers : takers).push(trader);
      }
      users.push({ makers, takers, quoters });
    }
    const rows: string[] = [];
    const operationRows: string[] = [];
    const hopRows: string[] = [];
    // The streams' market, when they are all of one traded market: its deliveries are also split by hop.
    const streamSymbols = new Set(streams.map((s) => s.split('@')[0]!.toUpperCase()));
    const hopMarket =
      streamSymbols.size === 1 ? markets.find((m) => streamSymbols.has(m.replace('-', ''))) : undefined;
    /** The load processes, each with its users, at `rate` orders/s in all for `durationMs`; their results. */
    const orders = (rate: number, durationMs: number, seedBase: number) =>
      Promise.all(
        users.map(
          ({ makers, takers, quoters }, p) =>
            worker<OrdersResult>({
              kind: 'orders',
              base: gateways[p % gateways.length]!.base,
              grpc: gateways[p % gateways.length]!.grpc,
              makers: makers.map((t) => t.key),
              takers: takers.map((t) => t.key),
              quoters: quoters.map((t) => t.key),
              markets: plans,
              seed: seedBase + p,
              ...shares,
              rate: rate / processes,
              durationMs,
              maxInFlight: 64,
              client: values.client,
            }).result,
        ),
      );
    // Not measured: the services' code paths compiled and optimised by V8 before the first step (in 15 s steps, the
    // first one's latencies were 1.5-3 times those of a 30 s step at the same rate), at the first rate.
    if (warmupMs > 0) {
      process.stderr.write(`bench:load: warming up at ${rates[0]} orders/s for ${warmupMs / 1000} s\n`);
      await orders(rates[0]!, warmupMs, seed * 1_000_003 - 1009);
    }
    for (const subscribers of subscriberCounts) {
      for (const rate of rates) {
        process.stderr.write(
          `bench:load: ${subscribers} subscribers, ${rate} orders/s for ${stepMs / 1000} s (load ${load()})\n`,
        );
        // Subscribers first, spread over the WebSocket processes; the step starts once they are all connected.
        const wsWorkers = Array.from({ length: subscribers ? wsProcesses : 0 }, (_, w) =>
          worker<WsResult>({
            kind: 'ws',
            base: gateways[w % gateways.length]!.base,
            streams,
            client: values.client,
            subscribers: Math.floor(subscribers / wsProcesses) + (w < subscribers % wsProcesses ? 1 : 0),
            hops: hopMarket && { nats: ex.natsUrl, prefix: ex.run, market: hopMarket },
          }),
        );
        await Promise.all(wsWorkers.map((w) => w.firstLine));
        const loadBefore = load();
        const cpuBefore = SERVICES.map(serviceCpu);
        const serversBefore = serverCpu();
        const started = Date.now();
        // Every process and step its own sequence, the same in every run with the same --seed.
        const orderResults = await orders(rate, stepMs, seed * 1_000_003 + rows.length * 1009);
        // Deliveries of the last trades still on their way are counted too (a second, not in the CPU window).
        const elapsedS = (Date.now() - started) / 1000;
        const cpuUsed = SERVICES.map((s, i) => serviceCpu(s) - cpuBefore[i]!);
        const serversUsed = serverCpu().map((cpu, i) => cpu - serversBefore[i]!);
        const loadAfter = load();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        for (const w of wsWorkers) w.finish();
        // The gateway's CPU over the subscribers' whole measuring window (orders and all), per message delivered.
        const gatewayCpu = serviceCpu('gateway') - cpuBefore[SERVICES.indexOf('gateway')]!;
        const wsResults = await Promise.all(wsWorkers.map((w) => w.result));
        const share = (cpuS: number) => `${((cpuS / elapsedS) * 100).toFixed(0)}%`;
        const cpu = [
          ...SERVICES.map((s, i) => `${s} ${share(cpuUsed[i]!)}`),
          ...SERVERS.map((s, i) => `${s} ${share(serversUsed[i]!)}`),
        ];
        const errors: Record<string, number> = {};
        for (const r of orderResults)
          for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
        const accepted = orderResults.reduce((a, r) => a + r.acceptedPerS, 0);
        const skipped = orderResults.reduce((a, r) => a + r.skipped, 0);
        const sent = orderResults.reduce((a, r) => a + r.sent, 0);
        const ordersCpu = orderResults.reduce((a, r) => a + r.cpuS, 0);
        // Every process but the subscribers', per accepted order: the services, the servers and the load processes.
        const allCpu = [...cpuUsed, ...serversUsed, ordersCpu].reduce((a, b) => a + b, 0);
        const trade = merged(wsResults.map((r) => r.trade));
        const depth = merged(wsResults.map((r) => r.depth));
        const deliveries = trade.n + depth.n;
        const wsCpu = wsResults.reduce((a, r) => a + r.cpuS, 0);
        const open = wsResults.reduce((a, r) => a + r.open, 0);
        const wsS = Math.max(0, ...wsResults.map((r) => r.elapsedS));
        rows.push(
          `| ${subscribers} | ${rate} | ${accepted.toFixed(0)} | ${ms(merged(orderResults.map((r) => r.ack)))} | ${ms(merged(orderResults.map((r) => r.fill)))} | ${open}/${subscribers}, ${wsS ? (deliveries / wsS).toFixed(0) : 0}/s | ${ms(trade)} | ${ms(depth)} | ${us(gatewayCpu, deliveries)} | ${skipped} | ${JSON.stringify(errors)} | ${cpu.join(', ')} | ${us(ordersCpu, sent)} / order, ${us(wsCpu, deliveries)} / msg | ${us(allCpu, accepted * elapsedS)} | ${loadBefore} → ${loadAfter} |`,
        );
        process.stderr.write(`${rows.at(-1)}\n`);
        const flows: Record<string, number> = {};
        for (const r of orderResults)
          for (const [k, v] of Object.entries(r.flows)) flows[k] = (flows[k] ?? 0) + v;
        const orderS = Math.max(...orderResults.map((r) => r.elapsedS));
        for (const [name, field, prefix] of OPERATIONS) {
          const q = merged(orderResults.map((r) => r[field]));
          const opErrors = Object.fromEntries(
            Object.entries(errors).filter(([k]) => k.startsWith(`${prefix} `)),
          );
          operationRows.push(
            `| ${subscribers} | ${rate} | ${name} | ${q.n} | ${(q.n / orderS).toFixed(0)} | ${ms(q)} | ${JSON.stringify(opErrors)} |`,
          );
        }
        operationRows.push(
          `| ${subscribers} | ${rate} | flows started | ${JSON.stringify(flows)} | | | ${JSON.stringify(Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('network '))))} |`,
        );
        for (const [name, key] of HOPS) {
          const all = wsResults.flatMap((r) => (r.hops ? [r.hops[key]] : []));
          if (all.length) hopRows.push(`| ${subscribers} | ${rate} | ${name} | ${ms(merged(all))} |`);
        }
      }
    }
    const header = [
      `bench:load, ${new Date().toISOString()}, nproc ${cpus().length}, node ${process.version}; ${processes} order processes of ${usersPerProcess} users on ${markets.join(' + ')} (seed ${seed}; of the flows ${shares.cancelShare} place+cancel, ${shares.amendShare} place+amend+cancel, ${shares.quoteShare} quotes of ${shares.quoteSize} by PlaceOrders then CancelAll, the rest fill pairs, ${shares.grpcShare} of their makers through gRPC, ${shares.grpcRestingShare} of the cancel and amend flows through gRPC), ${wsProcesses} WebSocket processes on ${streams.join(' + ')}, ${gatewayCount} gateway process${gatewayCount > 1 ? 'es' : ''}, ${stepMs / 1000} s per step after ${warmupMs / 1000} s of warm-up, ${values.client} client`,
      '',
      '| subscribers | target orders/s | accepted orders/s | order-to-ack ms p50 / p99 / p999 | order-to-fill ms p50 / p99 / p999 | WS open, messages | trade delivery ms p50 / p99 / p999 | depth delivery ms p50 / p99 / p999 | gateway CPU / message | flows skipped (64 in flight) | errors | CPU per service and server | load generator CPU | CPU per accepted order, all but subscribers | load average |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ];
    const operations = [
      '',
      'Per operation (only correct answers counted; errors by operation and code or status):',
      '',
      '| subscribers | target orders/s | operation | n | per s | latency ms p50 / p99 / p999 | errors |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    ];
    const hopsTable = hopRows.length
      ? [
          '',
          'Delivery by hop (each WebSocket process also listens to the engine events and market-data messages on NATS; the trade and depth delivery above is from `T` / `E`, the wallet intake clock):',
          '',
          '| subscribers | target orders/s | hop | ms p50 / p99 / p999 |',
          '| --- | --- | --- | --- |',
          ...hopRows,
        ]
      : [];
    process.stdout.write(
      `${[...header, ...rows, ...operations, ...operationRows, ...hopsTable].join('\n')}\n`,
    );
  } finally {
    await ex.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:load: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
