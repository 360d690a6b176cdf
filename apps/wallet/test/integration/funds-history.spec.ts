import {
  type AssetsReply,
  type DepositsReply,
  type PendingWithdrawalsReply,
  type ReconcileReply,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
  type WithdrawalReply,
  type WithdrawalsReply,
} from '@exchange/shared-contracts';

import { ReferenceDataRepository } from '../../src/reference/reference-data.repository';
import { WalletHarness } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
let h: WalletHarness;

beforeAll(async () => {
  h = await WalletHarness.start({
    // Withdrawals above 1 BTC or 50 ETH wait for an operator; the other assets never wait.
    WALLET_WITHDRAWAL_APPROVAL_ABOVE: 'BTC=1,ETH=50',
    // Read back by the assets query (no chain watcher runs here).
    WALLET_DEPOSIT_CONFIRMATIONS: '4',
    WALLET_DEPOSIT_CONFIRMATIONS_BY_ASSET: 'BTC=2,ETH=12',
  });
});
afterAll(() => h?.close());

const withdraw = (amount: string, key: string, userId = 'holder') =>
  h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, {
    userId,
    asset: 'BTC',
    amount,
    address: 'bc1-test-address',
    idempotencyKey: key,
  });

describe('deposit history', () => {
  it('lists only the user’s own deposits, newest first, by asset and page', async () => {
    await h.faucet('holder', 'BTC', '1', 'd1');
    await h.faucet('holder', 'USDT', '100', 'd2');
    await h.faucet('holder', 'BTC', '4', 'd3');
    await h.faucet('someone-else', 'BTC', '7', 'd4');
    await h.rpc(S.cmd.confirmDeposit, { userId: 'holder', asset: 'ETH', amount: '2', depositId: 'txid-9:0' });

    const all = await h.rpc<DepositsReply>(S.query.deposits, { userId: 'holder' });
    expect(all.deposits.map((d) => [d.asset, d.amount, d.source])).toEqual([
      ['ETH', '2.000000000000000000', 'CHAIN'],
      ['BTC', '4.00000000', 'FAUCET'],
      ['USDT', '100.000000', 'FAUCET'],
      ['BTC', '1.00000000', 'FAUCET'],
    ]);
    expect(all.deposits[0]).toMatchObject({ depositId: 'txid-9:0', status: 'CONFIRMED' });
    const times = all.deposits.map((d) => d.time);
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const btc = await h.rpc<DepositsReply>(S.query.deposits, { userId: 'holder', asset: 'BTC' });
    expect(btc.deposits.map((d) => d.amount)).toEqual(['4.00000000', '1.00000000']);
    const page = await h.rpc<DepositsReply>(S.query.deposits, { userId: 'holder', offset: 1, limit: 2 });
    expect(page.deposits.map((d) => d.depositId)).toEqual(all.deposits.slice(1, 3).map((d) => d.depositId));
    const window = await h.rpc<DepositsReply>(S.query.deposits, {
      userId: 'holder',
      startTime: all.deposits[3]!.time,
      endTime: all.deposits[3]!.time,
    });
    expect(window.deposits.map((d) => d.depositId)).toContain(all.deposits[3]!.depositId);
    expect(window.deposits.every((d) => d.time === all.deposits[3]!.time)).toBe(true);
    expect((await h.rpc<DepositsReply>(S.query.deposits, { userId: 'nobody' })).deposits).toEqual([]);
  });

  it('refuses a reversed window, an unknown asset and a bad limit', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ userId: 'holder', startTime: 2, endTime: 1 }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
      [{ userId: 'holder', asset: 'NOPE' }, WALLET_RPC_ERRORS.UNKNOWN_ASSET],
      [{ userId: 'holder', limit: 1001 }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
      [{ userId: 'holder', offset: -1 }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
    ];
    for (const [request, code] of cases) {
      expect({ request, code: (await h.rpcError(S.query.deposits, request)).code }).toEqual({
        request,
        code,
      });
    }
  });
});

