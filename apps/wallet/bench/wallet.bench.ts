/**
 * Wallet benchmark against real PostgreSQL and NATS, the wallet as a real process on a scratch database and
 * subject/stream prefix (removed after):
 *
 * 1. Intake: `wallet.cmd.submit-order.v1` requests (LIMIT buys and sells on BTC-USDT; the submissions arriving
 *    together are one group, stored by one statement: holds under row locks, order rows and outbox rows),
 *    `--concurrency` in flight, spread over `--users` users; submissions/s with p50/p99 per request, the wallet
 *    process's CPU per order, and how long the outbox relay takes to put every place command into `CMD` (a
 *    group's commands of one market go as one batch message).
 * 1b. Cancels: `wallet.cmd.cancel-order.v1` requests for `--cancels` of those orders (by number, as the gateway's
 *    DELETE /api/v3/order names them), `--concurrency` in flight: cancels/s with p50/p99, the wallet process's and
 *    PostgreSQL's CPU per cancel, and how long the relay takes to put every cancel command into `CMD`. The orders
 *    stay open (no engine runs), so settlement below is unchanged.
 * 1c. Amends: `--amends` more resting LIMIT buys (below the pairs' price: no trade of phase 2 touches them), then a
 *    `wallet.cmd.amend-order.v1` request for each (down to half its quantity), `--concurrency` in flight: the same
 *    figures per amend.
 * 2. Settlement: the wallet is stopped, `--trades` trades between those orders (buys take from sells, 1 lot each,
 *    the last trade of a pair fills both and releases what remains of the holds; a pair's buyer and seller are two
 *    users, so no trade is a self-trade) are queued in `EVT` as 100-event batches, the wallet is started again and
 *    the backlog is timed from its start to the cursor reaching the last event with every order update published:
 *    settled trades/s. Then the same from the first commit seen on (no process start), with the CPU time per trade
 *    of the wallet process and of the PostgreSQL backends of the run's database: what settlement costs whatever else
 *    the machine runs. Reconciliation must come out clean. `--settlement-batch` is the settling wallet's
 *    `WALLET_SETTLEMENT_BATCH` (1,000 messages by default); `--settle-node-options` is NODE_OPTIONS for the settling
 *    process (a profiler preload, say).
 *    `--auto-explain 5ms` logs the plans of the wallet's statements slower than that, nested ones included, to
 *    PostgreSQL's server log (`auto_explain`, loaded by each connection of the run's database).
 *
 *   node tools/run.cjs apps/wallet/bench/wallet.bench.ts [--orders 20000] [--cancels 5000] [--amends 5000]
 *     [--trades 100000] [--concurrency 64] [--users 200]
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { connect } from 'nats';
import { Client, escapeLiteral } from 'pg';
import { firstValueFrom } from 'rxjs';

import {
  evtSubject,
  type MatchingEventBatch,
  type MatchingEventMessage,
  type ReconcileReply,
  STREAMS,
  type SubmitOrderReply,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const MARKET = 'BTC-USDT';
const PRICE_TICKS = 3_000_000; // 30000.00
/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '20000' },
    trades: { type: 'string', default: '100000' },
    cancels: { type: 'string', default: '5000' },
    amends: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '64' },
    users: { type: 'string', default: '200' },
    /** NODE_OPTIONS for the wallet process taking the orders, e.g. `--require <a profiler preload>`. */
    'intake-node-options': { type: 'string' },
    /** NODE_OPTIONS for the settling wallet process, e.g. `--require <a profiler preload>`. */
    'settle-node-options': { type: 'string' },
    /**
     * A duration such as `5ms`: every wallet connection loads `auto_explain` and logs the plan of each statement that
     * takes longer, nested ones included (the intake function's and the checks' own), to PostgreSQL's server log.
     */
    'auto-explain': { type: 'string' },
    /** Most event messages (of 100 trades) the settling wallet applies in one transaction (`WALLET_SETTLEMENT_BATCH`). */
    'settlement-batch': { type: 'string', default: '1000' },
  },
});
const ORDERS = Number(values.orders) - (Number(values.orders) % 2);
const PAIRS = ORDERS / 2;
const LOTS = Math.max(1, Math.ceil(Number(values.trades) / PAIRS)); // lots per order = trades per pair
const TRADES = PAIRS * LOTS;
const CANCELS = Math.min(ORDERS, Number(values.cancels));
const AMENDS = Number(values.amends);
const CONCURRENCY = Number(values.concurrency);
const USERS = Number(values.users);
if (USERS < 2) throw new Error('--users must be at least 2 (a trade needs a buyer and a distinct seller)');

