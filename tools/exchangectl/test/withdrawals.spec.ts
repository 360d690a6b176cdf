import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';

import { WALLET_SUBJECTS, withdrawalReplySchema, depositReplySchema } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { runCli } from '../src/cli';
import { askWallet } from '../src/commands/withdrawals.command';
import { parseCommandLine } from '../src/options';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `t_ctl_wd_${process.pid}_${randomBytes(3).toString('hex')}`;

jest.setTimeout(90_000);

async function ctl(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--prefix', run, '--timeout', '10000'], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { NATS_URL, USER: 'ops-alice' },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let wallet: ServiceProcess;
let nc: NatsConnection;
const options = parseCommandLine(['--prefix', run, '--timeout', '10000'], { NATS_URL }).options;
const ask = <S extends Parameters<typeof askWallet>[4]>(subject: string, data: unknown, schema: S) =>
  askWallet(nc, options, subject, data, schema);
const withdraw = (amount: string, key: string) =>
  ask(
    WALLET_SUBJECTS.cmd.requestWithdrawal,
    { userId: 'u1', asset: 'BTC', amount, address: 'bc1-ops', idempotencyKey: key },
    withdrawalReplySchema,
  );

beforeAll(async () => {
  await createDatabase(SERVER_URL, run);
  wallet = startServiceProcess('apps/wallet/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    WALLET_WITHDRAWAL_APPROVAL_ABOVE: 'BTC=1',
  });
  await wallet.waitForLog((line) => line.msg === 'listening');
  nc = await connect({ servers: NATS_URL });
  await ask(
    WALLET_SUBJECTS.cmd.faucetDeposit,
    { userId: 'u1', asset: 'BTC', amount: '10', idempotencyKey: 'f' },
    depositReplySchema,
  );
});

afterAll(async () => {
  await wallet?.stop('SIGTERM');
  if (nc) {
    await new JetStreamAdmin(await nc.jetstreamManager(), new NatsNames(run)).deleteAllWithPrefix();
    await nc.close();
  }
  await dropDatabase(SERVER_URL, run);
});

describe('exchangectl withdrawals', () => {
  it('lists only the withdrawals waiting for approval', async () => {
    expect((await ctl(['withdrawals', 'list'])).out).toBe('no withdrawal is waiting for approval');
    await withdraw('0.5', 'small');
    const large = await withdraw('3', 'large');
    expect(large.status).toBe('PENDING_APPROVAL');
    const listed = await ctl(['withdrawals', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.out.split('\n')).toHaveLength(2);
    expect(listed.out).toMatch(
      new RegExp(`^${large.withdrawalId}\\s+u1\\s+BTC\\s+3\\.00000000\\s+bc1-ops`, 'm'),
    );
    const json = await ctl(['withdrawals', 'list', '--json']);
    expect(JSON.parse(json.out).map((w: { withdrawalId: string }) => w.withdrawalId)).toEqual([
      large.withdrawalId,
    ]);
  });

  it('approves one (recording the operator) and refuses to reject it afterwards', async () => {
    const [waiting] = JSON.parse((await ctl(['withdrawals', 'list', '--json'])).out) as {
      withdrawalId: string;
    }[];
    const approved = await ctl(['withdrawals', 'approve', waiting!.withdrawalId]);
    expect(approved).toMatchObject({ code: 0 });
    expect(approved.out).toBe(
      `${waiting!.withdrawalId}: REQUESTED (3.00000000 BTC to bc1-ops, by ops-alice)`,
    );
    const late = await ctl(['withdrawals', 'reject', waiting!.withdrawalId, '--reason', 'too late']);
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/refused: 2911 /);
    expect((await ctl(['withdrawals', 'list'])).out).toBe('no withdrawal is waiting for approval');
  });

  it('rejects one with a reason, and names usage mistakes and unknown ids', async () => {
    const third = await withdraw('2', 'third');
    expect((await ctl(['withdrawals', 'reject', third.withdrawalId])).code).toBe(2);
    const rejected = await ctl([
      'withdrawals',
      'reject',
      third.withdrawalId,
      '--reason',
      'sanctioned',
      '--operator',
      'ops-bob',
    ]);
    expect(rejected.out).toBe(`${third.withdrawalId}: REJECTED (2.00000000 BTC to bc1-ops, by ops-bob)`);
    const missing = await ctl(['withdrawals', 'approve', 'no-such-id']);
    expect([missing.code, missing.err]).toEqual([1, expect.stringMatching(/refused: 2910 /)]);
    expect((await ctl(['withdrawals', 'approve'])).code).toBe(2);
    expect((await ctl(['withdrawals', 'list', '--limit', '0'])).code).toBe(2);
  });
});
