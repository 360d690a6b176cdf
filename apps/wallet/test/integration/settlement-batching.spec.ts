import {
  type MatchingEventBatch,
  type MatchingEventMessage,
  type ReconcileReply,
  type SubmitOrderReply,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(240_000);

const S = WALLET_SUBJECTS;
const MARKET = 'BTC-USDT';
const ts = 1_700_000_000_000;

/**
 * The same engine events settled two ways: (a) a backlog of 100-event messages that the wallet takes up to 1,000
 * at a time (one PostgreSQL transaction for all of it, written in several chunks), and (b) one event per message
 * and per transaction, as it arrives. Many orders of one user (alice) buy and sell against others and herself,
 * are partly filled, filled, cancelled, expired and rejected. The ledger must come out the same.
 */
interface Book {
  orders: Map<string, SubmitOrderReply>;
  events: MatchingEventMessage[];
}

const ORDERS: { user: string; id: string; side: 'BUY' | 'SELL'; price: string; qty: string; tif?: 'IOC' }[] =
  [];
for (let k = 0; k < 6; k++) {
  ORDERS.push({ user: 'alice', id: `ab${k}`, side: 'BUY', price: '30010.00', qty: '0.0150' });
  ORDERS.push({ user: 'alice', id: `as${k}`, side: 'SELL', price: '29990.00', qty: '0.0150' });
  ORDERS.push({ user: 'bob', id: `bs${k}`, side: 'SELL', price: '29990.00', qty: '0.0120' });
  ORDERS.push({ user: 'carol', id: `cb${k}`, side: 'BUY', price: '30010.00', qty: '0.0120' });
}
ORDERS.push({ user: 'alice', id: 'ioc', side: 'BUY', price: '30010.00', qty: '0.0100', tif: 'IOC' });
ORDERS.push({ user: 'alice', id: 'rej', side: 'SELL', price: '31000.00', qty: '0.0100' });

async function prepare(h: WalletHarness): Promise<Book> {
  for (const user of ['alice', 'bob', 'carol']) {
    await h.faucet(user, 'BTC', '10');
    await h.faucet(user, 'USDT', '1000000');
  }
  const orders = new Map<string, SubmitOrderReply>();
  for (const o of ORDERS) {
    orders.set(
      o.id,
      await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
        userId: o.user,
        clientOrderId: o.id,
        symbol: MARKET,
        side: o.side,
        type: 'LIMIT',
        timeInForce: o.tif ?? 'GTC',
        price: o.price,
        quantity: o.qty,
      }),
    );
  }
  return { orders, events: engineEvents(orders) };
}

/** What an engine would say about ORDERS: one-lot trades at varied prices, then the ends. */
function engineEvents(orders: Map<string, SubmitOrderReply>): MatchingEventMessage[] {
  const events: MatchingEventMessage[] = [];
  let seq = 0;
  const remaining = new Map<string, number>();
  const spec = new Map(ORDERS.map((o) => [o.id, o]));
  for (const o of ORDERS) {
    if (o.id === 'rej') continue;
    remaining.set(o.id, Math.round(Number(o.qty) * 10_000));
    const { orderId } = orders.get(o.id)!;
    events.push({
      type: 'accepted',
      seq: ++seq,
      ts,
      orderId,
      userId: o.user,
      side: o.side,
      orderType: 'LIMIT',
      timeInForce: o.tif ?? 'GTC',
      price: Math.round(Number(o.price) * 100),
      quantity: remaining.get(o.id)!,
      stp: 'NONE',
    });
  }
  events.push({
    type: 'rejected',
    seq: ++seq,
    ts,
    command: 'place',
    orderId: orders.get('rej')!.orderId,
    userId: 'alice',
    reason: 'MARKET_HALTED',
    code: 1,
  });
  const trade = (taker: string, maker: string, lots: number, price: number) => {
    remaining.set(taker, remaining.get(taker)! - lots);
    remaining.set(maker, remaining.get(maker)! - lots);
    const takerSide = spec.get(taker)!.side;
    events.push({
      type: 'trade',
      seq: ++seq,
      ts: ts + seq,
      price,
      quantity: lots,
      makerOrderId: orders.get(maker)!.orderId,
      takerOrderId: orders.get(taker)!.orderId,
      makerUserId: spec.get(maker)!.user,
      takerUserId: spec.get(taker)!.user,
      takerSide,
      makerRemaining: remaining.get(maker)!,
      takerRemaining: remaining.get(taker)!,
    });
  };
  // alice buys from bob and sells to carol, one lot at a time, at three prices; alice also meets herself.
  const prices = [2_999_000, 3_000_000, 3_001_000];
  for (let k = 0; k < 6; k++) {
    for (let n = 0; n < 100; n++) trade(`ab${k}`, `bs${k}`, 1, prices[n % 3]);
    for (let n = 0; n < 80; n++) trade(`as${k}`, `cb${k}`, 1, prices[(n + 1) % 3]);
  }
  for (let n = 0; n < 20; n++) trade('as5', 'ab5', 1, 3_000_000);
  // bob's sells fill up (their remaining reaches zero in the trades above: 120 lots each after these).
  for (let k = 0; k < 6; k++) trade(`cb${k}`, `bs${k}`, 20, 2_999_000);
  // carol's buys and alice's orders end in every way there is.
  for (let k = 0; k < 6; k++) {
    const end = (id: string, type: 'cancelled' | 'expired') => {
      if (remaining.get(id)! <= 0) return;
      const o = spec.get(id)!;
      const base = {
        seq: ++seq,
        ts,
        orderId: orders.get(id)!.orderId,
        userId: o.user,
        remaining: remaining.get(id)!,
      };
      events.push(
        type === 'cancelled'
          ? { type, ...base, reason: 'USER_CANCEL' }
          : { type, ...base, reason: 'STP_MAKER' },
      );
      remaining.set(id, 0);
    };
    end(`ab${k}`, k % 2 === 0 ? 'cancelled' : 'expired');
    if (k < 4) end(`as${k}`, 'cancelled');
    if (k % 3 === 0) end(`cb${k}`, 'cancelled');
  }
  trade('ioc', 'as4', 30, 3_000_000);
  events.push({
    type: 'expired',
    seq: ++seq,
    ts,
    orderId: orders.get('ioc')!.orderId,
    userId: 'alice',
    reason: 'IOC_REMAINDER',
    remaining: remaining.get('ioc')!,
  });
  return events;
}

