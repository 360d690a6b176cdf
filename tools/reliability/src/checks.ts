import { spawn } from 'node:child_process';
import { once } from 'node:events';

import { type NatsConnection } from 'nats';
import { Client } from 'pg';

import { STREAMS, WALLET_SUBJECTS } from '@exchange/shared-contracts';
import { type NatsNames } from '@exchange/shared-data-access-nats';
import { WORKSPACE_ROOT } from '@exchange/shared-util-testing';

import { eventually } from './client';
import { type ReliabilityExchange } from './exchange';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function query<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A Nest request/reply over plain NATS (the `{pattern,data,id}` envelope): the reply's `response`. */
async function nestRequest<T>(
  nc: NatsConnection,
  subject: string,
  data: unknown,
  timeoutMs = 60_000,
): Promise<T> {
  const reply = await nc.request(
    subject,
    encoder.encode(JSON.stringify({ pattern: subject, data, id: 'rel' })),
    {
      timeout: timeoutMs,
    },
  );
  const body = JSON.parse(decoder.decode(reply.data)) as { response?: T; err?: unknown };
  if (body.err !== undefined && body.err !== null) throw new Error(`${subject}: ${JSON.stringify(body.err)}`);
  return body.response as T;
}

export interface WalletReconciliation {
  ok: boolean;
  issues: unknown[];
}

/** The wallet's own reconciliation (`npm run wallet:reconcile`): zero-sum ledger, balances = entries, holds = needs. */
export function reconcileWallet(nc: NatsConnection, names: NatsNames): Promise<WalletReconciliation> {
  return nestRequest<WalletReconciliation>(nc, names.subject(WALLET_SUBJECTS.query.reconcile), {});
}

export interface EventStreamReport {
  messages: number;
  /** Per market, the last engine sequence on the stream. */
  lastSeq: Record<string, number>;
  /** A batch that does not start right after the previous one of its market. */
  gaps: string[];
  /** Batches that repeat sequences already seen. */
  duplicates: number;
}

/** Reads the whole EVT stream: per market, each batch's `firstSeq` must follow the previous batch's `lastSeq`. */
export async function checkEventStream(nc: NatsConnection, names: NatsNames): Promise<EventStreamReport> {
  const stream = names.stream(STREAMS.EVT.name);
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const report: EventStreamReport = { messages: 0, lastSeq: {}, gaps: [], duplicates: 0 };
  const last = info.state.last_seq;
  if (info.state.messages === 0) return report;
  const consumer = await nc.jetstream().consumers.get(stream);
  const messages = await consumer.consume({ max_messages: 500 });
  for await (const m of messages) {
    const batch = JSON.parse(decoder.decode(m.data)) as { market: string; firstSeq: number; lastSeq: number };
    report.messages += 1;
    const previous = report.lastSeq[batch.market] ?? 0;
    if (batch.firstSeq <= previous) report.duplicates += 1;
    else if (batch.firstSeq !== previous + 1)
      report.gaps.push(`${batch.market}: ${previous} then ${batch.firstSeq} (stream seq ${m.seq})`);
    report.lastSeq[batch.market] = Math.max(previous, batch.lastSeq);
    if (m.seq >= last) break;
  }
  await messages.close();
  return report;
}

/** Per market, the last engine sequence on the EVT stream (from each subject's last message). */
async function lastEventSeqs(ex: ReliabilityExchange, markets: string[]): Promise<Record<string, number>> {
  const jsm = await ex.nc.jetstreamManager();
  const stream = ex.names.stream(STREAMS.EVT.name);
  const seqs: Record<string, number> = {};
  for (const market of markets) {
    try {
      const m = await jsm.streams.getMessage(stream, { last_by_subj: ex.names.subject(`evt.${market}`) });
      seqs[market] = (JSON.parse(decoder.decode(m.data)) as { lastSeq: number }).lastSeq;
    } catch {
      // no message on that market yet
    }
  }
  return seqs;
}

/**
 * Waits until the system is at rest: the wallet's outbox is sent, and the wallet and market-data have applied every
 * event on the stream. Returns what is still behind (empty at rest).
 */
export async function waitQuiet(ex: ReliabilityExchange, timeoutMs = 90_000): Promise<string[]> {
  const markets = ex.markets.split(',');
  const state = async () => {
    const last = await lastEventSeqs(ex, markets);
    const unsent = await query<{ n: string }>(
      ex.dbUrl(ex.databases.wallet),
      'select count(*) as n from outbox',
    );
    const wallet = await query<{ market: string; last_seq: string }>(
      ex.dbUrl(ex.databases.wallet),
      'select market, last_seq from market_event_cursor',
    );
    const md = await query<{ market: string; last_seq: string }>(
      ex.dbUrl(ex.databases.marketData),
      'select market, last_seq from md_market_state',
    );
    const at = (rows: { market: string; last_seq: string }[], market: string) =>
      Number(rows.find((r) => r.market === market)?.last_seq ?? 0);
    const behind = Object.entries(last).flatMap(([market, seq]) => [
      ...(at(wallet, market) < seq ? [`wallet at ${at(wallet, market)} of ${seq} on ${market}`] : []),
      ...(at(md, market) < seq ? [`market-data at ${at(md, market)} of ${seq} on ${market}`] : []),
    ]);
    return [...(Number(unsent[0]!.n) > 0 ? [`${unsent[0]!.n} outbox rows unsent`] : []), ...behind];
  };
  return eventually(state, (behind) => behind.length === 0, timeoutMs, 1000);
}

