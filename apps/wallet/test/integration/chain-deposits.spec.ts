import {
  type DepositAddressReply,
  type DepositsReply,
  type ReconcileReply,
  type SimTransferReply,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
  type WithdrawalReply,
  type WithdrawalsReply,
} from '@exchange/shared-contracts';

import { type Registry } from 'prom-client';

import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';

import { waitFor, WalletHarness } from './wallet-harness';

jest.setTimeout(120_000);

const S = WALLET_SUBJECTS;
const CHAIN = {
  WALLET_CHAIN_WATCHER: 'simulated',
  WALLET_CHAIN_POLL_MS: '100',
  // Blocks only when a test mines them, so that every count below is exact.
  WALLET_SIM_BLOCK_MS: '0',
  WALLET_DEPOSIT_CONFIRMATIONS: '3',
  WALLET_DEPOSIT_CONFIRMATIONS_BY_ASSET: 'ETH=1',
  // A pending deposit missing from the chain is reverted after 2 more blocks.
  WALLET_DEPOSIT_REVERT_BLOCKS: '2',
  // A reverted deposit whose transfer comes back is detected again once.
  WALLET_DEPOSIT_REDETECT_LIMIT: '1',
};

interface DepositDb {
  status: string;
  confirmations: number;
  required_confirmations: number;
}

async function depositRow(h: WalletHarness, depositId: string): Promise<DepositDb | undefined> {
  const [row] = await h.query<DepositDb>(
    `select status, confirmations, required_confirmations from deposit where deposit_id = $1`,
    [depositId],
  );
  return row;
}

async function journalCount(h: WalletHarness, id: string): Promise<number> {
  const [row] = await h.query<{ n: string }>(
    `select count(*)::text as n from journal_transaction where id = $1`,
    [id],
  );
  return Number(row!.n);
}

const address = (h: WalletHarness, userId: string, asset: string) =>
  h.rpc<DepositAddressReply>(S.cmd.depositAddress, { userId, asset });
const mine = (h: WalletHarness, blocks: number) => h.rpc<{ height: number }>(S.cmd.simMine, { blocks });
const pay = (h: WalletHarness, asset: string, to: string, amount: string) =>
  h.rpc<SimTransferReply>(S.cmd.simTransfer, { asset, address: to, amount });
/** A gauge or counter of the wallet's registry (lines look like `name{labels,service="wallet"} value`). */
async function metric(h: WalletHarness, name: string): Promise<number | undefined> {
  const metrics = await h.app!.get<Registry>(METRICS_REGISTRY).metrics();
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}
/** A reorg of `depth` blocks whose new chain carries a double spend of `txid` instead: the transfer vanishes. */
const doubleSpend = (h: WalletHarness, depth: number, txid: string) =>
  h.rpc<{ height: number }>(S.cmd.simReorg, { depth, drop: [txid] });
/**
 * Waits until the watcher has recorded the deposit's transfer missing since `height` (the tip the reorg left). A
 * reorg runs no pass, so the first pass that misses the transfer is a periodic one (at that tip) or the next `mine`'s
 * (one block higher): the revert's block depends on which, so a test counting blocks waits for this first.
 */
async function seenMissingAt(h: WalletHarness, depositId: string, height: number): Promise<void> {
  await waitFor(async () => {
    const [row] = await h.query<{ missing: string | null }>(
      `select missing_since_height::text as missing from deposit where deposit_id = $1`,
      [depositId],
    );
    return row?.missing === String(height);
  });
}

