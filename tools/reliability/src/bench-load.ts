/**
 * `npm run bench:load [-- --rates 100,200,400 --step-s 20 --processes 4 --subscribers 200]`: the whole exchange as
 * processes (private Redis and NATS, shared PostgreSQL, limits raised), then for each total order rate: load
 * processes placing maker/taker pairs through REST `/api/v3` (open loop) while a WebSocket process holds
 * subscribers on `btcusdt@trade`. Prints, per step, the accepted orders/s, order-to-ack and order-to-fill
 * p50/p99/p999, WebSocket delivery p50/p99/p999 and each service's CPU use (from /proc), as a Markdown table.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

import { WORKSPACE_ROOT } from '@exchange/shared-util-testing';

import { GatewayClient, type Trader } from './client';
import { ReliabilityExchange, SERVICES } from './exchange';

interface Quantiles {
  n: number;
  p50: number;
  p99: number;
  p999: number;
}

interface OrdersResult {
  accepted: number;
  acceptedPerS: number;
  skipped: number;
  errors: Record<string, number>;
  ackMs: Quantiles;
  fillMs: Quantiles;
}

interface WsResult {
  subscribers: number;
  open: number;
  deliveries: number;
  deliveryMs: Quantiles;
}

function worker<T>(job: Record<string, unknown>): Promise<T> {
  const child = spawn(
    process.execPath,
    ['tools/run.cjs', 'tools/reliability/src/bench-worker.ts', JSON.stringify(job)],
    {
      cwd: WORKSPACE_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c) => (out += String(c)));
  return once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`bench worker exited ${code}: ${out}`);
    return JSON.parse(out.trim().split('\n').at(-1)!) as T;
  });
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const ms = (q: Quantiles) => (q.n ? `${q.p50.toFixed(1)} / ${q.p99.toFixed(1)} / ${q.p999.toFixed(1)}` : '-');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rates: { type: 'string', default: '100,200,400' },
      'step-s': { type: 'string', default: '20' },
      processes: { type: 'string', default: '4' },
      subscribers: { type: 'string', default: '200' },
    },
  });
  const rates = values.rates.split(',').map(Number);
  const stepMs = Number(values['step-s']) * 1000;
  const processes = Number(values.processes);
  const subscribers = Number(values.subscribers);

  const ex = new ReliabilityExchange('BTC-USDT');
  process.stderr.write('bench:load: starting the exchange\n');
  const starting = ex.start({
    gateway: {
      ORDER_LIMIT_PER_10S: '1000000',
      ORDER_LIMIT_PER_DAY: '100000000',
      RATE_LIMIT_WEIGHT_PER_MINUTE: '100000000',
    },
  });
  // Ctrl-C or a timeout still removes the processes, databases and folders of the run.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void ex.stop().finally(() => process.exit(130)));
  await starting.catch(async (error: unknown) => {
    await ex.stop();
    throw error;
  });
  try {
    const client = new GatewayClient(ex.base);
    const pairs: [Trader, Trader][] = [];
    for (let i = 0; i < processes; i++) {
      const maker = await client.trader(`maker${i}@example.com`);
      const taker = await client.trader(`taker${i}@example.com`);
      await client.faucet(maker, 'BTC', '1000');
      await client.faucet(taker, 'USDT', '100000000');
      pairs.push([maker, taker]);
    }
    const rows: string[] = [];
    for (const rate of rates) {
      process.stderr.write(`bench:load: ${rate} orders/s for ${stepMs / 1000} s\n`);
      const cpuBefore = SERVICES.map((s) => cpuSeconds(ex.process(s).child.pid));
      const started = Date.now();
      const [wsResult, ...orderResults] = await Promise.all([
        worker<WsResult>({ kind: 'ws', base: ex.base, subscribers, durationMs: stepMs + 2000 }),
        ...pairs.map(([maker, taker]) =>
          worker<OrdersResult>({
            kind: 'orders',
            base: ex.base,
            maker: maker.key,
            taker: taker.key,
            rate: rate / processes,
            durationMs: stepMs,
            maxInFlight: 64,
            price: '30000.00',
          }),
        ),
      ]);
      const elapsedS = (Date.now() - started) / 1000;
      const cpu = SERVICES.map(
        (s, i) =>
          `${s} ${(((cpuSeconds(ex.process(s).child.pid) - cpuBefore[i]!) / elapsedS) * 100).toFixed(0)}%`,
      );
      const merge = (pick: (r: OrdersResult) => Quantiles): Quantiles => {
        // The worst process's quantiles (the samples stay in the workers): an upper bound of the whole.
        const all = orderResults.map(pick).filter((q) => q.n);
        return {
          n: all.reduce((a, q) => a + q.n, 0),
          p50: Math.max(...all.map((q) => q.p50)),
          p99: Math.max(...all.map((q) => q.p99)),
          p999: Math.max(...all.map((q) => q.p999)),
        };
      };
      const errors: Record<string, number> = {};
      for (const r of orderResults)
        for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
      const accepted = orderResults.reduce((a, r) => a + r.acceptedPerS, 0);
      const skipped = orderResults.reduce((a, r) => a + r.skipped, 0);
      rows.push(
        `| ${rate} | ${accepted.toFixed(0)} | ${ms(merge((r) => r.ackMs))} | ${ms(merge((r) => r.fillMs))} | ${wsResult.open}/${wsResult.subscribers}, ${wsResult.deliveries} msgs: ${ms(wsResult.deliveryMs)} | ${skipped} | ${JSON.stringify(errors)} | ${cpu.join(', ')} |`,
      );
      process.stderr.write(`${rows.at(-1)}\n`);
    }
    const header = [
      `bench:load, ${new Date().toISOString()}, nproc ${cpus().length}, node ${process.version}; ${processes} order processes, ${subscribers} WebSocket subscribers, ${stepMs / 1000} s per step`,
      '',
      '| target orders/s | accepted orders/s | order-to-ack ms p50 / p99 / p999 | order-to-fill ms p50 / p99 / p999 | WS trades: open, delivered, ms p50 / p99 / p999 | pairs skipped (64 in flight) | errors | CPU per service |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ];
    process.stdout.write(`${[...header, ...rows].join('\n')}\n`);
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
