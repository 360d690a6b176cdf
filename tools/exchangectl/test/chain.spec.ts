import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';

import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { runCli } from '../src/cli';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `t_ctl_chain_${process.pid}_${randomBytes(3).toString('hex')}`;

jest.setTimeout(90_000);

async function ctl(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--prefix', run, '--timeout', '10000'], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { NATS_URL },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let wallet: ServiceProcess;
let nc: NatsConnection;
let db: Client;

beforeAll(async () => {
  await createDatabase(SERVER_URL, run);
  wallet = startServiceProcess('apps/wallet/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    WALLET_CHAIN_WATCHER: 'simulated',
    WALLET_SIM_BLOCK_MS: '0',
    WALLET_DEPOSIT_CONFIRMATIONS: '2',
  });
  await wallet.waitForLog((line) => line.msg === 'listening');
  nc = await connect({ servers: NATS_URL });
  db = new Client({ connectionString: databaseUrl(SERVER_URL, run) });
  await db.connect();
});

afterAll(async () => {
  await wallet?.stop('SIGTERM');
  await db?.end();
  if (nc) {
    await new JetStreamAdmin(await nc.jetstreamManager(), new NatsNames(run)).deleteAllWithPrefix();
    await nc.close();
  }
  await dropDatabase(SERVER_URL, run);
});

const deposit = async (id: string) =>
  (
    await db.query<{ status: string; confirmations: number }>(
      `select status, confirmations from deposit where deposit_id = $1`,
      [id],
    )
  ).rows[0];

describe('exchangectl chain', () => {
  it('pays a user through the simulated chain: address, send, mine, reorg', async () => {
    const address = await ctl(['chain', 'address', 'u1', 'BTC']);
    expect(address).toMatchObject({ code: 0, out: expect.stringMatching(/^sim1q[0-9a-f]{38}$/) });
    expect((await ctl(['chain', 'address', 'u1', 'BTC'])).out).toBe(address.out);

    const sent = await ctl(['chain', 'send', address.out, 'BTC', '0.2', '--json']);
    expect(sent.code).toBe(0);
    const { txid, vout } = JSON.parse(sent.out) as { txid: string; vout: number };
    const id = `${txid}:${vout}`;

    expect(await ctl(['chain', 'mine'])).toEqual({ code: 0, out: 'mined 1, height 1', err: '' });
    expect(await deposit(id)).toEqual({ status: 'PENDING', confirmations: 1 });
    expect((await ctl(['chain', 'reorg', '1'])).out).toMatch(/^height 0;/);
    expect((await ctl(['chain', 'mine', '2'])).out).toBe('mined 2, height 2');
    expect(await deposit(id)).toEqual({ status: 'CONFIRMED', confirmations: 2 });
    const [balance] = (
      await db.query<{ balance: string }>(
        `select balance::text as balance from ledger_account where account_id = 'user:u1:BTC:AVAILABLE'`,
      )
    ).rows;
    expect(balance!.balance).toBe('20000000');
  });

  it('drops a double-spent transfer in a reorg: the pending deposit never confirms', async () => {
    const address = (await ctl(['chain', 'address', 'u2', 'BTC'])).out;
    const { txid, vout } = JSON.parse(
      (await ctl(['chain', 'send', address, 'BTC', '0.1', '--json'])).out,
    ) as {
      txid: string;
      vout: number;
    };
    await ctl(['chain', 'mine']);
    expect(await deposit(`${txid}:${vout}`)).toMatchObject({ status: 'PENDING', confirmations: 1 });
    const reorg = await ctl(['chain', 'reorg', '1', txid]);
    expect(reorg).toMatchObject({ code: 0, out: expect.stringMatching(/except 1 double-spent/) });
    await ctl(['chain', 'mine', '2']);
    expect((await deposit(`${txid}:${vout}`))!.status).not.toBe('CONFIRMED');
    expect((await ctl(['chain', 'reorg', '1', 'not-a-txid'])).code).toBe(2);
  });

  it('exits 2 on bad usage and 1 when the wallet refuses', async () => {
    expect((await ctl(['chain', 'mine', '0'])).code).toBe(2);
    expect((await ctl(['chain', 'send', 'x'])).code).toBe(2);
    const refused = await ctl(['chain', 'address', 'u1', 'DOGE']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/2902/);
  });
});
