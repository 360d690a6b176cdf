import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { WORKSPACE_ROOT } from '@exchange/shared-util-testing';
import {
  type BalancesReply,
  type DepositReply,
  type ReconcileReply,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
  type WithdrawalReply,
} from '@exchange/shared-contracts';

import { type Registry } from 'prom-client';

import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';

import { ReconciliationScheduler } from '../../src/reconciliation/reconciliation.scheduler';
import { WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

let h: WalletHarness;
beforeAll(async () => {
  h = await WalletHarness.start();
});
afterAll(() => h?.close());

const S = WALLET_SUBJECTS;

describe('deposits, withdrawals and balances over NATS', () => {
  it('credits a faucet deposit once per idempotency key', async () => {
    const request = { userId: 'alice', asset: 'USDT', amount: '1000.5', idempotencyKey: 'k1' };
    const first = await h.rpc<DepositReply>(S.cmd.faucetDeposit, request);
    const again = await h.rpc<DepositReply>(S.cmd.faucetDeposit, request);
    expect(first).toEqual({ ...again, amount: '1000.500000', status: 'CONFIRMED' });
    expect(await h.balance('user:alice:USDT:AVAILABLE')).toBe(1_000_500_000n);
    expect(await h.balance('venue:EXTERNAL:USDT')).toBe(-1_000_500_000n);

    const conflict = await h.rpcError(S.cmd.faucetDeposit, { ...request, amount: '1' });
    expect(conflict.code).toBe(2102);
    expect(await h.balance('user:alice:USDT:AVAILABLE')).toBe(1_000_500_000n);
  });

  it('credits a confirmed chain deposit once per deposit id', async () => {
    const request = { userId: 'alice', asset: 'BTC', amount: '0.12345678', depositId: 'txid-1:0' };
    await h.rpc(S.cmd.confirmDeposit, request);
    await h.rpc(S.cmd.confirmDeposit, request);
    expect(await h.balance('user:alice:BTC:AVAILABLE')).toBe(12_345_678n);
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(0n);
    expect((await h.rpcError(S.cmd.confirmDeposit, { ...request, userId: 'mallory' })).code).toBe(2102);
  });

  it('answers balances as decimal strings', async () => {
    const reply = await h.rpc<BalancesReply>(S.query.balances, { userId: 'alice' });
    expect(reply.balances).toEqual(
      expect.arrayContaining([
        { asset: 'USDT', available: '1000.500000', held: '0.000000', total: '1000.500000' },
        { asset: 'BTC', available: '0.12345678', held: '0.00000000', total: '0.12345678' },
      ]),
    );
  });

  it('holds a withdrawal, then completes it with a network fee', async () => {
    await h.faucet('bob', 'ETH', '2');
    const request = { userId: 'bob', asset: 'ETH', amount: '0.5', address: '0xabc', idempotencyKey: 'w1' };
    const requested = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, request);
    expect(requested.status).toBe('REQUESTED');
    expect((await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, request)).withdrawalId).toBe(
      requested.withdrawalId,
    );
    expect(await h.balance('user:bob:ETH:AVAILABLE')).toBe(1_500_000_000_000_000_000n);
    expect(await h.balance('venue:WITHDRAWALS_IN_FLIGHT:ETH')).toBe(500_000_000_000_000_000n);

    const done = await h.rpc<WithdrawalReply>(S.cmd.completeWithdrawal, {
      withdrawalId: requested.withdrawalId,
      networkFee: '0.001',
    });
    expect(done.status).toBe('COMPLETED');
    expect(await h.balance('venue:WITHDRAWALS_IN_FLIGHT:ETH')).toBe(0n);
    expect(await h.balance('venue:FEES:ETH')).toBe(1_000_000_000_000_000n);
    expect(await h.balance('venue:EXTERNAL:ETH')).toBe(-1_501_000_000_000_000_000n);
    const failLate = await h.rpcError(S.cmd.failWithdrawal, {
      withdrawalId: requested.withdrawalId,
      reason: 'x',
    });
    expect(failLate.code).toBe(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_PENDING);
  });

  it('returns a failed withdrawal to the available balance', async () => {
    const requested = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, {
      userId: 'bob',
      asset: 'ETH',
      amount: '0.25',
      address: '0xabc',
      idempotencyKey: 'w2',
    });
    expect(await h.balance('user:bob:ETH:AVAILABLE')).toBe(1_250_000_000_000_000_000n);
    const failed = await h.rpc<WithdrawalReply>(S.cmd.failWithdrawal, {
      withdrawalId: requested.withdrawalId,
      reason: 'address rejected',
    });
    expect(failed.status).toBe('FAILED');
    expect(await h.balance('user:bob:ETH:AVAILABLE')).toBe(1_500_000_000_000_000_000n);
    expect(await h.balance('venue:WITHDRAWALS_IN_FLIGHT:ETH')).toBe(0n);
  });

  it.each([
    [
      'an unknown asset',
      S.cmd.faucetDeposit,
      { userId: 'bob', asset: 'DOGE', amount: '1', idempotencyKey: 'b1' },
      WALLET_RPC_ERRORS.UNKNOWN_ASSET,
    ],
    [
      'a zero amount',
      S.cmd.faucetDeposit,
      { userId: 'bob', asset: 'BTC', amount: '0', idempotencyKey: 'b2' },
      2002,
    ],
    [
      'a negative amount',
      S.cmd.faucetDeposit,
      { userId: 'bob', asset: 'BTC', amount: '-1', idempotencyKey: 'b3' },
      WALLET_RPC_ERRORS.VALIDATION_FAILED,
    ],
    [
      'an over-precise amount',
      S.cmd.faucetDeposit,
      { userId: 'bob', asset: 'USDT', amount: '1.0000001', idempotencyKey: 'b4' },
      1004,
    ],
    [
      'an amount beyond range',
      S.cmd.faucetDeposit,
      { userId: 'bob', asset: 'USDT', amount: '1'.padEnd(30, '0'), idempotencyKey: 'b5' },
      1006,
    ],
    [
      'a number instead of a string',
      S.cmd.faucetDeposit,
      { userId: 'bob', asset: 'USDT', amount: 5, idempotencyKey: 'b6' },
      WALLET_RPC_ERRORS.VALIDATION_FAILED,
    ],
    [
      'a withdrawal beyond the balance',
      S.cmd.requestWithdrawal,
      { userId: 'bob', asset: 'ETH', amount: '100', address: 'a', idempotencyKey: 'b7' },
      2101,
    ],
    [
      'an unknown withdrawal',
      S.cmd.completeWithdrawal,
      { withdrawalId: 'nope' },
      WALLET_RPC_ERRORS.WITHDRAWAL_NOT_FOUND,
    ],
    ['a missing user', S.query.balances, {}, WALLET_RPC_ERRORS.VALIDATION_FAILED],
  ])('refuses %s with a numbered code and changes nothing', async (_what, subject, payload, code) => {
    const before = await h.snapshot();
    const error = await h.rpcError(subject, payload);
    expect(error.code).toBe(code);
    expect(typeof error.message).toBe('string');
    expect(await h.snapshot()).toBe(before);
  });

  it('reconciles clean: entries sum to zero and equal the running balances', async () => {
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    for (const total of Object.values(report.totalsByAsset)) expect(total).toBe('0');
    const [sum] = await h.query<{ n: number }>(
      `select count(*)::int as n from (select transaction_id from journal_entry group by transaction_id, asset having sum(amount) <> 0) x`,
    );
    expect(sum.n).toBe(0);
  });

  it('reconciles from the command line (nx run wallet:reconcile) and from the scheduled job', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['tools/run.cjs', 'apps/wallet/src/reconcile.cli.ts'],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
          NATS_STREAM_PREFIX: h.run,
        },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, issues: [] });
    await h.app!.get(ReconciliationScheduler).runOnce();
    const metrics = await h.app!.get<Registry>(METRICS_REGISTRY).metrics();
    expect(metrics).toMatch(/^wallet_reconciliation_issues(\{[^}]*\})? 0$/m);
    expect(metrics).toMatch(/^wallet_reconciliation_last_run_seconds(\{[^}]*\})? [1-9]/m);
  });

  it('refuses an unbalanced transaction, journal edits and negative balances in PostgreSQL itself', async () => {
    await h.query('begin');
    await h.query(`insert into journal_transaction (id, kind) values ('manual-1', 'FAUCET_DEPOSIT')`);
    await h.query(
      `insert into journal_entry (transaction_id, account_id, asset, amount)
       values ('manual-1', 'user:alice:BTC:AVAILABLE', 'BTC', 5)`,
    );
    await expect(h.query('commit')).rejects.toThrow(/manual-1 is unbalanced/);
    await expect(h.query(`delete from journal_entry`)).rejects.toThrow(/immutable/);
    await expect(
      h.query(`update ledger_account set balance = -1 where account_id = 'user:bob:ETH:AVAILABLE'`),
    ).rejects.toThrow(/ledger_account_not_negative/);
  });
});