describe('withdrawals above the approval threshold', () => {
  let small: WithdrawalReply;
  let large: WithdrawalReply;

  it('goes straight to REQUESTED at or under the threshold and waits in PENDING_APPROVAL above it, funds held', async () => {
    small = await withdraw('1', 'w-small');
    expect(small.status).toBe('REQUESTED');
    large = await withdraw('2.5', 'w-large');
    expect(large.status).toBe('PENDING_APPROVAL');
    expect(await h.balance('user:holder:BTC:AVAILABLE')).toBe(150_000_000n);
    expect(await h.balance('venue:WITHDRAWALS_IN_FLIGHT:BTC')).toBe(350_000_000n);
    // A retry with the same key answers the same withdrawal.
    expect(await withdraw('2.5', 'w-large')).toEqual(large);
  });

  it('cannot be sent, failed or approved twice the wrong way while it waits or once decided; refusals change nothing', async () => {
    const before = await h.snapshot();
    const refused = [
      await h.rpcError(S.cmd.completeWithdrawal, { withdrawalId: large.withdrawalId }),
      await h.rpcError(S.cmd.failWithdrawal, { withdrawalId: large.withdrawalId, reason: 'x' }),
      await h.rpcError(S.cmd.approveWithdrawal, { withdrawalId: small.withdrawalId, operator: 'ops-1' }),
      await h.rpcError(S.cmd.rejectWithdrawal, { withdrawalId: small.withdrawalId, operator: 'ops-1' }),
    ].map((e) => e.code);
    expect(refused).toEqual(Array(4).fill(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_PENDING));
    const missing = await h.rpcError(S.cmd.approveWithdrawal, { withdrawalId: 'no-such', operator: 'ops-1' });
    expect(missing.code).toBe(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_FOUND);
    const noOperator = await h.rpcError(S.cmd.approveWithdrawal, { withdrawalId: large.withdrawalId });
    expect(noOperator.code).toBe(WALLET_RPC_ERRORS.VALIDATION_FAILED);
    expect(await h.snapshot()).toBe(before);
  });

  it('lists the waiting ones for operators, oldest first', async () => {
    const pending = await h.rpc<PendingWithdrawalsReply>(S.query.pendingWithdrawals, {});
    expect(pending.withdrawals.map((w) => [w.withdrawalId, w.userId, w.amount])).toEqual([
      [large.withdrawalId, 'holder', '2.50000000'],
    ]);
  });

  it('approved, goes on to REQUESTED (nothing moves) and can then be completed', async () => {
    const before = await h.snapshot();
    const approved = await h.rpc<WithdrawalReply>(S.cmd.approveWithdrawal, {
      withdrawalId: large.withdrawalId,
      operator: 'ops-1',
    });
    expect(approved.status).toBe('REQUESTED');
    const again = await h.rpc<WithdrawalReply>(S.cmd.approveWithdrawal, {
      withdrawalId: large.withdrawalId,
      operator: 'ops-1',
    });
    expect(again).toEqual(approved);
    const counts = (s: string) => JSON.parse(s).slice(0, 2);
    expect(counts(await h.snapshot())).toEqual(counts(before));
    const rejectLate = await h.rpcError(S.cmd.rejectWithdrawal, {
      withdrawalId: large.withdrawalId,
      operator: 'ops-2',
    });
    expect(rejectLate.code).toBe(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_PENDING);
    const done = await h.rpc<WithdrawalReply>(S.cmd.completeWithdrawal, { withdrawalId: large.withdrawalId });
    expect(done.status).toBe('COMPLETED');
  });

  it('rejected, returns the amount to the user in one journal transaction', async () => {
    await h.faucet('holder', 'BTC', '3', 'd5');
    const third = await withdraw('3', 'w-third');
    expect(third.status).toBe('PENDING_APPROVAL');
    expect(await h.balance('user:holder:BTC:AVAILABLE')).toBe(150_000_000n);
    const rejected = await h.rpc<WithdrawalReply>(S.cmd.rejectWithdrawal, {
      withdrawalId: third.withdrawalId,
      operator: 'ops-2',
      reason: 'address on a deny list',
    });
    expect(rejected.status).toBe('REJECTED');
    expect(await h.balance('user:holder:BTC:AVAILABLE')).toBe(450_000_000n);
    const again = await h.rpc<WithdrawalReply>(S.cmd.rejectWithdrawal, {
      withdrawalId: third.withdrawalId,
      operator: 'ops-2',
    });
    expect(again).toEqual(rejected);
    expect(await h.balance('user:holder:BTC:AVAILABLE')).toBe(450_000_000n);
    const approveLate = await h.rpcError(S.cmd.approveWithdrawal, {
      withdrawalId: third.withdrawalId,
      operator: 'x',
    });
    expect(approveLate.code).toBe(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_PENDING);
  });

  it('shows every state in the user’s withdrawal history, newest first, filterable by status', async () => {
    await withdraw('0.1', 'w-other', 'someone-else');
    const all = await h.rpc<WithdrawalsReply>(S.query.withdrawals, { userId: 'holder' });
    expect(all.withdrawals.map((w) => [w.amount, w.status, w.reviewedBy, w.reason])).toEqual([
      ['3.00000000', 'REJECTED', 'ops-2', 'address on a deny list'],
      ['2.50000000', 'COMPLETED', 'ops-1', null],
      ['1.00000000', 'REQUESTED', null, null],
    ]);
    const rejected = await h.rpc<WithdrawalsReply>(S.query.withdrawals, {
      userId: 'holder',
      status: 'REJECTED',
    });
    expect(rejected.withdrawals).toHaveLength(1);
    const page = await h.rpc<WithdrawalsReply>(S.query.withdrawals, {
      userId: 'holder',
      offset: 1,
      limit: 1,
    });
    expect(page.withdrawals.map((w) => w.amount)).toEqual(['2.50000000']);
    expect((await h.rpc<PendingWithdrawalsReply>(S.query.pendingWithdrawals, {})).withdrawals).toEqual([]);
  });

  it('reconciles clean', async () => {
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
  });
});