function batch(events: MatchingEventMessage[]): MatchingEventBatch {
  return {
    v: 1,
    market: MARKET,
    firstSeq: events[0].seq,
    lastSeq: events[events.length - 1].seq,
    commandSeq: 1,
    events,
  };
}

const cursor = (h: WalletHarness) => h.settledSeq(MARKET);

/** The ledger as both runs can compare it (order ids differ: orders go by client order id). */
async function ledger(h: WalletHarness): Promise<unknown> {
  return {
    balances: await h.query(`select account_id, balance::text from ledger_account order by 1`),
    perAccount: await h.query(
      `select account_id, sum(amount)::text as total, count(*)::int as entries from journal_entry
       group by account_id order by 1`,
    ),
    transactions: await h.query(
      `select kind, count(*)::int as n from journal_transaction group by kind order by kind`,
    ),
    orders: await h.query(
      `select client_order_id, status, filled_lots::text, spent_quote_units::text, lots::text
       from wallet_order order by 1`,
    ),
    holds: await h.query(
      `select o.client_order_id, h.amount::text, h.status from hold h join wallet_order o using (order_id)
       order by 1`,
    ),
    fills: await h.query(
      `select f.trade_id::text, f.side, o.client_order_id, f.is_maker, f.base_units::text, f.quote_units::text,
         f.commission::text, f.commission_asset from wallet_fill f join wallet_order o using (order_id)
       order by f.trade_id, f.side`,
    ),
  };
}

let batched: WalletHarness | undefined;
let oneByOne: WalletHarness | undefined;
afterAll(async () => {
  await batched?.close();
  await oneByOne?.close();
});

describe('settlement of a backlog in one transaction, written in chunks', () => {
  it('gives the same ledger as settling one event at a time, and reconciles clean', async () => {
    // (a) A backlog: the wallet is stopped while the events queue up as 100-event messages.
    batched = await WalletHarness.start({ WALLET_SETTLEMENT_BATCH: '1000' }, false);
    await batched.startProcess();
    const a = await prepare(batched);
    expect((await batched.process!.stop('SIGTERM')).code).toBe(0);
    for (let i = 0; i < a.events.length; i += 100)
      await batched.publishEvents(batch(a.events.slice(i, i + 100)));
    const last = a.events[a.events.length - 1].seq;
    // More journal transactions than one chunk holds (1,000): the batch is written in several.
    expect(a.events.filter((e) => e.type === 'trade').length).toBeGreaterThan(1_000);
    await batched.startProcess();
    await waitFor(async () => (await cursor(batched!)) === last, 120_000);

    // (b) The same events, one a message, applied one a transaction.
    oneByOne = await WalletHarness.start({ WALLET_SETTLEMENT_BATCH: '1' });
    const b = await prepare(oneByOne);
    expect(b.events.length).toBe(a.events.length);
    for (const event of b.events) await oneByOne.publishEvents(batch([event]));
    await waitFor(async () => (await cursor(oneByOne!)) === last, 180_000);

    const expected = await ledger(oneByOne);
    expect(await ledger(batched)).toEqual(expected);
    // The scenario did what it says: every way an order ends, alice's balances moved.
    const statuses = (expected as { orders: { status: string }[] }).orders.map((o) => o.status);
    expect(new Set(statuses)).toEqual(
      new Set(['FILLED', 'CANCELLED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'REJECTED', 'ACCEPTED']),
    );
    for (const h of [batched, oneByOne]) {
      const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
      expect(report.issues).toEqual([]);
      expect(report.ok).toBe(true);
    }
    // A redelivery of the whole backlog changes nothing.
    const before = await ledger(batched);
    for (let i = 0; i < a.events.length; i += 100)
      await batched.publishEvents(batch(a.events.slice(i, i + 100)));
    await batched.publishEvents(
      batch([{ type: 'status', seq: last + 1, ts, status: 'TRADING', previousStatus: 'TRADING' }]),
    );
    await waitFor(async () => (await cursor(batched!)) === last + 1, 60_000);
    expect(await ledger(batched)).toEqual(before);
  });
});