describe('chain deposits and withdrawals through the simulated chain', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await WalletHarness.start(CHAIN);
  });
  afterAll(() => h?.close());

  it('gives each user one stable address per asset, unique across users and assets', async () => {
    const first = await address(h, 'alice', 'BTC');
    expect(first).toEqual({
      asset: 'BTC',
      network: 'BTC',
      address: expect.stringMatching(/^sim1q/),
      tag: '',
    });
    const again = await Promise.all([address(h, 'alice', 'BTC'), address(h, 'alice', 'BTC')]);
    expect(again.map((a) => a.address)).toEqual([first.address, first.address]);
    const others = [await address(h, 'alice', 'ETH'), await address(h, 'bob', 'BTC')].map((a) => a.address);
    expect(new Set([first.address, ...others]).size).toBe(3);
    const [stored] = await h.query<{ n: string }>(`select count(*)::text as n from deposit_address`);
    expect(stored!.n).toBe('3');
    expect((await h.rpcError(S.cmd.depositAddress, { userId: 'alice', asset: 'DOGE' })).code).toBe(
      WALLET_RPC_ERRORS.UNKNOWN_ASSET,
    );
  });

  it('records a transfer as pending at once and credits it exactly at the confirmation threshold', async () => {
    const to = (await address(h, 'alice', 'BTC')).address;
    const { txid, vout } = await pay(h, 'BTC', to, '0.5');
    const id = `${txid}:${vout}`;
    // Seen in the mempool: pending with 0 confirmations, the money in DEPOSITS_IN_FLIGHT, nothing credited.
    await waitFor(async () => (await depositRow(h, id))?.status === 'PENDING');
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(50_000_000n);
    expect(await h.balance('user:alice:BTC:AVAILABLE')).toBe(0n);

    await mine(h, 2);
    expect(await depositRow(h, id)).toEqual({
      status: 'PENDING',
      confirmations: 2,
      required_confirmations: 3,
    });
    const pending = await h.rpc<DepositsReply>(S.query.deposits, { userId: 'alice' });
    expect(pending.deposits).toEqual([
      expect.objectContaining({
        depositId: id,
        amount: '0.50000000',
        source: 'CHAIN',
        status: 'PENDING',
        confirmations: 2,
        requiredConfirmations: 3,
        address: to,
        creditTime: null,
      }),
    ]);
    expect(await h.balance('user:alice:BTC:AVAILABLE')).toBe(0n);

    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED', confirmations: 3 });
    expect(await h.balance('user:alice:BTC:AVAILABLE')).toBe(50_000_000n);
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(0n);
    const credited = await h.rpc<DepositsReply>(S.query.deposits, { userId: 'alice' });
    expect(credited.deposits[0]).toMatchObject({ status: 'CONFIRMED', creditTime: expect.any(Number) });

    // More blocks and passes change nothing.
    await mine(h, 3);
    expect(await h.balance('user:alice:BTC:AVAILABLE')).toBe(50_000_000n);
    expect(await journalCount(h, `deposit-confirmed:${id}`)).toBe(1);
  });

  it('credits a transfer a reorg showed twice only once, at the threshold of the chain it ended on', async () => {
    const to = (await address(h, 'bob', 'BTC')).address;
    const { txid, vout } = await pay(h, 'BTC', to, '0.25');
    const id = `${txid}:${vout}`;
    await mine(h, 2);
    expect(await depositRow(h, id)).toMatchObject({ status: 'PENDING', confirmations: 2 });

    // The two blocks vanish: the transfer is back in the mempool, then mined in a new block.
    await h.rpc(S.cmd.simReorg, { depth: 2 });
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'PENDING', confirmations: 1 });
    expect(await h.balance('user:bob:BTC:AVAILABLE')).toBe(0n);
    await mine(h, 2);
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await h.balance('user:bob:BTC:AVAILABLE')).toBe(25_000_000n);
    expect(await journalCount(h, `deposit-detected:${id}`)).toBe(1);
    expect(await journalCount(h, `deposit-confirmed:${id}`)).toBe(1);
    const [rows] = await h.query<{ n: string }>(
      `select count(*)::text as n from deposit where deposit_id = $1`,
      [id],
    );
    expect(rows!.n).toBe('1');
  });

  it('lets an operator confirm a pending deposit early, and the watcher never credits it again', async () => {
    const to = (await address(h, 'hank', 'BTC')).address;
    const { txid, vout } = await pay(h, 'BTC', to, '0.05');
    const id = `${txid}:${vout}`;
    await waitFor(async () => (await depositRow(h, id))?.status === 'PENDING');
    const confirm = { userId: 'hank', asset: 'BTC', amount: '0.05', depositId: id };
    // Other details than the chain's are refused.
    expect((await h.rpcError(S.cmd.confirmDeposit, { ...confirm, amount: '0.06' })).code).toBe(2102);
    await h.rpc(S.cmd.confirmDeposit, confirm);
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await h.balance('user:hank:BTC:AVAILABLE')).toBe(5_000_000n);
    await mine(h, 3);
    await h.rpc(S.cmd.confirmDeposit, confirm);
    expect(await h.balance('user:hank:BTC:AVAILABLE')).toBe(5_000_000n);
    expect(await journalCount(h, `deposit-confirmed:${id}`)).toBe(1);
  });

  it('uses the per-asset confirmation count, and ignores transfers to addresses that are not ours', async () => {
    const to = (await address(h, 'carol', 'ETH')).address;
    const { txid } = await pay(h, 'ETH', to, '1.5');
    await pay(h, 'ETH', 'sim1q' + '0'.repeat(38), '7');
    await mine(h, 1);
    expect(await depositRow(h, `${txid}:0`)).toMatchObject({
      status: 'CONFIRMED',
      required_confirmations: 1,
    });
    expect(await h.balance('user:carol:ETH:AVAILABLE')).toBe(1_500_000_000_000_000_000n);
    const [count] = await h.query<{ n: string }>(
      `select count(*)::text as n from deposit where asset = 'ETH'`,
    );
    expect(count!.n).toBe('1');
  });

  it('sends an approved withdrawal through the chain and completes it at the threshold', async () => {
    await h.faucet('dave', 'BTC', '2');
    // Paid to another user's deposit address: the chain carries it to them like any outside transfer.
    const to = (await address(h, 'erin', 'BTC')).address;
    const requested = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, {
      userId: 'dave',
      asset: 'BTC',
      amount: '0.75',
      address: to,
      idempotencyKey: 'w1',
    });
    const sent = await waitFor(async () => {
      const { withdrawals } = await h.rpc<WithdrawalsReply>(S.query.withdrawals, { userId: 'dave' });
      return withdrawals[0]?.status === 'SENT' && withdrawals[0];
    });
    expect(sent).toMatchObject({
      withdrawalId: requested.withdrawalId,
      txId: expect.any(String),
      confirmations: 0,
    });
    expect(await h.balance('venue:WITHDRAWALS_IN_FLIGHT:BTC')).toBe(75_000_000n);

    await mine(h, 2);
    const waiting = await h.rpc<WithdrawalsReply>(S.query.withdrawals, { userId: 'dave' });
    expect(waiting.withdrawals[0]).toMatchObject({ status: 'SENT', confirmations: 2 });
    await mine(h, 1);
    const done = await h.rpc<WithdrawalsReply>(S.query.withdrawals, { userId: 'dave' });
    expect(done.withdrawals[0]).toMatchObject({ status: 'COMPLETED', confirmations: 3, txId: sent.txId });
    expect(await h.balance('venue:WITHDRAWALS_IN_FLIGHT:BTC')).toBe(0n);
    expect(await h.balance('user:dave:BTC:AVAILABLE')).toBe(125_000_000n);
    expect(await h.balance('user:erin:BTC:AVAILABLE')).toBe(75_000_000n);
    // Completed withdrawals cannot be failed afterwards.
    const late = await h.rpcError(S.cmd.failWithdrawal, {
      withdrawalId: requested.withdrawalId,
      reason: 'x',
    });
    expect(late.code).toBe(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_PENDING);
  });

  it('fails a withdrawal the chain refuses and returns the funds', async () => {
    const requested = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, {
      userId: 'dave',
      asset: 'BTC',
      amount: '0.25',
      address: 'bc1qnotonthischain',
      idempotencyKey: 'w2',
    });
    expect(await h.balance('user:dave:BTC:AVAILABLE')).toBe(100_000_000n);
    const failed = await waitFor(async () => {
      const { withdrawals } = await h.rpc<WithdrawalsReply>(S.query.withdrawals, { userId: 'dave' });
      const w = withdrawals.find((x) => x.withdrawalId === requested.withdrawalId);
      return w?.status === 'FAILED' && w;
    });
    expect(failed.reason).toBe('address is not on the simulated chain');
    expect(await h.balance('user:dave:BTC:AVAILABLE')).toBe(125_000_000n);
    expect(await h.balance('venue:WITHDRAWALS_IN_FLIGHT:BTC')).toBe(0n);
  });

  it('fails a sent withdrawal the chain drops and returns the funds', async () => {
    const requested = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, {
      userId: 'dave',
      asset: 'BTC',
      amount: '0.1',
      // Not one of our deposit addresses: otherwise the watcher may detect it as erin's deposit before it vanishes.
      address: 'sim1q' + 'f'.repeat(38),
      idempotencyKey: 'w3',
    });
    const sent = await waitFor(async () => {
      const { withdrawals } = await h.rpc<WithdrawalsReply>(S.query.withdrawals, { userId: 'dave' });
      const w = withdrawals.find((x) => x.withdrawalId === requested.withdrawalId);
      return w?.status === 'SENT' && w;
    });
    // Evicted before it was mined (the outside world does this to a real chain's mempool).
    await h.query(`delete from sim_chain_transfer where txid = $1 and block_height is null`, [sent.txId]);
    const failed = await waitFor(async () => {
      const { withdrawals } = await h.rpc<WithdrawalsReply>(S.query.withdrawals, { userId: 'dave' });
      const w = withdrawals.find((x) => x.withdrawalId === requested.withdrawalId);
      return w?.status === 'FAILED' && w;
    });
    expect(failed.reason).toBe('the chain does not know the transaction');
    expect(await h.balance('user:dave:BTC:AVAILABLE')).toBe(125_000_000n);
    expect(await journalCount(h, `withdrawal-failed:${requested.withdrawalId}`)).toBe(1);
  });

  it('reverts a pending deposit a reorg dropped, once per round, after the configured blocks, never touching the user', async () => {
    const to = (await address(h, 'kim', 'BTC')).address;
    const { txid, vout } = await pay(h, 'BTC', to, '0.4');
    const id = `${txid}:${vout}`;
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'PENDING', confirmations: 1 });
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(40_000_000n);

    // The block that held it is replaced by one with a double spend: the chain no longer knows the transfer.
    await seenMissingAt(h, id, (await doubleSpend(h, 1, txid)).height);
    await mine(h, 1); // one block later: still waiting
    expect(await depositRow(h, id)).toMatchObject({ status: 'PENDING', confirmations: 0 });
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(40_000_000n);
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);

    await mine(h, 1); // two blocks after it went missing: reverted
    expect(await depositRow(h, id)).toMatchObject({ status: 'REVERTED', confirmations: 0 });
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(0n);
    expect(await h.balance('user:kim:BTC:AVAILABLE')).toBe(0n);
    expect(await journalCount(h, `deposit-reverted:${id}`)).toBe(1);
    const { deposits } = await h.rpc<DepositsReply>(S.query.deposits, { userId: 'kim' });
    expect(deposits).toEqual([
      expect.objectContaining({ depositId: id, status: 'REVERTED', creditTime: expect.any(Number) }),
    ]);
    const reverted = await h.rpc<DepositsReply>(S.query.deposits, { userId: 'kim', status: 'REVERTED' });
    expect(reverted.deposits).toHaveLength(1);
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);

    // The same txid:vout on the chain again (the sender rebroadcast it): pending again, in round 1.
    const comeBack = () =>
      h.query(
        `insert into sim_chain_transfer (txid, vout, asset, address, amount) values ($1, $2, 'BTC', $3, 40000000)`,
        [txid, vout, to],
      );
    await comeBack();
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'PENDING', confirmations: 1 });
    expect(await journalCount(h, `deposit-detected:${id}#1`)).toBe(1);
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(40_000_000n);
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);

    // Gone again: reverted in round 1; back once more: the limit (1) is spent, it stays reverted.
    await doubleSpend(h, 1, txid);
    await mine(h, 1);
    await mine(h, 1);
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'REVERTED' });
    expect(await journalCount(h, `deposit-reverted:${id}#1`)).toBe(1);
    await comeBack();
    await mine(h, 3);
    expect(await depositRow(h, id)).toMatchObject({ status: 'REVERTED' });
    expect(await journalCount(h, `deposit-detected:${id}#2`)).toBe(0);
    expect(await journalCount(h, `deposit-reverted:${id}`)).toBe(1);
    expect(await journalCount(h, `deposit-confirmed:${id}`)).toBe(0);
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(0n);
    expect(await h.balance('user:kim:BTC:AVAILABLE')).toBe(0n);
    // Nor can an operator credit it.
    const confirm = { userId: 'kim', asset: 'BTC', amount: '0.4', depositId: id };
    expect((await h.rpcError(S.cmd.confirmDeposit, confirm)).code).toBe(2402);
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);
  });

  it('keeps a credited deposit credited when a deep reorg drops it, and tells operators once', async () => {
    const to = (await address(h, 'lee', 'BTC')).address;
    const { txid, vout } = await pay(h, 'BTC', to, '0.2');
    const id = `${txid}:${vout}`;
    await mine(h, 3);
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await h.balance('user:lee:BTC:AVAILABLE')).toBe(20_000_000n);

    await doubleSpend(h, 3, txid);
    await mine(h, 1); // first seen missing here
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED', confirmations: 0 });
    await mine(h, 2); // two blocks later: lost
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED', confirmations: 0 });
    const [lost] = await h.query<{ lost: boolean }>(
      `select lost_at is not null as lost from deposit where deposit_id = $1`,
      [id],
    );
    expect(lost!.lost).toBe(true);
    expect(await metric(h, 'wallet_chain_lost_deposits')).toBe(1);
    // A chain deposit an operator recorded and credited without the watcher ever seeing it is not watched.
    const unseen = `${'e'.repeat(64)}:0`;
    await h.rpc(S.cmd.confirmDeposit, { userId: 'lee', asset: 'BTC', amount: '0.01', depositId: unseen });
    await mine(h, 1);
    await mine(h, 2);
    expect(await h.balance('user:lee:BTC:AVAILABLE')).toBe(21_000_000n);
    const [unseenRow] = await h.query<{ lost: boolean }>(
      `select lost_at is not null as lost from deposit where deposit_id = $1`,
      [unseen],
    );
    expect(unseenRow!.lost).toBe(false);
    expect(await metric(h, 'wallet_chain_lost_deposits')).toBe(1);

    // The transfer is back (the old chain won after all): the mark and the gauge clear, the credit was never touched.
    await h.query(
      `insert into sim_chain_transfer (txid, vout, asset, address, amount) values ($1, $2, 'BTC', $3, 20000000)`,
      [txid, vout, to],
    );
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED', confirmations: 1 });
    expect(await metric(h, 'wallet_chain_lost_deposits')).toBe(0);
    expect(await journalCount(h, `deposit-reverted:${id}`)).toBe(0);
    expect(await journalCount(h, `deposit-confirmed:${id}`)).toBe(1);
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);
  });

  it('counts what it did in the metrics', async () => {
    const metrics = await h.app!.get<Registry>(METRICS_REGISTRY).metrics();
    // Lines look like `name{labels,service="wallet"} value` (the runtime adds the service label).
    const value = (name: string, label = '') => {
      const prefix = label ? `${name}{${label},` : `${name}{`;
      const line = metrics.split('\n').find((l) => l.startsWith(prefix));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    // The watcher credited alice, bob, carol, erin (paid by dave's completed withdrawal; hank's was confirmed by
    // an operator) and lee (lost later, then back), reverted kim's twice (detected again in between). Dave's withdrawals: two sent (one completed, one dropped
    // and failed), one refused at once.
    expect(value('wallet_chain_deposits_total', 'event="credited"')).toBe(5);
    expect(value('wallet_chain_deposits_total', 'event="detected"')).toBe(7);
    expect(value('wallet_chain_deposits_total', 'event="reverted"')).toBe(2);
    expect(value('wallet_chain_deposits_total', 'event="redetected"')).toBe(1);
    expect(value('wallet_chain_deposits_total', 'event="lost"')).toBe(1);
    expect(value('wallet_chain_lost_deposits')).toBe(0);
    expect(value('wallet_chain_withdrawals_total', 'outcome="sent"')).toBe(2);
    expect(value('wallet_chain_withdrawals_total', 'outcome="completed"')).toBe(1);
    expect(value('wallet_chain_withdrawals_total', 'outcome="failed"')).toBe(2);
    const [tip] = await h.query<{ h: string }>(`select max(height)::text as h from sim_chain_block`);
    expect(value('wallet_chain_height')).toBe(Number(tip!.h));
    expect(value('wallet_chain_pending_deposits')).toBe(0);
    expect(value('wallet_chain_pass_errors_total')).toBe(0);
  });

  it('leaves the ledger reconciled', async () => {
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('reconciles the in-flight accounts against pending deposits and unfinished withdrawals', async () => {
    const { txid, vout } = await pay(h, 'BTC', (await address(h, 'gina', 'BTC')).address, '0.01');
    const id = `${txid}:${vout}`;
    await waitFor(async () => (await depositRow(h, id))?.status === 'PENDING');
    await h.faucet('gina', 'USDT', '5');
    await h.rpc(S.cmd.requestWithdrawal, {
      userId: 'gina',
      asset: 'USDT',
      amount: '2',
      address: 'bc1qelsewhere',
      idempotencyKey: 'g1',
    });
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);

    // A row that no longer matches its journal entries is reported (and nothing else is).
    await h.query(`update deposit set amount = amount + 1 where deposit_id = $1`, [id]);
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([
      { type: 'DEPOSITS_IN_FLIGHT_MISMATCH', asset: 'BTC', ledger: '1000000', rows: '1000001' },
    ]);
    await h.query(`update deposit set amount = amount - 1 where deposit_id = $1`, [id]);
    await mine(h, 3);
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);
  });
});

