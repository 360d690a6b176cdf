/**
 * `bench:gateway`'s read load: `processes` child processes (`read-load.worker.ts`), each with its share of the
 * connections and requests on raw kept-alive HTTP/1.1 sockets to one of the gateways, started together once all are
 * connected. The rate counts complete, correct 200 answers only; errors are reported. With it come the client's own
 * CPU per answer (all its processes) and the gateways' (their `/proc/<pid>/stat`), so a figure shows what the
 * gateways served and what the client cost.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

import { processCpuUs } from '@exchange/shared-util-testing';

import { type ReadLoadJob, type ReadLoadResult } from './read-load.worker';

export interface ReadLoadOptions {
  /** The gateways' base URLs: load process i talks to `bases[i % bases.length]` (as a balancer spreads connections). */
  bases: string[];
  path: string;
  requests: number;
  /** Connections in all (one request in flight on each). */
  connections: number;
  processes: number;
  /** How every correct body starts. */
  expect: string;
  /** The gateways' process ids, for their CPU (summed). */
  gatewayPids: number[];
  /** Signed form POSTs (orders) instead of GETs; each process gets its own range of prices. */
  post?: NonNullable<ReadLoadJob['post']>;
  /** Other processes' CPU so far, in µs by name (services, PostgreSQL backends, nats-server), taken around the run. */
  otherCpuUs?: () => Record<string, number>;
}

export interface ReadLoadReport {
  ok: number;
  errors: number;
  firstError?: string;
  perSecond: number;
  p50: number;
  p99: number;
  /** The gateways' CPU per correct answer (all of them), in µs. */
  gatewayCpuUs: number;
  /** The client's CPU (every load process) per correct answer, in µs. */
  clientCpuUs: number;
  /** The `otherCpuUs` processes' CPU per correct answer, in µs by name. */
  otherCpuUs?: Record<string, number>;
}

/** The `p` quantile of ascending `sorted` values (NaN for none). */
export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (message['failed'] !== undefined) reject(new Error(`read load: ${String(message['failed'])}`));
      else if (message[key] === undefined) return;
      else resolve(message[key] as T);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`read load process exited (${code})`)));
  });
}

/** Runs the read load once and reports it. */
export async function runReadLoad(options: ReadLoadOptions): Promise<ReadLoadReport> {
  const urls = options.bases.map((base) => new URL(base));
  const gatewaysCpuUs = () => options.gatewayPids.reduce((sum, pid) => sum + processCpuUs(pid), 0);
  const children = Array.from({ length: options.processes }, () =>
    fork(join(__dirname, '../../../tools/run.cjs'), [join(__dirname, 'read-load.worker.ts')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  try {
    const share = (total: number, i: number) =>
      Math.floor(total / options.processes) + (i < total % options.processes ? 1 : 0);
    await Promise.all(
      children.map((child, i) => {
        const url = urls[i % urls.length]!;
        const job: ReadLoadJob = {
          host: url.hostname,
          port: Number(url.port),
          path: options.path,
          requests: share(options.requests, i),
          connections: Math.max(1, share(options.connections, i)),
          expect: options.expect,
          ...(options.post && {
            post: {
              ...options.post,
              priceFrom: options.post.priceFrom + i * Math.floor(options.post.prices / options.processes),
              prices: Math.floor(options.post.prices / options.processes),
            },
          }),
        };
        const ready = nextMessage(child, 'ready');
        child.send({ job });
        return ready;
      }),
    );
    const othersBefore = options.otherCpuUs?.();
    const gatewayBefore = gatewaysCpuUs();
    const started = performance.now();
    const results = await Promise.all(
      children.map((child) => {
        const result = nextMessage<ReadLoadResult>(child, 'result');
        child.send({ go: true });
        return result;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const gatewayUs = gatewaysCpuUs() - gatewayBefore;
    const othersAfter = options.otherCpuUs?.();
    const ok = results.reduce((sum, r) => sum + r.ok, 0);
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    return {
      ok,
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      firstError: results.find((r) => r.firstError)?.firstError,
      perSecond: ok / seconds,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      gatewayCpuUs: gatewayUs / ok,
      clientCpuUs: results.reduce((sum, r) => sum + r.cpuUs, 0) / ok,
      ...(othersBefore &&
        othersAfter && {
          otherCpuUs: Object.fromEntries(
            Object.entries(othersAfter).map(([name, us]) => [name, (us - (othersBefore[name] ?? 0)) / ok]),
          ),
        }),
    };
  } finally {
    for (const child of children) child.kill();
  }
}
