import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

// The chart tests' helper installs Debian's `prometheus` package (promtool and the server) when it is missing.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ensurePromtool } from '../../../../charts/exchange/test/promtool';

export interface ScrapeTarget {
  /** The app's name, set as the `service` label of the target (as the chart's ServiceMonitors do). */
  service: string;
  port: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A query result: one sample per series, labels and value. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

/**
 * A real Prometheus server (Debian's package) on a loopback port, scraping the given targets every second,
 * with its configuration and TSDB in a temporary folder that `stop` removes.
 */
export class PrometheusServer {
  private process?: ChildProcess;
  private dir = '';
  private output = '';
  base = '';

  async start(targets: ScrapeTarget[]): Promise<void> {
    await ensurePromtool();
    this.dir = await mkdtemp(join(tmpdir(), 'exchange-prometheus-'));
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: exchange',
      '    honor_labels: true',
      '    static_configs:',
      ...targets.flatMap((t) => [
        `      - targets: ['127.0.0.1:${t.port}']`,
        `        labels: { service: ${JSON.stringify(t.service)} }`,
      ]),
      '',
    ].join('\n');
    await writeFile(join(this.dir, 'prometheus.yml'), config);
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.process = spawn(
      'prometheus',
      [
        `--config.file=${join(this.dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      {
        env: { PATH: [process.env.PATH ?? '', '/usr/bin', '/usr/sbin', '/usr/local/bin'].join(delimiter) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.process.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    for (let attempt = 0; ; attempt++) {
      if (this.process.exitCode !== null) throw new Error(`prometheus exited: ${this.output}`);
      const ready = await fetch(`${this.base}/-/ready`).then(
        (res) => res.ok,
        () => false,
      );
      if (ready) return;
      if (attempt === 300) throw new Error(`prometheus did not get ready: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** An instant PromQL query through the HTTP API. */
  async query(promql: string): Promise<Sample[]> {
    const res = await fetch(`${this.base}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`${promql}: ${body.error ?? res.status}`);
    return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** The single value of a query that aggregates to one series (undefined while it has none). */
  async value(promql: string): Promise<number | undefined> {
    const [sample] = await this.query(promql);
    return sample?.value;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its folder. */
  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