describe('chain deposits across wallet restarts', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await WalletHarness.start(CHAIN, false);
    await h.startProcess();
  });
  afterAll(() => h?.close());

  it('keeps a detected deposit through a crash and credits it once', async () => {
    const to = (await address(h, 'frank', 'BTC')).address;
    const { txid, vout } = await pay(h, 'BTC', to, '0.3');
    const id = `${txid}:${vout}`;
    await mine(h, 2);
    expect(await depositRow(h, id)).toMatchObject({ status: 'PENDING', confirmations: 2 });

    await h.process!.stop('SIGKILL');
    await h.startProcess();
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await h.balance('user:frank:BTC:AVAILABLE')).toBe(30_000_000n);

    // A crash after the credit, then more blocks: nothing more is credited.
    await h.process!.stop('SIGKILL');
    await h.startProcess();
    await mine(h, 2);
    expect(await h.balance('user:frank:BTC:AVAILABLE')).toBe(30_000_000n);
    expect(await journalCount(h, `deposit-confirmed:${id}`)).toBe(1);
    expect((await address(h, 'frank', 'BTC')).address).toBe(to);
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.ok).toBe(true);
  });
});

describe('chain deposit reverts across wallet restarts', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await WalletHarness.start(CHAIN, false);
    await h.startProcess();
  });
  afterAll(() => h?.close());

  it('reverts a deposit whose transfer vanished before a crash exactly once after it, and credits it when it comes back', async () => {
    const to = (await address(h, 'mia', 'BTC')).address;
    const { txid, vout } = await pay(h, 'BTC', to, '0.6');
    const id = `${txid}:${vout}`;
    await mine(h, 1);
    // Seen missing before the crash; the two blocks that revert it come after.
    await seenMissingAt(h, id, (await doubleSpend(h, 1, txid)).height);

    await h.process!.stop('SIGKILL');
    await h.startProcess();
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'PENDING' });
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'REVERTED' });

    await h.process!.stop('SIGKILL');
    await h.startProcess();
    await mine(h, 2);
    expect(await journalCount(h, `deposit-reverted:${id}`)).toBe(1);
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(0n);
    expect(await h.balance('user:mia:BTC:AVAILABLE')).toBe(0n);
    expect((await h.rpc<ReconcileReply>(S.query.reconcile, {})).issues).toEqual([]);

    // The sender rebroadcasts it: detected again (round 1) and credited at the threshold, once.
    await h.query(
      `insert into sim_chain_transfer (txid, vout, asset, address, amount) values ($1, $2, 'BTC', $3, 60000000)`,
      [txid, vout, to],
    );
    await mine(h, 1);
    expect(await depositRow(h, id)).toMatchObject({ status: 'PENDING', confirmations: 1 });
    await h.process!.stop('SIGKILL');
    await h.startProcess();
    await mine(h, 2);
    expect(await depositRow(h, id)).toMatchObject({ status: 'CONFIRMED', confirmations: 3 });
    expect(await h.balance('user:mia:BTC:AVAILABLE')).toBe(60_000_000n);
    expect(await h.balance('venue:DEPOSITS_IN_FLIGHT:BTC')).toBe(0n);
    expect(await journalCount(h, `deposit-detected:${id}#1`)).toBe(1);
    expect(await journalCount(h, `deposit-confirmed:${id}`)).toBe(1);
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
  });
});

