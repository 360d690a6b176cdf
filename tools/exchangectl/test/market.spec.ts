import { randomBytes } from 'node:crypto';

import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { Client } from 'pg';

import {
  marketsReplySchema,
  matchingCommandMessageSchema,
  STREAMS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { runCli } from '../src/cli';
import { askWallet } from '../src/commands/withdrawals.command';
import { parseCommandLine } from '../src/options';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `t_ctl_mkt_${process.pid}_${randomBytes(3).toString('hex')}`;
const names = new NatsNames(run);
const cmdStream = names.stream(STREAMS.CMD.name);
const subject = names.subject('cmd.BTC-USDT');

jest.setTimeout(90_000);

async function ctl(args: string[], prefix = run) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--prefix', prefix, '--timeout', '10000'], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { NATS_URL, USER: 'ops-alice' },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let wallet: ServiceProcess;
let matching: ServiceProcess;
let nc: NatsConnection;
let jsm: JetStreamManager;
let db: Client;
const options = parseCommandLine(['--prefix', run, '--timeout', '10000'], { NATS_URL }).options;

async function walletStatus(symbol: string): Promise<string | undefined> {
  const { markets } = await askWallet(nc, options, WALLET_SUBJECTS.query.markets, {}, marketsReplySchema);
  return markets.find((m) => m.symbol === symbol)?.status;
}

/** The engine's status events on this run's EVT stream for BTC-USDT, once there are `count` of them. */
async function statusEvents(count: number) {
  const evtStream = names.stream(STREAMS.EVT.name);
  for (let i = 0; ; i++) {
    const found: { status?: string; previousStatus?: string }[] = [];
    const info = await jsm.streams.info(evtStream).catch(() => undefined);
    for (
      let seq = info?.state.first_seq ?? 1;
      info && info.state.messages > 0 && seq <= info.state.last_seq;
      seq++
    ) {
      const batch = (await jsm.streams.getMessage(evtStream, { seq })).json<{
        market: string;
        events: { type: string; status?: string; previousStatus?: string }[];
      }>();
      if (batch.market === 'BTC-USDT')
        for (const e of batch.events)
          if (e.type === 'status') found.push({ status: e.status, previousStatus: e.previousStatus });
    }
    if (found.length >= count) return found;
    if (i > 400) throw new Error(`expected ${count} status events, found ${JSON.stringify(found)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The status commands on this run's CMD stream, once the wallet's outbox has published everything. */
async function statusCommands() {
  for (let i = 0; ; i++) {
    const { rows } = await db.query(`select 1 from outbox`);
    if (rows.length === 0) break;
    if (i > 400) throw new Error('outbox not drained');
    await new Promise((r) => setTimeout(r, 50));
  }
  const info = await jsm.streams.info(cmdStream);
  const out: { msgId: string | undefined; message: ReturnType<typeof matchingCommandMessageSchema.parse> }[] =
    [];
  for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(cmdStream, { seq });
    const message = matchingCommandMessageSchema.parse(m.json());
    if (message.command.type === 'status') out.push({ msgId: m.header?.get('Nats-Msg-Id'), message });
  }
  return out;
}

beforeAll(async () => {
  await createDatabase(SERVER_URL, run);
  await createDatabase(SERVER_URL, `${run}_m`);
  // The real engine writes BTC-USDT under the same prefix: the wallet's status commands reach it.
  matching = startServiceProcess('apps/matching/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, `${run}_m`),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    MATCHING_MARKETS: 'BTC-USDT',
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
  });
  wallet = startServiceProcess('apps/wallet/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    WALLET_OUTBOX_POLL_MS: '100',
  });
  await wallet.waitForLog((line) => line.msg === 'listening');
  await matching.waitForLog((line) => line.msg === 'listening');
  nc = await connect({ servers: NATS_URL });
  jsm = await nc.jetstreamManager();
  db = new Client({ connectionString: databaseUrl(SERVER_URL, run) });
  await db.connect();
});

afterAll(async () => {
  await wallet?.stop('SIGTERM');
  await matching?.stop('SIGTERM');
  await db?.end();
  if (nc) {
    await new JetStreamAdmin(jsm, names).deleteAllWithPrefix();
    await nc.close();
  }
  await dropDatabase(SERVER_URL, run);
  await dropDatabase(SERVER_URL, `${run}_m`);
});

describe('exchangectl market through the wallet (real wallet and matching processes)', () => {
  it('halt: the wallet says HALTED (what exchangeInfo and intake read), records who and why, queues the status command once, the engine applies it', async () => {
    const result = await ctl([
      'market',
      'halt',
      'BTC-USDT',
      '--command-id',
      `halt-${run}`,
      '--reason',
      'feed incident',
    ]);
    expect(result).toEqual({
      code: 0,
      err: '',
      out: `BTC-USDT: HALTED (was TRADING) set by the wallet, queued to ${subject} (command halt-${run})`,
    });
    expect(await walletStatus('BTC-USDT')).toBe('HALTED');
    const { rows } = await db.query(
      `select market, status, previous_status, reason, requested_by from market_status_change`,
    );
    expect(rows).toEqual([
      {
        market: 'BTC-USDT',
        status: 'HALTED',
        previous_status: 'TRADING',
        reason: 'feed incident',
        requested_by: 'ops-alice',
      },
    ]);
    const commands = await statusCommands();
    expect(commands).toEqual([
      {
        msgId: `halt-${run}`,
        message: {
          v: 1,
          market: 'BTC-USDT',
          commandId: `halt-${run}`,
          command: { type: 'status', status: 'HALTED', ts: expect.any(Number) },
        },
      },
    ]);
    // The real engine applied it.
    expect(await statusEvents(1)).toEqual([{ status: 'HALTED', previousStatus: 'TRADING' }]);
  });

  it('a repeat of the command id is a duplicate: nothing changes, nothing new is queued', async () => {
    const result = await ctl(['market', 'halt', 'BTC-USDT', '--command-id', `halt-${run}`]);
    expect(result).toEqual({
      code: 0,
      err: '',
      out: `duplicate: the wallet already applied command halt-${run} (BTC-USDT HALTED); nothing new was queued`,
    });
    expect(await statusCommands()).toHaveLength(1);
    expect((await db.query(`select 1 from market_status_change`)).rows).toHaveLength(1);
  });

  it('cancel-only and resume (--json) reach the wallet and the CMD stream in order', async () => {
    const cancelOnly = await ctl(['market', 'cancel-only', 'BTC-USDT', '--json', '--operator', 'bob']);
    expect(cancelOnly).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(cancelOnly.out)).toEqual({
      v: 1,
      market: 'BTC-USDT',
      commandId: expect.stringMatching(/^admin-[0-9a-f-]{36}$/),
      command: { type: 'status', status: 'CANCEL_ONLY', ts: expect.any(Number) },
      previousStatus: 'HALTED',
      subject,
      duplicate: false,
      via: 'wallet',
    });
    expect(await walletStatus('BTC-USDT')).toBe('CANCEL_ONLY');
    const resume = await ctl(['market', 'resume', 'BTC-USDT']);
    expect(resume.code).toBe(0);
    expect(resume.out).toMatch(/^BTC-USDT: TRADING \(was CANCEL_ONLY\) set by the wallet/);
    expect(await walletStatus('BTC-USDT')).toBe('TRADING');
    expect((await statusCommands()).map((c) => c.message.command)).toEqual([
      expect.objectContaining({ status: 'HALTED' }),
      expect.objectContaining({ status: 'CANCEL_ONLY' }),
      expect.objectContaining({ status: 'TRADING' }),
    ]);
    expect(await statusEvents(3)).toEqual([
      { status: 'HALTED', previousStatus: 'TRADING' },
      { status: 'CANCEL_ONLY', previousStatus: 'HALTED' },
      { status: 'TRADING', previousStatus: 'CANCEL_ONLY' },
    ]);
  });

  it('an unknown market is refused by the wallet (exit 1) and nothing is queued; bad input is exit 2', async () => {
    const unknown = await ctl(['market', 'halt', 'DOGE-USDT']);
    expect(unknown).toEqual({ code: 1, out: '', err: 'exchangectl: refused: 2903 unknown market DOGE-USDT' });
    const badAction = await ctl(['market', 'pause', 'BTC-USDT']);
    expect(badAction.code).toBe(2);
    expect(await statusCommands()).toHaveLength(3);
    expect(await walletStatus('BTC-USDT')).toBe('TRADING');
  });

  it('with no wallet answering it says so and exits 1', async () => {
    const result = await ctl(['market', 'halt', 'BTC-USDT'], `${run}_none`);
    expect(result).toEqual({
      code: 1,
      out: '',
      err: `exchangectl: ${run}_none.${WALLET_SUBJECTS.cmd.setMarketStatus}: no wallet answers (no responders)`,
    });
  });
});
