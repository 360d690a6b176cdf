import {
  type DepositsReply,
  type PendingWithdrawalsReply,
  type ReconcileReply,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
  type WithdrawalReply,
  type WithdrawalsReply,
} from '@exchange/shared-contracts';

import { WalletHarness } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
let h: WalletHarness;

beforeAll(async () => {
  // Withdrawals above 1 BTC wait for an operator; USDT never waits.
  h = await WalletHarness.start({ WALLET_WITHDRAWAL_APPROVAL_ABOVE: 'BTC=1,ETH=50' });
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
