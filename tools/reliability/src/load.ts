import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { WORKSPACE_ROOT } from '@exchange/shared-util-testing';

import { type GatewayClient, type Trader } from './client';

interface StatsLine {
  type: 'stats';
  final?: boolean;
  totals: { ordersSent: number; ordersAcked: number; ordersFilled: number; errors: number };
  errors: Record<string, number>;
}

function runTool(args: string[]): ChildProcess {
  return spawn(process.execPath, ['tools/run.cjs', ...args], {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * The loadgen bots (a market maker and takers on two markets, the demo's traders) as a child process: the modest
 * load every fault scenario runs under.
 */
export class BotLoad {
  private child?: ChildProcess;
  private exited?: Promise<unknown[]>;
  private readonly stderr: string[] = [];
  /** The latest stats line. */
  last?: StatsLine;
  /** Error counts by code over the whole run (from every stats line). */
  readonly errors: Record<string, number> = {};

  constructor(
    private readonly base: string,
    private readonly dir: string,
    readonly takers = 2,
    readonly rate = 3,
  ) {}

  get credentials(): string {
    return path.join(this.dir, 'credentials.json');
  }

  /** The demo users and keys through the public API, as `npm start` makes them. */
  async seed(): Promise<void> {
    const seed = runTool([
      'tools/loadgen/src/demo-main.ts',
      'seed',
      this.base,
      this.credentials,
      'BTCUSDT,ETHUSDT',
    ]);
    let output = '';
    seed.stderr!.on('data', (c) => (output += String(c)));
    seed.stdout!.on('data', (c) => (output += String(c)));
    const [code] = await once(seed, 'exit');
    if (code !== 0) throw new Error(`demo seed exited ${code}: ${output}`);
  }

  /** Starts the bots; again after `stop` too (their counts then start from zero: `last` is the new run's). */
  start(): void {
    this.last = undefined;
    const child = runTool([
      'tools/loadgen/src/main.ts',
      ...['--base-url', this.base, '--credentials', this.credentials, '--markets', 'BTCUSDT,ETHUSDT'],
      ...['--seed', '14', '--maker', '--takers', String(this.takers), '--rate', String(this.rate)],
      ...[
        '--requote-ms',
        '500',
        '--start-prices',
        'BTCUSDT=30000,ETHUSDT=2000',
        '--stats-interval-ms',
        '1000',
      ],
    ]);
    this.child = child;
    this.exited = once(child, 'exit');
    createInterface({ input: child.stderr! }).on('line', (l) => this.stderr.push(l));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      let line: { type?: string };
      try {
        line = JSON.parse(text) as { type?: string };
      } catch {
        return;
      }
      if (line.type !== 'stats') return;
      const stats = line as StatsLine;
      this.last = stats;
      for (const [code, n] of Object.entries(stats.errors)) this.errors[code] = (this.errors[code] ?? 0) + n;
    });
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the bots have had `fills` orders filled in all (rejects if they exit). */
  async waitFills(fills: number, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.last?.totals.ordersFilled ?? 0) < fills) {
      if (!this.running) throw new Error(`loadgen exited: ${this.stderr.slice(-10).join('\n')}`);
      if (Date.now() > deadline) throw new Error(`loadgen: fewer than ${fills} fills in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** SIGINT (the maker cancels its quotes) and the final stats. */
  async stop(): Promise<StatsLine | undefined> {
    if (this.running) {
      this.child!.kill('SIGINT');
      await this.exited;
    }
    return this.last;
  }

  summary(): string {
    const t = this.last?.totals;
    return t
      ? `maker + ${this.takers} takers x ${this.rate}/s: ${t.ordersAcked}/${t.ordersSent} orders acked, ${t.ordersFilled} filled`
      : `maker + ${this.takers} takers x ${this.rate}/s`;
  }
}

interface WitnessOrder {
  orderId: number;
  symbol: string;
  /** `sent` when a cancel went out without an answer (it may or may not have happened), `acked` when answered. */
  cancel: 'none' | 'sent' | 'acked';
}

/**
 * A client that writes through the fault and remembers every acknowledgement: resting BUY orders far below the
 * market (one in three cancelled again). Afterwards every acknowledged order must read back in a state its
 * acknowledgements allow (open or filled; CANCELED exactly when a cancel was acknowledged, or possibly when one went
 * out unanswered): an acknowledged write that is gone or contradicted is data lost.
 */
export class Witness {
  private readonly acked: WitnessOrder[] = [];
  private stopping = false;
  private loop?: Promise<void>;
  sent = 0;
  failed = 0;
  /** When the last order was acknowledged. */
  lastAckAt = 0;

  constructor(
    private readonly client: GatewayClient,
    private readonly trader: Trader,
  ) {}

  /** Places orders until `stop`; may start again after it (what it acknowledged before is kept). */
  start(everyMs = 250): void {
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        await this.placeOne().catch(() => (this.failed += 1));
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  get acknowledged(): number {
    return this.acked.length;
  }

  /** Waits for an acknowledgement after `since` (epoch ms); resolves with its time. */
  async ackAfter(since: number, timeoutMs = 180_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.lastAckAt <= since) {
      if (Date.now() > deadline) throw new Error(`no order acknowledged within ${timeoutMs} ms of the fault`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.lastAckAt;
  }

  private async placeOne(): Promise<void> {
    this.sent += 1;
    const symbol = this.sent % 2 ? 'BTCUSDT' : 'ETHUSDT';
    const [price, quantity] = symbol === 'BTCUSDT' ? ['1000.00', '0.01'] : ['100.00', '0.1'];
    const res = await this.client.signed<{ orderId: number; status: string }>(
      'POST',
      'order',
      { symbol, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity, newOrderRespType: 'RESULT' },
      this.trader.key,
    );
    if (res.status !== 200) {
      this.failed += 1;
      return;
    }
    const order: WitnessOrder = { orderId: res.body.orderId, symbol, cancel: 'none' };
    this.acked.push(order);
    this.lastAckAt = Date.now();
    if (this.sent % 3 === 0) {
      order.cancel = 'sent';
      const cancel = await this.client.signed<{ status: string }>(
        'DELETE',
        'order',
        { symbol, orderId: order.orderId },
        this.trader.key,
      );
      if (cancel.status === 200) order.cancel = 'acked';
    }
  }

  /** Acknowledged orders that read back missing or in another state than their last acknowledgement. */
  async lost(): Promise<string[]> {
    const lost: string[] = [];
    for (const order of this.acked) {
      const res = await this.client.signed<{ status: string }>(
        'GET',
        'order',
        { symbol: order.symbol, orderId: order.orderId },
        this.trader.key,
      );
      // A cancel whose answer was lost in the fault may still have happened: only an acknowledged one must show.
      // The takers may fill a witness order (it can be the best bid for a moment): a fill is a legitimate end, but an
      // acknowledged cancel must show as CANCELED, and an order never cancelled cannot be CANCELED.
      const status = res.body.status;
      const expected = {
        none: ['NEW', 'PARTIALLY_FILLED', 'FILLED'],
        sent: ['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED'],
        acked: ['CANCELED'],
      }[order.cancel];
      const ok = res.status === 200 && expected.includes(status);
      if (!ok) lost.push(`${order.symbol} #${order.orderId}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return lost;
  }
}