export interface OrdersReport {
  byStatus: Record<string, number>;
  /** Open in the wallet but not on market-data's book model, and the other way round. */
  openNotOnBook: string[];
  onBookNotOpen: string[];
}

/** Every order is in one status; the wallet's open orders are exactly the orders resting on the engine's book. */
export async function checkOrders(ex: ReliabilityExchange): Promise<OrdersReport> {
  const rows = await query<{ status: string; n: string }>(
    ex.dbUrl(ex.databases.wallet),
    'select status, count(*) as n from wallet_order group by status',
  );
  const open = await query<{ order_id: string }>(
    ex.dbUrl(ex.databases.wallet),
    `select order_id from wallet_order where status in ('PENDING', 'ACCEPTED')`,
  );
  const book = await query<{ order_id: string }>(
    ex.dbUrl(ex.databases.marketData),
    'select order_id from md_book_order',
  );
  const openIds = new Set(open.map((r) => r.order_id));
  const bookIds = new Set(book.map((r) => r.order_id));
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
    openNotOnBook: [...openIds].filter((id) => !bookIds.has(id)),
    onBookNotOpen: [...bookIds].filter((id) => !openIds.has(id)),
  };
}

const DIGESTS = {
  trades:
    "select count(*) as n, md5(coalesce(string_agg(t::text, ',' order by t.market, t.id), '')) as d from md_trade t",
  candles:
    "select count(*) as n, md5(coalesce(string_agg(c::text, ',' order by c::text), '')) as d from md_candle c",
  book: "select count(*) as n, md5(coalesce(string_agg(b::text, ',' order by b.market, b.order_id), '')) as d from md_book_order b",
  positions:
    "select count(*) as n, md5(coalesce(string_agg(market || ':' || last_seq, ',' order by market), '')) as d from md_market_state",
};

export interface RebuildReport {
  /** Tables whose live content differs from the rebuild's. */
  differences: string[];
  rows: Record<string, number>;
}

/** Rebuilds market data from the event stream into a database of its own and compares it with the live store. */
export async function checkMarketDataRebuild(ex: ReliabilityExchange): Promise<RebuildReport> {
  const child = spawn(process.execPath, ['tools/run.cjs', 'apps/market-data/src/rebuild.cli.ts', '--force'], {
    cwd: WORKSPACE_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: ex.dbUrl(ex.databases.rebuilt),
      REDIS_URL: ex.redisUrl,
      REDIS_KEY_PREFIX: `${ex.run}:mdr:`,
      NATS_URL: ex.natsUrl,
      NATS_STREAM_PREFIX: ex.run,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += String(c)));
  child.stderr!.on('data', (c) => (output += String(c)));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`market-data rebuild exited ${code}: ${output.slice(-2000)}`);
  const report: RebuildReport = { differences: [], rows: {} };
  for (const [name, sql] of Object.entries(DIGESTS)) {
    const [live] = await query<{ n: string; d: string }>(ex.dbUrl(ex.databases.marketData), sql);
    const [rebuilt] = await query<{ n: string; d: string }>(ex.dbUrl(ex.databases.rebuilt), sql);
    report.rows[name] = Number(live!.n);
    if (live!.d !== rebuilt!.d)
      report.differences.push(`${name}: live ${live!.n} rows, rebuilt ${rebuilt!.n}`);
  }
  return report;
}

export interface FullReconciliation {
  wallet: WalletReconciliation;
  events: EventStreamReport;
  orders: OrdersReport;
  marketData: RebuildReport;
  /** Every problem found, one line each: empty when nothing was lost or left inconsistent. */
  problems: string[];
}

/** Waits for rest, then every check of the issue: wallet, orders, event stream, market data against a rebuild. */
export async function reconcileAll(ex: ReliabilityExchange): Promise<FullReconciliation> {
  const behind = await waitQuiet(ex);
  const events = await checkEventStream(ex.nc, ex.names);
  const wallet = await reconcileWallet(ex.nc, ex.names);
  const orders = await checkOrders(ex);
  const marketData = await checkMarketDataRebuild(ex);
  const problems = [
    ...behind.map((b) => `not at rest after 90 s: ${b}`),
    ...wallet.issues.map((i) => `wallet: ${JSON.stringify(i)}`),
    ...events.gaps.map((g) => `event gap: ${g}`),
    ...(events.duplicates ? [`event stream: ${events.duplicates} duplicate batches`] : []),
    ...orders.openNotOnBook.map((id) => `order ${id} open in the wallet, not on the book`),
    ...orders.onBookNotOpen.map((id) => `order ${id} on the book, not open in the wallet`),
    ...marketData.differences.map((d) => `market data differs from a rebuild: ${d}`),
  ];
  if (!wallet.ok && wallet.issues.length === 0) problems.push('wallet: reconciliation not ok');
  return { wallet, events, orders, marketData, problems };
}
