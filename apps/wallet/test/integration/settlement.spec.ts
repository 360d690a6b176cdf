import {
  balanceUpdateSchema,
  type BalancesReply,
  type MatchingEventBatch,
  type MatchingEventMessage,
  type ReconcileReply,
  STREAMS,
  type SubmitOrderReply,
  evtSubject,
  userBalanceSubject,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
const MARKET = 'BTC-USDT';
let h: WalletHarness;
let sell: SubmitOrderReply;
let buy: SubmitOrderReply;

beforeAll(async () => {
  h = await WalletHarness.start({ WALLET_SETTLEMENT_BATCH: '10' });
  await h.faucet('seller', 'BTC', '1');
  await h.faucet('buyer', 'USDT', '20000');
  const order = { symbol: MARKET, type: 'LIMIT' };
  // 0.5 BTC at 30000: holds 0.5 BTC.
  sell = await h.rpc(S.cmd.submitOrder, {
    ...order,
    userId: 'seller',
    clientOrderId: 's1',
    side: 'SELL',
    price: '30000.00',
    quantity: '0.5',
  });
  // 0.3 BTC at 30010: holds 9003 USDT + 0.1 % headroom = 9012.003 USDT.
  buy = await h.rpc(S.cmd.submitOrder, {
    ...order,
    userId: 'buyer',
    clientOrderId: 'b1',
    side: 'BUY',
    price: '30010.00',
    quantity: '0.3',
  });
  expect(buy.hold.units).toBe('9012003000');
});
afterAll(() => h?.close());

const base = { ts: 1_700_000_000_000 };
function batch(events: MatchingEventMessage[], commandSeq = 1): MatchingEventBatch {
  return {
    v: 1,
    market: MARKET,
    firstSeq: events[0].seq,
    lastSeq: events[events.length - 1].seq,
    commandSeq,
    events,
  };
}
const acceptedSell = (): MatchingEventMessage => ({
  type: 'accepted',
  seq: 1,
  ...base,
  orderId: sell.orderId,
  userId: 'seller',
  side: 'SELL',
  orderType: 'LIMIT',
  timeInForce: 'GTC',
  price: 3_000_000,
  quantity: 5_000,
  stp: 'NONE',
});
const acceptedBuy = (): MatchingEventMessage => ({
  type: 'accepted',
  seq: 2,
  ...base,
  orderId: buy.orderId,
  userId: 'buyer',
  side: 'BUY',
  orderType: 'LIMIT',
  timeInForce: 'GTC',
  price: 3_001_000,
  quantity: 3_000,
  stp: 'NONE',
});
const trade = (): MatchingEventMessage => ({
  type: 'trade',
  seq: 3,
  ...base,
  price: 3_000_000,
  quantity: 3_000,
  makerOrderId: sell.orderId,
  takerOrderId: buy.orderId,
  makerUserId: 'seller',
  takerUserId: 'buyer',
  takerSide: 'BUY',
  makerRemaining: 2_000,
  takerRemaining: 0,
});
const cancelSell = (): MatchingEventMessage => ({
  type: 'cancelled',
  seq: 4,
  ...base,
  orderId: sell.orderId,
  userId: 'seller',
  reason: 'USER_CANCEL',
  remaining: 2_000,
});

const cursor = () => h.settledSeq(MARKET);

async function ledgerState(): Promise<string> {
  return JSON.stringify([
    await h.query(`select account_id, balance::text from ledger_account order by 1`),
    await h.query(`select count(*) from journal_entry`),
    await h.query(
      `select order_id, status, filled_lots, spent_quote_units::text from wallet_order order by 1`,
    ),
    await h.query(`select order_id, amount::text, status from hold order by 1`),
  ]);
}

describe('settlement of engine events from the EVT stream', () => {
  it('settles a trade for both sides with maker and taker fees exactly', async () => {
    const updates = h.listen(userBalanceSubject('buyer'));
    await h.publishEvents(batch([acceptedSell()]));
    await h.publishEvents(batch([acceptedBuy(), trade()], 2));
    await waitFor(async () => (await cursor()) === 3);

    // Buyer paid 0.3 × 30000 = 9000 USDT; the rest of the hold (price improvement and headroom) came back.
    expect(await h.balance('user:buyer:USDT:AVAILABLE')).toBe(11_000_000_000n);
    expect(await h.balance('user:buyer:USDT:HELD')).toBe(0n);
    // Taker fee 0.1 % of the 0.3 BTC received: 0.0003 BTC.
    expect(await h.balance('user:buyer:BTC:AVAILABLE')).toBe(29_970_000n);
    // Maker fee 0.08 % of the 9000 USDT received: 7.2 USDT.
    expect(await h.balance('user:seller:USDT:AVAILABLE')).toBe(8_992_800_000n);
    expect(await h.balance('user:seller:BTC:HELD')).toBe(20_000_000n);
    expect(await h.balance('user:seller:BTC:AVAILABLE')).toBe(50_000_000n);
    expect(await h.balance('venue:FEES:BTC')).toBe(30_000n);
    expect(await h.balance('venue:FEES:USDT')).toBe(7_200_000n);
    // The buyer hears about it on user.<id>.balance (validated with the contract).
    const update = await waitFor(async () =>
      updates.map((u) => balanceUpdateSchema.parse(u)).find((u) => u.balances.some((b) => b.asset === 'BTC')),
    );
    expect(update.balances).toEqual(
      expect.arrayContaining([
        { asset: 'BTC', available: '0.29970000', held: '0.00000000', total: '0.29970000' },
        { asset: 'USDT', available: '11000.000000', held: '0.000000', total: '11000.000000' },
      ]),
    );

    const orders = await h.query<{ order_id: string; status: string; filled_lots: string }>(
      `select order_id, status, filled_lots from wallet_order order by status`,
    );
    expect(orders).toEqual(
      expect.arrayContaining([
        { order_id: sell.orderId, status: 'ACCEPTED', filled_lots: '3000' },
        { order_id: buy.orderId, status: 'FILLED', filled_lots: '3000' },
      ]),
    );
  });

  it('changes nothing when batches are redelivered or overlap what was applied', async () => {
    const before = await ledgerState();
    await h.publishEvents(batch([acceptedBuy(), trade()], 2));
    await h.publishEvents(batch([acceptedSell(), acceptedBuy(), trade()], 2));
    await h.publishEvents(batch([trade()], 2));
    // A marker proves the wallet got past the duplicates: an event that changes nothing in the ledger.
    await h.publishEvents(
      batch([{ type: 'status', seq: 4, ...base, status: 'TRADING', previousStatus: 'TRADING' }], 3),
    );
    await waitFor(async () => (await cursor()) === 4);
    expect(await ledgerState()).toBe(before);
  });

  it('defers a batch that starts after a gap until the missing one arrives', async () => {
    const cancel = { ...cancelSell(), seq: 6 };
    await h.publishEvents(batch([cancel], 5));
    await new Promise((r) => setTimeout(r, 700));
    expect(await cursor()).toBe(4);
    expect(await h.balance('user:seller:BTC:HELD')).toBe(20_000_000n);
    await h.publishEvents(
      batch([{ type: 'status', seq: 5, ...base, status: 'TRADING', previousStatus: 'TRADING' }], 4),
    );
    await waitFor(async () => (await cursor()) === 6);
  });

  it('releases the rest of the hold when the order is cancelled', async () => {
    expect(await h.balance('user:seller:BTC:HELD')).toBe(0n);
    expect(await h.balance('user:seller:BTC:AVAILABLE')).toBe(70_000_000n);
    const [order] = await h.query(`select status from wallet_order where order_id = $1`, [sell.orderId]);
    expect(order.status).toBe('CANCELLED');
    const reply = await h.rpc<BalancesReply>(S.query.balances, { userId: 'seller' });
    expect(reply.balances).toEqual(
      expect.arrayContaining([
        { asset: 'BTC', available: '0.70000000', held: '0.00000000', total: '0.70000000' },
        { asset: 'USDT', available: '8992.800000', held: '0.000000', total: '8992.800000' },
      ]),
    );
  });

  it('releases a rejected order and expires an IOC remainder', async () => {
    const rejected = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      symbol: MARKET,
      type: 'LIMIT',
      userId: 'buyer',
      clientOrderId: 'b2',
      side: 'BUY',
      price: '100.00',
      quantity: '1',
    });
    const ioc = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      symbol: MARKET,
      type: 'LIMIT',
      timeInForce: 'IOC',
      userId: 'seller',
      clientOrderId: 's2',
      side: 'SELL',
      price: '100.00',
      quantity: '0.1',
    });
    expect(await h.balance('user:buyer:USDT:HELD')).toBe(100_100_000n);
    await h.publishEvents(
      batch(
        [
          {
            type: 'rejected',
            seq: 7,
            ts: base.ts,
            command: 'place',
            orderId: rejected.orderId,
            userId: 'buyer',
            reason: 'MARKET_HALTED',
            code: 1,
          },
          {
            type: 'expired',
            seq: 8,
            ...base,
            orderId: ioc.orderId,
            userId: 'seller',
            reason: 'IOC_REMAINDER',
            remaining: 1_000,
          },
        ],
        6,
      ),
    );
    await waitFor(async () => (await cursor()) === 8);
    expect(await h.balance('user:buyer:USDT:HELD')).toBe(0n);
    expect(await h.balance('user:buyer:USDT:AVAILABLE')).toBe(11_000_000_000n);
    expect(await h.balance('user:seller:BTC:HELD')).toBe(0n);
    expect(await h.balance('user:seller:BTC:AVAILABLE')).toBe(70_000_000n);
  });

  it('settles a market buy by quote amount across two makers and releases the unspent budget', async () => {
    await h.faucet('m1', 'BTC', '0.1');
    await h.faucet('m2', 'BTC', '0.1');
    await h.faucet('mb', 'USDT', '6000');
    const limit = { symbol: MARKET, type: 'LIMIT', side: 'SELL', quantity: '0.1' };
    const m1 = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      ...limit,
      userId: 'm1',
      clientOrderId: 'a',
      price: '30000.00',
    });
    const m2 = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      ...limit,
      userId: 'm2',
      clientOrderId: 'a',
      price: '30100.00',
    });
    const taker = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      symbol: MARKET,
      type: 'MARKET',
      side: 'BUY',
      userId: 'mb',
      clientOrderId: 'a',
      quoteOrderQty: '5000',
    });
    expect(taker.hold.units).toBe('5005000000');
    const fill = { ...base, takerOrderId: taker.orderId, takerUserId: 'mb', takerSide: 'BUY' as const };
    await h.publishEvents(
      batch(
        [
          {
            type: 'trade',
            seq: 9,
            ...fill,
            price: 3_000_000,
            quantity: 1_000,
            makerOrderId: m1.orderId,
            makerUserId: 'm1',
            makerRemaining: 0,
            takerRemaining: 2_000_000_000,
          },
          {
            type: 'trade',
            seq: 10,
            ...fill,
            price: 3_010_000,
            quantity: 664,
            makerOrderId: m2.orderId,
            makerUserId: 'm2',
            makerRemaining: 336,
            takerRemaining: 1_360_000,
          },
          {
            type: 'expired',
            seq: 11,
            ...base,
            orderId: taker.orderId,
            userId: 'mb',
            reason: 'MARKET_REMAINDER',
            remaining: 1_360_000,
          },
        ],
        9,
      ),
    );
    await waitFor(async () => (await cursor()) === 11);
    // Spent 3000 + 1998.64 USDT; received 0.1664 BTC less the 0.1 % taker fee, rounded up per trade.
    expect(await h.balance('user:mb:USDT:AVAILABLE')).toBe(1_001_360_000n);
    expect(await h.balance('user:mb:USDT:HELD')).toBe(0n);
    expect(await h.balance('user:mb:BTC:AVAILABLE')).toBe(16_640_000n - 10_000n - 6_640n);
    expect(await h.balance('user:m1:USDT:AVAILABLE')).toBe(3_000_000_000n - 2_400_000n);
    expect(await h.balance('user:m1:BTC:HELD')).toBe(0n);
    expect(await h.balance('user:m2:USDT:AVAILABLE')).toBe(1_998_640_000n - 1_598_912n);
    expect(await h.balance('user:m2:BTC:HELD')).toBe(3_360_000n);
    const statuses = await h.query(
      `select order_id, status from wallet_order where order_id = any($1) order by status`,
      [[m1.orderId, m2.orderId, taker.orderId]],
    );
    expect(statuses).toEqual([
      { order_id: taker.orderId, status: 'EXPIRED' },
      { order_id: m1.orderId, status: 'FILLED' },
      { order_id: m2.orderId, status: 'PENDING' },
    ]);
  });

  it('releases what an amend down frees, and refuses to settle an amend up that nothing holds', async () => {
    await h.faucet('am', 'BTC', '1');
    const order = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      symbol: MARKET,
      type: 'LIMIT',
      side: 'SELL',
      userId: 'am',
      clientOrderId: 'a',
      price: '40000.00',
      quantity: '0.5',
    });
    const amend = { ...base, orderId: order.orderId, userId: 'am', previousQuantity: 5_000 };
    await h.publishEvents(
      batch(
        [
          { type: 'amended', seq: 12, ...amend, quantity: 2_000, priority: 'KEPT' },
          { type: 'amended', seq: 13, ...amend, quantity: 6_000, priority: 'REQUEUED' },
        ],
        12,
      ),
    );
    await waitFor(async () => (await cursor()) === 13);
    expect(await h.balance('user:am:BTC:HELD')).toBe(20_000_000n);
    expect(await h.balance('user:am:BTC:AVAILABLE')).toBe(80_000_000n);
    const [row] = await h.query(`select lots::text from wallet_order where order_id = $1`, [order.orderId]);
    expect(row.lots).toBe('2000');
  });

  it('terminates a malformed event message and settles the next one: nothing else changes', async () => {
    const before = await ledgerState();
    const last = await cursor();
    const marker = batch(
      [{ type: 'status', seq: last + 1, ...base, status: 'TRADING', previousStatus: 'TRADING' }],
      last + 1,
    );
    const subject = h.names.subject(evtSubject(MARKET));
    const js = h.nc.jetstream();
    await js.publish(subject, 'not json');
    // Refused by the wallet's check as by the schema: the sequences do not match the events.
    await js.publish(subject, JSON.stringify({ ...marker, lastSeq: last + 2 }));
    await h.publishEvents(marker);
    await waitFor(async () => (await cursor()) === last + 1);
    expect(await ledgerState()).toBe(before);
    // Neither refused message is waiting for a redelivery.
    await waitFor(async () => {
      const consumers = await h.jsm.consumers.list(h.names.stream(STREAMS.EVT.name)).next();
      return consumers.every((c) => c.num_ack_pending === 0 && c.num_redelivered === 0);
    });
  });

  it('reconciles clean: every asset sums to zero, balances equal entries, holds equal open orders', async () => {
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totalsByAsset).toEqual({ BTC: '0', USDT: '0' });
    expect(report.openOrders).toBe(2);
  });
});
