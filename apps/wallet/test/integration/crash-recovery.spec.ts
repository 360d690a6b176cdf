import {
  type MatchingEventBatch,
  type ReconcileReply,
  type SubmitOrderReply,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(120_000);

const S = WALLET_SUBJECTS;
const MARKET = 'BTC-USDT';
const TRADES = 600;
let h: WalletHarness;

beforeAll(async () => {
  // Small transactions (5 messages), and a short ack wait so that what the killed process held comes back soon.
  h = await WalletHarness.start(
    { WALLET_SETTLEMENT_BATCH: '5', WALLET_SETTLEMENT_ACK_WAIT_MS: '2000' },
    false,
  );
});
afterAll(() => h?.close());

const cursor = () => h.settledSeq(MARKET);

describe('the wallet process killed mid-settlement', () => {
  it('loses and duplicates nothing after a restart (SIGKILL)', async () => {
    await h.startProcess();
    await h.faucet('seller', 'BTC', '1');
    await h.faucet('buyer', 'USDT', '100000');
    const order = { symbol: MARKET, type: 'LIMIT', price: '30000.00', quantity: '0.06' };
    const sell = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      ...order,
      userId: 'seller',
      clientOrderId: 's',
      side: 'SELL',
    });
    const buy = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      ...order,
      userId: 'buyer',
      clientOrderId: 'b',
      side: 'BUY',
    });
    expect((await h.process!.stop('SIGTERM')).code).toBe(0);

    // A backlog of 600 one-lot trades, one message each, waiting in the EVT stream.
    for (let seq = 1; seq <= TRADES; seq++) {
      const batch: MatchingEventBatch = {
        v: 1,
        market: MARKET,
        firstSeq: seq,
        lastSeq: seq,
        commandSeq: 2,
        events: [
          {
            type: 'trade',
            seq,
            ts: 1,
            price: 3_000_000,
            quantity: 1,
            makerOrderId: sell.orderId,
            takerOrderId: buy.orderId,
            makerUserId: 'seller',
            takerUserId: 'buyer',
            takerSide: 'BUY',
            makerRemaining: TRADES - seq,
            takerRemaining: TRADES - seq,
          },
        ],
      };
      await h.publishEvents(batch);
    }
    const first = await h.startProcess();
    const atKill = await waitFor(async () => {
      const c = await cursor();
      return c >= 50 && c;
    });
    await first.stop('SIGKILL');
    const afterKill = await cursor();
    expect(afterKill).toBeLessThan(TRADES);
    await h.startProcess();
    await waitFor(async () => (await cursor()) === TRADES, 60_000);
    expect(atKill).toBeGreaterThanOrEqual(50);

    const [trades] = await h.query<{ n: number }>(
      `select count(*)::int as n from journal_transaction where kind = 'TRADE'`,
    );
    expect(trades.n).toBe(TRADES);
    // Per trade: 3 USDT for 0.0001 BTC; taker fee 10 sat, maker fee 0.0024 USDT.
    expect(await h.balance('user:buyer:BTC:AVAILABLE')).toBe(BigInt(TRADES) * (10_000n - 10n));
    expect(await h.balance('user:buyer:USDT:AVAILABLE')).toBe(100_000_000_000n - BigInt(TRADES) * 3_000_000n);
    expect(await h.balance('user:buyer:USDT:HELD')).toBe(0n);
    expect(await h.balance('user:seller:USDT:AVAILABLE')).toBe(BigInt(TRADES) * (3_000_000n - 2_400n));
    expect(await h.balance('user:seller:BTC:HELD')).toBe(0n);
    expect(await h.balance('venue:FEES:BTC')).toBe(BigInt(TRADES) * 10n);
    const statuses = await h.query(`select status from wallet_order order by 1`);
    expect(statuses).toEqual([{ status: 'FILLED' }, { status: 'FILLED' }]);
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
  });
});
