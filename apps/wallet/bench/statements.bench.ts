/**
 * PostgreSQL's cost of the statements around an intake group, the way node-postgres sends them before and after
 * 2026-11-26 (unnamed, parsed and planned on every call, against named prepared statements), and of the outbox relay's
 * pass before and after 2026-11-27 (rows marked sent against rows deleted). One connection on a scratch database
 * (migrated, removed after); the variants alternate in blocks of `--calls`, three rounds, and each block reports the
 * backend's CPU per call (`/proc`, same host), this process's CPU and the wall time. Run:
 *
 *   node tools/run.cjs apps/wallet/bench/statements.bench.ts [--part relay|balance|intake] [--calls 1000]
 *
 * The statements are the repositories' own (`OrderRepository`'s intake call, `LedgerRepository`'s balance read,
 * `OutboxRepository`'s take), run unnamed or named. The intake call refuses its order (the users have no funds), so
 * it measures the call, the lookups and the account locks, not the inserts. A relay call queues `--rows` commands as
 * an intake group does (one statement, one batch, a place command's JSON each), then runs a pass over them in one
 * transaction with an asynchronous commit: before, on a copy of the table as it was (`sent_at`, two partial
 * indexes), the lock and the mark; after, on `outbox`, the take.
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
import { TAKE } from '../src/outbox/outbox.repository';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'relay' },
    calls: { type: 'string', default: '1000' },
    rows: { type: 'string', default: '100' },
  },
});
const PART = values.part as 'relay' | 'balance' | 'intake';
const CALLS = Number(values.calls);
const ROWS = Number(values.rows);

/** The outbox as it was before 2026-11-27: rows kept, marked `sent_at`, the unsent found by two partial indexes. */
const MARKED_TABLE = [
  `create table outbox_marked (
     id bigserial primary key, message_id varchar(100) not null unique, subject varchar(200) not null,
     payload jsonb not null, created_at timestamptz not null default now(), sent_at timestamptz,
     traceparent varchar(55), batch_id varchar(64))`,
  `create index outbox_marked_unsent on outbox_marked (id) where sent_at is null`,
  `create index outbox_marked_unsent_batch on outbox_marked (batch_id) where sent_at is null and batch_id is not null`,
];
/** The relay's lock and mark statements as they were, on that table. */
const MARKED_LOCK = `with head as materialized (
     select id, message_id, subject, payload, traceparent, batch_id from outbox_marked
     where sent_at is null order by outbox_marked.id limit $1 for update skip locked),
   rest as materialized (
     select o.id, o.message_id, o.subject, o.payload, o.traceparent, o.batch_id from outbox_marked o
     where o.sent_at is null and o.batch_id is not null
       and o.batch_id = any (array(select distinct h.batch_id from head h where h.batch_id is not null))
       and o.id <> all (array(select h.id from head h))
     for update of o)
   select id::text as id, message_id, subject, payload, traceparent, batch_id
   from (select * from head union all select * from rest) as locked
   order by locked.id`;
const MARKED_MARK = `update outbox_marked set sent_at = now() where id = any ($1::bigint[])`;

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
    if (PART === 'relay') for (const statement of MARKED_TABLE) await db.query(statement);
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
    const relay = (marked: boolean) => async () => {
      const group = `bench-${seq++}-${randomBytes(4).toString('hex')}`;
      const ids = Array.from({ length: ROWS }, (_, i) => `${group}-${i}`);
      await db.query(
        `insert into ${marked ? 'outbox_marked' : 'outbox'} (message_id, subject, payload, traceparent, batch_id)
         select id, 'cmd.BTC-USDT', jsonb_build_object('v', 1, 'market', 'BTC-USDT', 'commandId', id, 'command',
           jsonb_build_object('type', 'place', 'orderId', id, 'userId', 'bench-user-1', 'side', 'BUY',
             'orderType', 'LIMIT', 'timeInForce', 'GTC', 'priceTicks', 3000000, 'lots', 100, 'stp', 'EXPIRE_TAKER',
             'ts', 1764200000000)), null, $2
         from unnest($1::varchar[]) as id`,
        [ids, `intake:${ids[0]}`],
      );
      await db.query('start transaction isolation level read committed; set local synchronous_commit = off');
      if (marked) {
        const locked = await run(true, 'bench_lock_marked', MARKED_LOCK, [1000]);
        await run(true, 'bench_mark', MARKED_MARK, [locked.rows.map((r) => r.id)]);
      } else {
        await run(true, 'bench_take', TAKE.text, [1000]);
      }
      await db.query('COMMIT');
    };

    const variants: [string, () => Promise<void>][] =
      PART === 'relay'
        ? [
            ['before: lock, mark sent', relay(true)],
            ['after: take (delete)', relay(false)],
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
          // Each block on tables as after a vacuum: the rows kept (marked) or deleted are not carried into the next.
          await db.query('truncate outbox, outbox_marked');
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