function percentiles(latencies: number[]) {
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { p50: pct(0.5), p99: pct(0.99) };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) so far of each PostgreSQL backend serving the database `name` (/proc, same host). */
async function postgresCpu(db: Client, name: string): Promise<Map<number, number>> {
  const { rows } = await db.query(
    `select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
    [name],
  );
  const out = new Map<number, number>();
  for (const { pid } of rows as { pid: number }[]) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields) out.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
  }
  return out;
}

/** Settings of the run's database, so that each connection the wallet opens logs the plans of slow statements. */
async function autoExplain(name: string, minDuration: string): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    const settings = [
      [`session_preload_libraries`, 'auto_explain'],
      ['auto_explain.log_min_duration', minDuration],
      ['auto_explain.log_nested_statements', 'on'],
      ['auto_explain.log_analyze', 'on'],
    ];
    for (const [setting, value] of settings) {
      await admin.query(`alter database "${name}" set ${setting} = ${escapeLiteral(value!)}`);
    }
  } finally {
    await admin.end();
  }
}

/** Runs `send(0)` … `send(count - 1)`, CONCURRENCY at a time; the latency of each, in ms. */
async function timedRequests(count: number, send: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const start = process.hrtime.bigint();
        await send(i);
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  return latencies;
}

async function poll<T>(read: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not done in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const run = `b_wallet_${process.pid}_${randomBytes(3).toString('hex')}`;
  const names = new NatsNames(run);
  await createDatabase(SERVER_URL, run);
  if (values['auto-explain']) await autoExplain(run, values['auto-explain']);
  const env = {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    WALLET_SETTLEMENT_BATCH: values['settlement-batch'],
    WALLET_RECONCILE_INTERVAL_MS: '0',
  };
  const start = async (extra: Record<string, string> = {}): Promise<ServiceProcess> => {
    const p = startServiceProcess('apps/wallet/src/main.ts', { ...env, LOG_LEVEL: 'info', ...extra });
    await p.waitForLog((line) => line.msg === 'listening');
    return p;
  };
  const intakeOptions = values['intake-node-options'];
  let wallet: ServiceProcess;
  try {
    wallet = await start(intakeOptions ? { NODE_OPTIONS: intakeOptions } : {});
  } catch (error) {
    // A wallet that does not come up (a build that fails to load, say) leaves no scratch database or streams behind.
    const admin = await connect({ servers: NATS_URL });
    await new JetStreamAdmin(await admin.jetstreamManager(), names).deleteAllWithPrefix();
    await admin.close();
    await dropDatabase(SERVER_URL, run);
    throw error;
  }
  const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  await client.connect();
  const nc = await connect({ servers: NATS_URL });
  const db = new Client({ connectionString: databaseUrl(SERVER_URL, run) });
  await db.connect();
  const rpc = <T>(subject: string, payload: unknown) =>
    firstValueFrom(client.send<T>(names.subject(subject), payload));
  /** Waits until the relay has emptied the outbox (it deletes each row once JetStream acknowledged its message). */
  const relayed = (what: string) =>
    poll(
      async () => {
        const { rows } = await db.query(`select count(*)::int as n from outbox`);
        return (rows[0] as { n: number }).n === 0 ? true : undefined;
      },
      600_000,
      what,
    );
  try {
    console.log(
      `wallet bench: ${ORDERS} orders (${USERS} users, ${CONCURRENCY} in flight), ${TRADES} trades (${LOTS} per pair)`,
    );
    // Order i belongs to user i mod USERS: a pair's buy (even i) and sell (odd i) have distinct owners (USERS > 1),
    // so each trade moves a buyer's and a seller's accounts (7 journal entries, not a self-trade's 6).
    const userOf = (i: number) => `bench-${i % USERS}`;
    for (let u = 0; u < USERS; u++) {
      await rpc(WALLET_SUBJECTS.cmd.faucetDeposit, {
        userId: `bench-${u}`,
        asset: 'USDT',
        amount: '100000000',
        idempotencyKey: 'u',
      });
      await rpc(WALLET_SUBJECTS.cmd.faucetDeposit, {
        userId: `bench-${u}`,
        asset: 'BTC',
        amount: '100000',
        idempotencyKey: 'b',
      });
    }

    // 1. Intake: even i buys, odd i sells, LOTS lots of 0.0001 BTC at 30000.
    const quantity = (LOTS / 10_000).toFixed(4);
    const placed: SubmitOrderReply[] = new Array(ORDERS);
    const cpu0 = cpuSeconds(wallet.child.pid);
    const pg0 = await postgresCpu(db, run);
    const bench0 = process.cpuUsage();
    const load0 = loadavg()[0]!;
    const t0 = process.hrtime.bigint();
    const latencies = await timedRequests(ORDERS, async (i) => {
      placed[i] = await rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, {
        userId: userOf(i),
        clientOrderId: `o${i}`,
        symbol: MARKET,
        side: i % 2 === 0 ? 'BUY' : 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '30000.00',
        quantity,
      });
    });
    const intakeSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu1 = cpuSeconds(wallet.child.pid);
    const pg1 = await postgresCpu(db, run);
    const bench1 = process.cpuUsage(bench0);
    const load1 = loadavg()[0]!;
    const cmd = names.stream(STREAMS.CMD.name);
    const jsm = await nc.jetstreamManager();
    // Relayed = gone from the outbox, which the relay commits once JetStream acknowledged the message (a batch
    // message carries a group's commands, so CMD holds fewer messages than commands). Every order is in by now.
    await relayed('outbox relay');
    const relaySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cmdMessages = (await jsm.streams.info(cmd)).state.messages;
    const intake = percentiles(latencies);
    console.log(
      `intake      ${(ORDERS / intakeSeconds).toFixed(0).padStart(7)} orders/s   p50 ${intake.p50.toFixed(2)} ms   p99 ${intake.p99.toFixed(2)} ms` +
        `   (all ${ORDERS} commands in CMD after ${relaySeconds.toFixed(1)} s: ${(ORDERS / relaySeconds).toFixed(0)}/s, in ${cmdMessages} messages)`,
    );
    // What the wallet process itself spent per order (NATS, validation, the group's statement, relay, notices).
    const intakeCpu = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
    console.log(
      `intake CPU  ${intakeCpu === undefined ? 'n/a' : `wallet process ${((intakeCpu / ORDERS) * 1e6).toFixed(0)} us per order (${((intakeCpu / intakeSeconds) * 100).toFixed(0)}% of a core)`}` +
        `   load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}`,
    );
    // The run's PostgreSQL backends (a backend that ended meanwhile is missed) and this process, the requester.
    let pgIntake = 0;
    for (const [pid, total] of pg1) pgIntake += total - (pg0.get(pid) ?? 0);
    console.log(
      `            PostgreSQL ${((pgIntake / ORDERS) * 1e6).toFixed(0)} us per order, bench client ${((bench1.user + bench1.system) / ORDERS).toFixed(0)} us per order`,
    );

    /**
     * Sends `count` requests (`send(i)`, CONCURRENCY in flight) and prints their rate and p50/p99, the wallet's and
     * PostgreSQL's CPU per request, and when the relay had put their commands into CMD (in how many messages).
     */
    const commandPhase = async (name: string, count: number, send: (i: number) => Promise<unknown>) => {
      const cmdBefore = (await jsm.streams.info(cmd)).state.messages;
      const cpuBefore = cpuSeconds(wallet.child.pid);
      const pgBefore = await postgresCpu(db, run);
      const loadBefore = loadavg()[0]!;
      const started = process.hrtime.bigint();
      const { p50, p99 } = percentiles(await timedRequests(count, send));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuAfter = cpuSeconds(wallet.child.pid);
      const pgAfter = await postgresCpu(db, run);
      const loadAfter = loadavg()[0]!;
      await relayed(`outbox relay (${name})`);
      const relaySeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const messages = (await jsm.streams.info(cmd)).state.messages - cmdBefore;
      let pgSeconds = 0;
      for (const [pid, total] of pgAfter) pgSeconds += total - (pgBefore.get(pid) ?? 0);
      const walletSeconds = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : NaN;
      console.log(
        `${name.padEnd(11)} ${(count / seconds).toFixed(0).padStart(7)} ${name}/s  p50 ${p50.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms` +
          `   (all ${count} commands in CMD after ${relaySeconds.toFixed(1)} s, in ${messages} messages)`,
      );
      console.log(
        `            CPU: wallet process ${((walletSeconds / count) * 1e6).toFixed(0)} us, PostgreSQL ${((pgSeconds / count) * 1e6).toFixed(0)} us per request` +
          `   load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}`,
      );
    };

    // 1b. Cancels of the first CANCELS orders, by number.
    if (CANCELS > 0) {
      await commandPhase('cancels', CANCELS, (i) =>
        rpc(WALLET_SUBJECTS.cmd.cancelOrder, {
          userId: userOf(i),
          symbol: MARKET,
          orderNo: placed[i]!.orderNo,
        }),
      );
    }

    // 1c. Amends: AMENDS more resting buys, below the pairs' price (they never trade), each then amended down.
    if (AMENDS > 0) {
      const resting: SubmitOrderReply[] = new Array(AMENDS);
      await timedRequests(AMENDS, async (i) => {
        resting[i] = await rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, {
          userId: userOf(i),
          clientOrderId: `r${i}`,
          symbol: MARKET,
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: '20000.00',
          quantity: '0.0020',
        });
      });
      await relayed('outbox relay (resting orders)');
      await commandPhase('amends', AMENDS, (i) =>
        rpc(WALLET_SUBJECTS.cmd.amendOrder, {
          userId: userOf(i),
          symbol: MARKET,
          orderNo: resting[i]!.orderNo,
          quantity: '0.0010',
          amendId: `a${i}`,
        }),
      );
    }

    // 2. Settlement from a backlog.
    await wallet.stop('SIGTERM');
    const js = nc.jetstream();
    let seq = 0;
    let events: MatchingEventMessage[] = [];
    const flushes: Promise<unknown>[] = [];
    const flush = async () => {
      if (events.length === 0) return;
      const batch: MatchingEventBatch = {
        v: 1,
        market: MARKET,
        firstSeq: events[0]!.seq,
        lastSeq: events[events.length - 1]!.seq,
        commandSeq: seq,
        events,
      };
      events = [];
      flushes.push(js.publish(names.subject(evtSubject(MARKET)), JSON.stringify(batch)));
      if (flushes.length >= 200) await Promise.all(flushes.splice(0));
    };
    for (let p = 0; p < PAIRS; p++) {
      const buy = placed[2 * p]!;
      const sell = placed[2 * p + 1]!;
      for (let k = 1; k <= LOTS; k++) {
        events.push({
          type: 'trade',
          seq: ++seq,
          ts: 1_700_000_000_000 + seq,
          price: PRICE_TICKS,
          quantity: 1,
          makerOrderId: sell.orderId,
          takerOrderId: buy.orderId,
          makerUserId: userOf(2 * p + 1),
          takerUserId: userOf(2 * p),
          takerSide: 'BUY',
          makerRemaining: LOTS - k,
          takerRemaining: LOTS - k,
        });
        if (events.length === 100) await flush();
      }
    }
    await flush();
    await Promise.all(flushes);

    const nodeOptions = values['settle-node-options'];
    const settleLoad0 = loadavg()[0]!;
    const t1 = process.hrtime.bigint();
    wallet = await start(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {});
    const port = Number(wallet.logs.find((l) => l.msg === 'listening')?.port);
    // CPU seconds so far of the wallet process (its /metrics) and of the PostgreSQL backends serving this run's
    // database (/proc, same host): what settlement costs, whatever else shares the machine.
    const metric = async (name: string): Promise<number> => {
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    };
    const cpu = async (): Promise<{ wallet: number; postgres: Map<number, number> }> => {
      const walletCpu = await metric('process_cpu_seconds_total');
      const { rows } = await db.query(
        `select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [run],
      );
      const postgres = new Map<number, number>();
      for (const { pid } of rows as { pid: number }[]) {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
        const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (fields) postgres.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
      }
      return { wallet: walletCpu, postgres };
    };
    // The cursor as it moves: the first time it has moved and the time it reaches the last event.
    const cursor = async () => {
      const { rows } = await db.query(`select last_seq::text from market_event_cursor where market = $1`, [
        MARKET,
      ]);
      return Number(rows[0]?.last_seq ?? 0);
    };
    let firstSeen: { at: bigint; seq: number; cpu: Awaited<ReturnType<typeof cpu>> } | undefined;
    await poll(
      async () => {
        const at = process.hrtime.bigint();
        const applied = await cursor();
        if (!firstSeen && applied > 0 && applied < seq) firstSeen = { at, seq: applied, cpu: await cpu() };
        // Settled when committed and every execution's order update is out (published after each commit, in turns).
        // (/metrics is read only then: building it costs the wallet CPU.)
        if (applied !== seq) return undefined;
        return (await metric('wallet_order_updates_queued')) > 0 ? undefined : true;
      },
      1_800_000,
      'settlement',
    );
    const t2 = process.hrtime.bigint();
    const settleSeconds = Number(t2 - t1) / 1e9;
    console.log(
      `settlement  ${(TRADES / settleSeconds).toFixed(0).padStart(7)} trades/s   (${TRADES} trades from a backlog in ${settleSeconds.toFixed(1)} s, process start included;` +
        ` load average ${settleLoad0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)})`,
    );
    // After the first commit seen: the rate without process start, and the CPU time per trade (the trades are
    // one a sequence number).
    if (firstSeen) {
      const end = await cpu();
      const trades = seq - firstSeen.seq;
      const seconds = Number(t2 - firstSeen.at) / 1e9;
      let pgSeconds = 0;
      for (const [pid, total] of end.postgres) pgSeconds += total - (firstSeen.cpu.postgres.get(pid) ?? 0);
      const perTrade = (s: number) => ((s * 1e6) / trades).toFixed(1);
      console.log(
        `  steady    ${(trades / seconds).toFixed(0).padStart(7)} trades/s   (${trades} trades after the first commit seen, in ${seconds.toFixed(1)} s;` +
          ` CPU per trade: wallet ${perTrade(end.wallet - firstSeen.cpu.wallet)} us, PostgreSQL ${perTrade(pgSeconds)} us)`,
      );
    }
    const report = await rpc<ReconcileReply>(WALLET_SUBJECTS.query.reconcile, {});
    console.log(`reconciliation: ${report.ok ? 'clean' : `${report.issues.length} issues`}`);
    if (!report.ok) process.exitCode = 1;
  } finally {
    await wallet.stop('SIGTERM').catch(() => undefined);
    client.close();
    await db.end();
    await new JetStreamAdmin(await nc.jetstreamManager(), names).deleteAllWithPrefix();
    await nc.close();
    await dropDatabase(SERVER_URL, run);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