describe('withdrawals named by clientWithdrawalId', () => {
  const request = (fields: Record<string, unknown> = {}) => ({
    userId: 'client-a',
    asset: 'USDT',
    amount: '10',
    address: 'T-test-address',
    idempotencyKey: 'cw-1',
    clientWithdrawalId: 'payout-001',
    ...fields,
  });
  const withdrawals = (fields: Record<string, unknown>) =>
    h.rpc<WithdrawalsReply>(S.query.withdrawals, fields).then((r) => r.withdrawals);
  let first: WithdrawalReply;
  let unnamed: WithdrawalReply;

  it('keeps the id; a retry with the same asset, amount and address answers the same withdrawal whatever its key', async () => {
    await h.faucet('client-a', 'USDT', '100');
    first = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, request());
    expect(first).toMatchObject({
      status: 'REQUESTED',
      amount: '10.000000',
      clientWithdrawalId: 'payout-001',
    });
    const before = await h.snapshot();
    for (const retry of [request({ idempotencyKey: 'cw-2' }), request({ amount: '10.000' }), request()]) {
      expect(await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, retry)).toEqual(first);
    }
    expect(await h.snapshot()).toBe(before);
    expect(await h.balance('user:client-a:USDT:AVAILABLE')).toBe(90_000_000n);
    expect(await h.balance('venue:WITHDRAWALS_IN_FLIGHT:USDT')).toBe(10_000_000n);
  });

  it('refuses the id with another asset, amount or address (2102) and moves nothing', async () => {
    const before = await h.snapshot();
    for (const conflicting of [
      request({ amount: '11', idempotencyKey: 'cw-3' }),
      request({ address: 'T-other-address' }),
      request({ asset: 'BTC' }),
    ]) {
      const refused = await h.rpcError(S.cmd.requestWithdrawal, conflicting);
      expect({ conflicting, code: refused.code }).toEqual({ conflicting, code: 2102 });
    }
    expect(await h.snapshot()).toBe(before);
    const malformed = await h.rpcError(S.cmd.requestWithdrawal, request({ clientWithdrawalId: 'no spaces' }));
    expect(malformed.code).toBe(WALLET_RPC_ERRORS.VALIDATION_FAILED);
  });

  it('is one per user: another user may name a withdrawal the same', async () => {
    await h.faucet('client-b', 'USDT', '50');
    const other = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, request({ userId: 'client-b' }));
    expect(other.withdrawalId).not.toBe(first.withdrawalId);
    expect(other).toMatchObject({ userId: 'client-b', clientWithdrawalId: 'payout-001' });
    expect(await h.balance('user:client-b:USDT:AVAILABLE')).toBe(40_000_000n);
    // The table holds it too: a second row of one user with the same id is refused.
    const duplicate = await h.inTransaction(
      `insert into withdrawal (withdrawal_id, user_id, asset, amount, address, status, client_withdrawal_id)
       values ('dup-1', 'client-b', 'USDT', 1, 'T-test-address', 'REQUESTED', 'payout-001')`,
    );
    expect(duplicate).toMatch(/withdrawal_user_client_id/);
  });

  it('without one is idempotent by its key as before (the named request did not claim that key), shown as null', async () => {
    unnamed = await h.rpc<WithdrawalReply>(
      S.cmd.requestWithdrawal,
      request({ clientWithdrawalId: undefined }),
    );
    expect(unnamed.withdrawalId).not.toBe(first.withdrawalId);
    expect(unnamed.clientWithdrawalId).toBeNull();
    const again = await h.rpc<WithdrawalReply>(
      S.cmd.requestWithdrawal,
      request({ clientWithdrawalId: undefined }),
    );
    expect(again).toEqual(unnamed);
    expect(await h.balance('user:client-a:USDT:AVAILABLE')).toBe(80_000_000n);
  });

  it('shows the id in the history and filters by it within the page’s other bounds', async () => {
    const done = await h.rpc<WithdrawalReply>(S.cmd.completeWithdrawal, { withdrawalId: first.withdrawalId });
    expect(done).toMatchObject({ status: 'COMPLETED', clientWithdrawalId: 'payout-001' });

    const all = await withdrawals({ userId: 'client-a' });
    expect(all.map((w) => [w.withdrawalId, w.clientWithdrawalId])).toEqual([
      [unnamed.withdrawalId, null],
      [first.withdrawalId, 'payout-001'],
    ]);
    const named = await withdrawals({ userId: 'client-a', clientWithdrawalId: 'payout-001' });
    expect(named.map((w) => [w.withdrawalId, w.status])).toEqual([[first.withdrawalId, 'COMPLETED']]);
    const otherUser = await withdrawals({ userId: 'client-b', clientWithdrawalId: 'payout-001' });
    expect(otherUser.map((w) => w.clientWithdrawalId)).toEqual(['payout-001']);
    expect(otherUser[0]!.withdrawalId).not.toBe(first.withdrawalId);
    for (const bounds of [
      { status: 'REQUESTED' },
      { asset: 'BTC' },
      { offset: 1 },
      { endTime: named[0]!.time - 1 },
    ]) {
      expect(await withdrawals({ userId: 'client-a', clientWithdrawalId: 'payout-001', ...bounds })).toEqual(
        [],
      );
    }
    // Any of several states.
    const either = await withdrawals({ userId: 'client-a', status: ['REQUESTED', 'COMPLETED'] });
    expect(either.map((w) => w.withdrawalId)).toContain(first.withdrawalId);
    expect(either.every((w) => ['REQUESTED', 'COMPLETED'].includes(w.status))).toBe(true);
    expect(
      await withdrawals({ userId: 'client-a', clientWithdrawalId: 'payout-001', status: ['SENT', 'FAILED'] }),
    ).toEqual([]);
    const empty = await h.rpcError(S.query.withdrawals, { userId: 'client-a', status: [] });
    expect(empty.code).toBe(WALLET_RPC_ERRORS.VALIDATION_FAILED);
    expect(await withdrawals({ userId: 'client-a', clientWithdrawalId: 'payout-999' })).toEqual([]);
    const bad = await h.rpcError(S.query.withdrawals, { userId: 'client-a', clientWithdrawalId: 'a/b' });
    expect(bad.code).toBe(WALLET_RPC_ERRORS.VALIDATION_FAILED);
  });

  it('keeps the id through approval: operators see it on the waiting withdrawal and in their decision', async () => {
    await h.faucet('client-b', 'BTC', '2');
    const big = await h.rpc<WithdrawalReply>(
      S.cmd.requestWithdrawal,
      request({ userId: 'client-b', asset: 'BTC', amount: '1.5', clientWithdrawalId: 'big-1' }),
    );
    expect(big).toMatchObject({ status: 'PENDING_APPROVAL', clientWithdrawalId: 'big-1' });
    const pending = await h.rpc<PendingWithdrawalsReply>(S.query.pendingWithdrawals, {});
    expect(pending.withdrawals.map((w) => [w.withdrawalId, w.userId, w.clientWithdrawalId])).toEqual([
      [big.withdrawalId, 'client-b', 'big-1'],
    ]);
    const rejected = await h.rpc<WithdrawalReply>(S.cmd.rejectWithdrawal, {
      withdrawalId: big.withdrawalId,
      operator: 'ops-1',
    });
    expect(rejected).toMatchObject({ status: 'REJECTED', clientWithdrawalId: 'big-1' });
    expect(await h.balance('user:client-b:BTC:AVAILABLE')).toBe(200_000_000n);
  });

  it('reconciles clean', async () => {
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);
  });
});

