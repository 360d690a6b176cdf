import {
  type BalanceMovement,
  balanceUpdateSchema,
  WALLET_SUBJECTS,
  userBalanceSubject,
  type WithdrawalReply,
} from '@exchange/shared-contracts';

import { waitFor, WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

let h: WalletHarness;
beforeAll(async () => {
  h = await WalletHarness.start();
});
afterAll(() => h?.close());

const S = WALLET_SUBJECTS;

describe('user.<id>.balance names the deposit or withdrawal behind it', () => {
  it('for credited deposits and requested and failed withdrawals, once, and not for replays or completions', async () => {
    const received = h.listen(userBalanceSubject('mover'));
    await h.faucet('mover', 'USDT', '100', 'f1');
    await h.faucet('mover', 'USDT', '100', 'f1');
    const chain = { userId: 'mover', asset: 'BTC', amount: '0.5', depositId: 'tx-9:1' };
    await h.rpc(S.cmd.confirmDeposit, chain);
    await h.rpc(S.cmd.confirmDeposit, chain);
    const first = { userId: 'mover', asset: 'USDT', amount: '30', address: 'addr', idempotencyKey: 'w1' };
    const failing = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, first);
    await h.rpc(S.cmd.requestWithdrawal, first);
    await h.rpc(S.cmd.failWithdrawal, { withdrawalId: failing.withdrawalId, reason: 'chain refused' });
    const second = { ...first, amount: '10.25', idempotencyKey: 'w2' };
    const completing = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, second);
    await h.rpc(S.cmd.completeWithdrawal, { withdrawalId: completing.withdrawalId });

    // Every call publishes the balances once; only the ones that moved money available name a movement.
    const updates = await waitFor(async () =>
      received.length === 9 ? received.map((u) => balanceUpdateSchema.parse(u)) : undefined,
    );
    const movements = updates.flatMap((u) => (u.movement ? [u.movement] : []));
    const expected: BalanceMovement[] = [
      { kind: 'DEPOSIT', asset: 'USDT', delta: '100.000000' },
      { kind: 'DEPOSIT', asset: 'BTC', delta: '0.50000000' },
      { kind: 'WITHDRAWAL', asset: 'USDT', delta: '-30.000000' },
      { kind: 'WITHDRAWAL', asset: 'USDT', delta: '30.000000' },
      { kind: 'WITHDRAWAL', asset: 'USDT', delta: '-10.250000' },
    ];
    expect(movements).toHaveLength(expected.length);
    expect(movements).toEqual(expect.arrayContaining(expected));
    // The last word on the balances: 100 − 10.25 USDT (the failed 30 came back), 0.5 BTC.
    const latest = updates.reduce((a, b) => (b.ts >= a.ts ? b : a));
    expect(latest.balances).toEqual(
      expect.arrayContaining([
        { asset: 'USDT', available: '89.750000', held: '0.000000', total: '89.750000' },
      ]),
    );
  });
});