describe('without a chain watcher', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await WalletHarness.start();
  });
  afterAll(() => h?.close());

  it('refuses deposit addresses and the simulator, and leaves withdrawals to operators', async () => {
    expect((await h.rpcError(S.cmd.depositAddress, { userId: 'a', asset: 'BTC' })).code).toBe(
      WALLET_RPC_ERRORS.CHAIN_UNAVAILABLE,
    );
    expect((await h.rpcError(S.cmd.simMine, { blocks: 1 })).code).toBe(WALLET_RPC_ERRORS.CHAIN_UNAVAILABLE);
    // The request's own fault comes first: an unknown asset is that, chain or no chain.
    expect((await h.rpcError(S.cmd.depositAddress, { userId: 'a', asset: 'NOPECOIN1' })).code).toBe(
      WALLET_RPC_ERRORS.UNKNOWN_ASSET,
    );
    await h.faucet('a', 'BTC', '1');
    const w = await h.rpc<WithdrawalReply>(S.cmd.requestWithdrawal, {
      userId: 'a',
      asset: 'BTC',
      amount: '0.5',
      address: 'bc1qsomewhere',
      idempotencyKey: 'w',
    });
    await new Promise((r) => setTimeout(r, 300));
    const { withdrawals } = await h.rpc<WithdrawalsReply>(S.query.withdrawals, { userId: 'a' });
    expect(withdrawals[0]).toMatchObject({ withdrawalId: w.withdrawalId, status: 'REQUESTED', txId: null });
  });
});

describe('the simulated chain producing blocks on its own', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await WalletHarness.start({
      WALLET_CHAIN_WATCHER: 'simulated',
      WALLET_CHAIN_POLL_MS: '100',
      WALLET_SIM_BLOCK_MS: '200',
      WALLET_DEPOSIT_CONFIRMATIONS: '2',
    });
  });
  afterAll(() => h?.close());

  it('credits a transfer with nobody mining by hand', async () => {
    const to = (await address(h, 'ivy', 'USDT')).address;
    const { txid, vout } = await pay(h, 'USDT', to, '12.5');
    await waitFor(async () => (await depositRow(h, `${txid}:${vout}`))?.status === 'CONFIRMED');
    expect(await h.balance('user:ivy:USDT:AVAILABLE')).toBe(12_500_000n);
    const [blocks] = await h.query<{ n: string }>(`select count(*)::text as n from sim_chain_block`);
    expect(Number(blocks!.n)).toBeGreaterThanOrEqual(2);
  });
});