describe('wallet.query.assets.v1', () => {
  it('answers every asset by code with its decimals, state, confirmations and approval limit', async () => {
    const reply = await h.rpc<AssetsReply>(S.query.assets, {});
    expect(reply.assets).toEqual([
      {
        asset: 'BTC',
        decimals: 8,
        enabled: true,
        depositConfirmations: 2,
        withdrawalApprovalAbove: '1.00000000',
      },
      {
        asset: 'ETH',
        decimals: 18,
        enabled: true,
        depositConfirmations: 12,
        withdrawalApprovalAbove: '50.000000000000000000',
      },
      { asset: 'SOL', decimals: 9, enabled: true, depositConfirmations: 4, withdrawalApprovalAbove: null },
      { asset: 'USDC', decimals: 6, enabled: true, depositConfirmations: 4, withdrawalApprovalAbove: null },
      { asset: 'USDT', decimals: 6, enabled: true, depositConfirmations: 4, withdrawalApprovalAbove: null },
    ]);
  });

  it('shows a disabled asset as such', async () => {
    await h.query(`update asset set enabled = false where code = 'USDC'`);
    try {
      h.app!.get(ReferenceDataRepository).invalidate();
      const reply = await h.rpc<AssetsReply>(S.query.assets, {});
      expect(reply.assets.find((a) => a.asset === 'USDC')?.enabled).toBe(false);
    } finally {
      await h.query(`update asset set enabled = true where code = 'USDC'`);
      h.app!.get(ReferenceDataRepository).invalidate();
    }
  });

  it('refuses a request with fields (2901)', async () => {
    expect((await h.rpcError(S.query.assets, { asset: 'BTC' })).code).toBe(
      WALLET_RPC_ERRORS.VALIDATION_FAILED,
    );
  });
});
