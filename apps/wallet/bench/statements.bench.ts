/**
 * PostgreSQL's cost of the statements around one intake group of one, the way node-postgres sends them before and
 * after 2026-11-26 (unnamed, parsed and planned on every call, against named prepared statements; the relay's pass
 * with TypeORM's two-statement begin and a separate batch read, against one begin message, one lock statement and an
 * asynchronous commit). One connection on a scratch database (migrated, removed after); the variants alternate in
 * blocks of `--calls`, three rounds, and each block reports the backend's CPU per call (`/proc`, same host), this
 * process's CPU and the wall time. Run:
 *
 *   node tools/run.cjs apps/wallet/bench/statements.bench.ts [--part relay|balance|intake] [--calls 1000]
 *
 * The statements are the repositories' own (`OrderRepository`'s intake call, `LedgerRepository`'s balance read,
 * `OutboxRepository`'s lock and mark), run unnamed or named; only the relay's old lock statement is kept here. The
 * intake call refuses its order (the users have no funds), so it measures the call, the lookups and the account
 * locks, not the inserts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';

import { USERS_BALANCES } from '../src/ledger/ledger.repository';
import { MIGRATIONS } from '../src/migrations';
import { INTAKE } from '../src/orders/order.repository';
import { LOCK_UNSENT, MARK_SENT } from '../src/outbox/outbox.repository';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const { values } = parseArgs({
  options: { part: { type: 'string', default: 'relay' }, calls: { type: 'string', default: '1000' } },
});
const PART = values.part as 'relay' | 'balance' | 'intake';
const CALLS = Number(values.calls);

/** Before: the first of the relay's lock statements (the batch rest was a second one when the pass held a batch). */
const OLD_LOCK = `select id::text as id, message_id, subject, payload, traceparent, batch_id from outbox
  where sent_at is null order by outbox.id limit $1 for update skip locked`;

interface RelayVariant {
  begin: 'two' | 'one' | 'one-async';
  lock: 'old' | 'new';
  named: boolean;
}

/** CPU seconds (user + system) of a process so far (Linux `/proc`). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  const name = `b_wstmt_${process.pid}_${randomBytes(3).toString('hex')}`;
  await createDatabase(SERVER_URL, name);
  const db = new Client({ connectionString: databaseUrl(SERVER_URL, name) });
  try {
    const migrate = new DataSource({
      type: 'postgres',
      url: databaseUrl(SERVER_URL, name),
      migrations: MIGRATIONS,
    });
    await migrate.initialize();
    await migrate.runMigrations();
    await migrate.destroy();
    await db.connect();
    const { rows } = await db.query<{ pid: number }>('select pg_backend_pid() as pid');
    const backend = rows[0]!.pid;
    let seq = 0;
    const run = (named: boolean, statement: string, text: string, params: unknown[]) =>
      named ? db.query({ name: statement, text, values: params }) : db.query(text, params);

    const intake = (named: boolean) => async () => {
      const i = seq++;
      const user = `bench-user-${i % 200}`;
      const orderId = `bench-order-${i}-${randomBytes(4).toString('hex')}`;
      await run(named, 'bench_intake', INTAKE.text, [
        [orderId],
        [user],
        [orderId],
        ['BTC-USDT'],
        ['BUY'],
        ['LIMIT'],
        ['GTC'],
        [100],
        [1],
        [null],
        [0],
        ['fp'],
        [null],
        ['USDT'],
        ['1000'],
        [`user:${user}:USDT:AVAILABLE`],
        [`user:${user}:USDT:HELD`],
        [`order-hold:${orderId}`],
        'order-hold',
        ['cmd.BTC-USDT'],
        ['{}'],
        [null],
      ]);
    };
    const balance = (named: boolean) => async () => {
      await run(named, 'bench_balances', USERS_BALANCES.text, [[`bench-user-${seq++ % 200}`]]);
    };
    const relay = (v: RelayVariant) => async () => {
      await db.query(`insert into outbox (message_id, subject, payload) values ($1, 'cmd.BTC-USDT', '{}')`, [
        `bench-${seq++}-${randomBytes(4).toString('hex')}`,
      ]);
      if (v.begin === 'two') {
        await db.query('START TRANSACTION');
        await db.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      } else {
        const async = v.begin === 'one-async' ? '; set local synchronous_commit = off' : '';
        await db.query(`start transaction isolation level read committed${async}`);
      }
      const lock = v.lock === 'new' ? LOCK_UNSENT.text : OLD_LOCK;
      const locked = await run(v.named, `bench_lock_${v.lock}`, lock, [1000]);
      if (locked.rows.length)
        await run(v.named, 'bench_mark', MARK_SENT.text, [locked.rows.map((r) => r.id)]);
      await db.query('COMMIT');
    };

    const variants: [string, () => Promise<void>][] =
      PART === 'relay'
        ? [
            ['before: 2-message begin, unnamed', relay({ begin: 'two', lock: 'old', named: false })],
            ['1-message begin, unnamed', relay({ begin: 'one', lock: 'old', named: false })],
            ['1-message begin, prepared', relay({ begin: 'one', lock: 'old', named: true })],
            ['+ one-statement lock', relay({ begin: 'one', lock: 'new', named: true })],
            ['after: + asynchronous commit', relay({ begin: 'one-async', lock: 'new', named: true })],
          ]
        : PART === 'balance'
          ? [
              ['before: unnamed', balance(false)],
              ['after: prepared', balance(true)],
            ]
          : [
              ['before: unnamed', intake(false)],
              ['after: prepared', intake(true)],
            ];
    for (let i = 0; i < 200; i++) for (const [, call] of variants) await call();
    for (let round = 1; round <= 3; round++) {
      for (const [label, call] of variants) {
        if (PART === 'relay') {
          // Each block on the same table: sent rows leave dead `outbox_unsent` entries the next scans step over.
          await db.query('delete from outbox');
          await db.query('vacuum outbox');
        }
        const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
        const backend0 = cpuSeconds(backend);
        const client0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < CALLS; i++) await call();
        const wallMs = Number(process.hrtime.bigint() - t0) / 1e6 / CALLS;
        const client = process.cpuUsage(client0);
        const backendUs = ((cpuSeconds(backend) - backend0) / CALLS) * 1e6;
        console.log(
          `round ${round}  ${label.padEnd(36)} backend ${backendUs.toFixed(0).padStart(5)} us` +
            `  client ${((client.user + client.system) / CALLS).toFixed(0).padStart(5)} us` +
            `  wall ${wallMs.toFixed(2)} ms per call   load average ${load}`,
        );
      }
    }
  } finally {
    await db.end().catch(() => undefined);
    await dropDatabase(SERVER_URL, name);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
