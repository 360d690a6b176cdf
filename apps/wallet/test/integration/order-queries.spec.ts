import {
  type MatchingEventBatch,
  type MatchingEventMessage,
  type MyTradesReply,
  type OrderQueryReply,
  type OrdersReply,
  type OrderUpdate,
  orderUpdateBatchSchema,
  orderUpdatesOf,
  type SubmitOrderReply,
  userOrderMessageSchema,
  userOrderSubject,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
  type WalletOrderView,
} from '@exchange/shared-contracts';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
const MARKET = 'BTC-USDT';
const T0 = 1_700_000_000_000;
/** Engine event times: one second apart, so that trade time windows are exact. */
const at = (seq: number) => T0 + seq * 1_000;

let h: WalletHarness;
let sellerEvents: unknown[];
let buyerEvents: unknown[];
const placed: Record<string, SubmitOrderReply> = {};

async function submit(
  key: string,
  userId: string,
  side: 'BUY' | 'SELL',
  price: string,
  quantity: string,
): Promise<SubmitOrderReply> {
  placed[key] = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
    userId,
    clientOrderId: key,
    symbol: MARKET,
    side,
    type: 'LIMIT',
    price,
    quantity,
  });
  return placed[key];
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

const accepted = (seq: number, key: string, userId: string): MatchingEventMessage => ({
  type: 'accepted',
  seq,
  ts: at(seq),
  orderId: placed[key].orderId,
  userId,
  side: 'BUY',
  orderType: 'LIMIT',
  stp: 'NONE',
});

function trade(
  seq: number,
  maker: [string, string],
  taker: [string, string],
  price: number,
  quantity: number,
  remaining: [number, number],
): MatchingEventMessage {
  return {
    type: 'trade',
    seq,
    ts: at(seq),
    price,
    quantity,
    makerOrderId: placed[maker[0]].orderId,
    makerUserId: maker[1],
    takerOrderId: placed[taker[0]].orderId,
    takerUserId: taker[1],
    takerSide: 'BUY',
    makerRemaining: remaining[0],
    takerRemaining: remaining[1],
  };
}

const cursor = () => h.settledSeq(MARKET);

const orderOf = (userId: string, key: string) =>
  h.rpc<OrderQueryReply>(S.query.order, { userId, symbol: MARKET, orderNo: placed[key].orderNo });

/** The parsed `user.<id>.order` updates of one order, in arrival order (each message holds one or more). */
const updatesOf = (events: unknown[], key: string): OrderUpdate[] =>
  events
    .flatMap((e) => orderUpdatesOf(userOrderMessageSchema.parse(e)))
    .filter((u) => u.order.clientOrderId === key);

beforeAll(async () => {
  h = await WalletHarness.start({ WALLET_SETTLEMENT_BATCH: '10' });
  await h.faucet('seller', 'BTC', '2');
  await h.faucet('buyer', 'USDT', '50000');
  await h.faucet('mallory', 'USDT', '1000');
  sellerEvents = h.listen(userOrderSubject('seller'));
  buyerEvents = h.listen(userOrderSubject('buyer'));
});
afterAll(() => h?.close());

describe('order numbers and the order query', () => {
  it('numbers orders in submission order and shows a new order as PENDING_NEW', async () => {
    await submit('s1', 'seller', 'SELL', '30000.00', '0.5');
    await submit('s2', 'seller', 'SELL', '31000.00', '0.2');
    await submit('b1', 'buyer', 'BUY', '30010.00', '0.2');
    await submit('b2', 'buyer', 'BUY', '30000.00', '0.3');
    await submit('b3', 'buyer', 'BUY', '31000.00', '0.1');
    await submit('b4', 'buyer', 'BUY', '29000.00', '0.1');
    await submit('m1', 'mallory', 'BUY', '100.00', '1');
    const numbers = ['s1', 's2', 'b1', 'b2', 'b3', 'b4', 'm1'].map((k) => BigInt(placed[k].orderNo));
    expect([...numbers].sort((a, b) => (a < b ? -1 : 1))).toEqual(numbers);
    expect(new Set(numbers).size).toBe(numbers.length);

    const byNumber = await orderOf('seller', 's1');
    const byClientId = await h.rpc<OrderQueryReply>(S.query.order, {
      userId: 'seller',
      symbol: MARKET,
      clientOrderId: 's1',
    });
    expect(byClientId).toEqual(byNumber);
    // The submit reply carries the same view (its `time` is Binance's transactTime).
    expect(placed.s1.order).toEqual(byNumber.order);
    expect(byNumber.fills).toEqual([]);
    expect(byNumber.order).toEqual({
      orderNo: placed.s1.orderNo,
      orderId: placed.s1.orderId,
      clientOrderId: 's1',
      symbol: MARKET,
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30000.00',
      origQty: '0.50000000',
      executedQty: '0.00000000',
      cummulativeQuoteQty: '0.000000',
      origQuoteOrderQty: '0.000000',
      status: 'PENDING_NEW',
      time: expect.any(Number),
      updateTime: expect.any(Number),
      isWorking: true,
      stopPrice: '0.00',
      workingTime: byNumber.order.time,
      selfTradePreventionMode: 'NONE',
    });
    expect(Number.isInteger(byNumber.order.time)).toBe(true);
  });

  it.each<[string, () => Record<string, string>]>([
    ['by number', () => ({ orderNo: placed.s1.orderNo })],
    ['by client order id', () => ({ clientOrderId: 's1' })],
  ])("never shows another user's order (%s): it is not found", async (_how, ref) => {
    const error = await h.rpcError(S.query.order, { userId: 'mallory', symbol: MARKET, ...ref() });
    expect(error.code).toBe(WALLET_RPC_ERRORS.ORDER_NOT_FOUND);
  });

  it('does not find an order under another market, and refuses bad queries', async () => {
    const wrongMarket = await h.rpcError(S.query.order, {
      userId: 'seller',
      symbol: 'ETH-USDT',
      orderNo: placed.s1.orderNo,
    });
    expect(wrongMarket.code).toBe(WALLET_RPC_ERRORS.ORDER_NOT_FOUND);
    const missing = await h.rpcError(S.query.order, { userId: 'seller', symbol: MARKET, orderNo: '999999' });
    expect(missing.code).toBe(WALLET_RPC_ERRORS.ORDER_NOT_FOUND);
    const unknown = await h.rpcError(S.query.allOrders, { userId: 'seller', symbol: 'DOGE-USDT' });
    expect(unknown.code).toBe(WALLET_RPC_ERRORS.UNKNOWN_MARKET);
    for (const bad of [
      { subject: S.query.allOrders, payload: { userId: 'seller', symbol: MARKET, limit: 1001 } },
      { subject: S.query.myTrades, payload: { userId: 'seller', symbol: MARKET, limit: 0 } },
      { subject: S.query.order, payload: { userId: 'seller', symbol: MARKET, orderNo: 'abc' } },
      { subject: S.query.order, payload: { userId: 'seller', symbol: MARKET } },
    ]) {
      expect((await h.rpcError(bad.subject, bad.payload)).code).toBe(WALLET_RPC_ERRORS.VALIDATION_FAILED);
    }
  });
});

describe('settled orders, fills and order events', () => {
  beforeAll(async () => {
    // s1 takes b1 (0.2) then b2 (0.3) and is filled; s2 is half filled by b3; everyone else rests.
    await h.publishEvents(batch([accepted(1, 's1', 'seller'), accepted(2, 's2', 'seller')]));
    await h.publishEvents(
      batch([
        accepted(3, 'b1', 'buyer'),
        trade(4, ['s1', 'seller'], ['b1', 'buyer'], 3_000_000, 2_000, [3_000, 0]),
        accepted(5, 'b2', 'buyer'),
        trade(6, ['s1', 'seller'], ['b2', 'buyer'], 3_000_000, 3_000, [0, 0]),
      ]),
    );
    await h.publishEvents(
      batch([
        accepted(7, 'b3', 'buyer'),
        trade(8, ['s2', 'seller'], ['b3', 'buyer'], 3_100_000, 1_000, [1_000, 0]),
        accepted(9, 'b4', 'buyer'),
      ]),
    );
    await waitFor(async () => (await cursor()) === 9);
  });

  it('shows fills, executed quantities and Binance statuses', async () => {
    const s1 = await orderOf('seller', 's1');
    expect(s1.order).toMatchObject({
      status: 'FILLED',
      executedQty: '0.50000000',
      cummulativeQuoteQty: '15000.000000',
      isWorking: false,
    });
    expect(s1.order.updateTime).toBeGreaterThanOrEqual(s1.order.time);
    // The seller is the maker: 0.08 % of the quote received.
    expect(s1.fills).toEqual([
      {
        symbol: MARKET,
        id: 4,
        orderNo: placed.s1.orderNo,
        clientOrderId: 's1',
        side: 'SELL',
        price: '30000.00',
        qty: '0.20000000',
        quoteQty: '6000.000000',
        commission: '4.800000',
        commissionAsset: 'USDT',
        time: at(4),
        isBuyer: false,
        isMaker: true,
      },
      expect.objectContaining({ id: 6, qty: '0.30000000', commission: '7.200000', time: at(6) }),
    ]);
    const s2 = await orderOf('seller', 's2');
    expect(s2.order).toMatchObject({
      status: 'PARTIALLY_FILLED',
      executedQty: '0.10000000',
      isWorking: true,
    });
    const b3 = await orderOf('buyer', 'b3');
    // The buyer is the taker: 0.1 % of the base received.
    expect(b3.fills).toEqual([
      expect.objectContaining({
        id: 8,
        side: 'BUY',
        isBuyer: true,
        isMaker: false,
        price: '31000.00',
        qty: '0.10000000',
        quoteQty: '3100.000000',
        commission: '0.00010000',
        commissionAsset: 'BTC',
      }),
    ]);
    expect((await orderOf('buyer', 'b4')).order.status).toBe('NEW');
  });

  it('records as commission exactly what the ledger charged each side', async () => {
    const fees = await h.query<{ trade_id: string; asset: string; amount: string }>(
      `select split_part(e.transaction_id, ':', 3) as trade_id, e.asset, e.amount::text
       from journal_entry e where e.transaction_id like 'trade:%' and e.account_id like 'venue:FEES:%'`,
    );
    const fills = await h.query<{ trade_id: string; commission_asset: string; commission: string }>(
      `select trade_id::text, commission_asset, commission::text from wallet_fill`,
    );
    expect(fills).toHaveLength(6);
    const key = (r: { trade_id: string; asset: string; amount: string }) =>
      `${r.trade_id}/${r.asset}/${r.amount}`;
    expect(
      fills.map((f) => key({ trade_id: f.trade_id, asset: f.commission_asset, amount: f.commission })).sort(),
    ).toEqual(fees.map(key).sort());
    const trades = await h.rpc<MyTradesReply>(S.query.myTrades, { userId: 'seller', symbol: MARKET });
    const charged = trades.trades.reduce((sum, t) => sum + BigInt(t.commission.replace('.', '')), 0n);
    // Every fee the seller paid is in USDT (6 decimals) and sits in the venue's fee account.
    expect(await h.balance('venue:FEES:USDT')).toBe(charged);
  });

  it('pages the trade history by id, time, order and limit', async () => {
    const all = await h.rpc<MyTradesReply>(S.query.myTrades, { userId: 'buyer', symbol: MARKET });
    expect(all.trades.map((t) => t.id)).toEqual([4, 6, 8]);
    const recent = await h.rpc<MyTradesReply>(S.query.myTrades, {
      userId: 'buyer',
      symbol: MARKET,
      limit: 2,
    });
    expect(recent.trades.map((t) => t.id)).toEqual([6, 8]);
    const fromId = await h.rpc<MyTradesReply>(S.query.myTrades, {
      userId: 'buyer',
      symbol: MARKET,
      fromId: 5,
      limit: 1,
    });
    expect(fromId.trades.map((t) => t.id)).toEqual([6]);
    const window = await h.rpc<MyTradesReply>(S.query.myTrades, {
      userId: 'buyer',
      symbol: MARKET,
      startTime: at(4),
      endTime: at(6),
    });
    expect(window.trades.map((t) => t.id)).toEqual([4, 6]);
    const ofOrder = await h.rpc<MyTradesReply>(S.query.myTrades, {
      userId: 'buyer',
      symbol: MARKET,
      orderNo: placed.b2.orderNo,
    });
    expect(ofOrder.trades.map((t) => t.id)).toEqual([6]);
    const strangers = await h.rpc<MyTradesReply>(S.query.myTrades, { userId: 'mallory', symbol: MARKET });
    expect(strangers.trades).toEqual([]);
  });

  it('lists open orders and pages all orders, only the asking user’s', async () => {
    const open = await h.rpc<OrdersReply>(S.query.openOrders, { userId: 'buyer' });
    expect(open.orders.map((o) => o.clientOrderId)).toEqual(['b4']);
    const sellerOpen = await h.rpc<OrdersReply>(S.query.openOrders, { userId: 'seller', symbol: MARKET });
    expect(sellerOpen.orders.map((o) => o.clientOrderId)).toEqual(['s2']);
    expect(
      (await h.rpc<OrdersReply>(S.query.openOrders, { userId: 'seller', symbol: 'ETH-USDT' })).orders,
    ).toEqual([]);

    const all = await h.rpc<OrdersReply>(S.query.allOrders, { userId: 'buyer', symbol: MARKET });
    expect(all.orders.map((o) => o.clientOrderId)).toEqual(['b1', 'b2', 'b3', 'b4']);
    const recent = await h.rpc<OrdersReply>(S.query.allOrders, { userId: 'buyer', symbol: MARKET, limit: 2 });
    expect(recent.orders.map((o) => o.clientOrderId)).toEqual(['b3', 'b4']);
    const from = await h.rpc<OrdersReply>(S.query.allOrders, {
      userId: 'buyer',
      symbol: MARKET,
      orderNo: placed.b2.orderNo,
      limit: 2,
    });
    expect(from.orders.map((o) => o.clientOrderId)).toEqual(['b2', 'b3']);
    // A time window holds exactly the orders created within it (times are the database's, in ms).
    const start = all.orders[1].time;
    const end = all.orders[2].time;
    const window = await h.rpc<OrdersReply>(S.query.allOrders, {
      userId: 'buyer',
      symbol: MARKET,
      startTime: start,
      endTime: end,
    });
    const expected = all.orders.filter((o: WalletOrderView) => o.time >= start && o.time <= end);
    expect(window.orders.map((o) => o.orderNo)).toEqual(expected.map((o) => o.orderNo));
    const mallory = await h.rpc<OrdersReply>(S.query.allOrders, { userId: 'mallory', symbol: MARKET });
    expect(mallory.orders.map((o) => o.clientOrderId)).toEqual(['m1']);
  });

  it('cancels all of a user’s open orders in a market, leaving other users’ alone', async () => {
    const reply = await h.rpc<OrdersReply>(S.cmd.cancelOpenOrders, { userId: 'seller', symbol: MARKET });
    expect(reply.orders.map((o) => [o.clientOrderId, o.status])).toEqual([['s2', 'PARTIALLY_FILLED']]);
    const cancels = await waitFor(async () => {
      const found = (await h.commands()).filter((c) => c.message.command.type === 'cancel');
      return found.length === 1 && found;
    });
    expect(cancels[0].message.command).toMatchObject({ type: 'cancel', orderId: placed.s2.orderId });
    expect((await h.rpc<OrdersReply>(S.query.openOrders, { userId: 'buyer' })).orders).toHaveLength(1);
    expect((await h.rpc<OrdersReply>(S.query.openOrders, { userId: 'mallory' })).orders).toHaveLength(1);

    await h.publishEvents(
      batch([
        {
          type: 'cancelled',
          seq: 10,
          ts: at(10),
          orderId: placed.s2.orderId,
          userId: 'seller',
          reason: 'USER_CANCEL',
          remaining: 1_000,
        },
      ]),
    );
    await waitFor(async () => (await cursor()) === 10);
    expect((await orderOf('seller', 's2')).order).toMatchObject({
      status: 'CANCELED',
      executedQty: '0.10000000',
      isWorking: false,
    });
    expect(await h.balance('user:seller:BTC:HELD')).toBe(0n);
    const none = await h.rpc<OrdersReply>(S.cmd.cancelOpenOrders, { userId: 'seller', symbol: MARKET });
    expect(none.orders).toEqual([]);
  });

  it('tells the owner of each execution on user.<id>.order: new, partial fill, fill, cancel', async () => {
    const s1 = await waitFor(async () => {
      const updates = updatesOf(sellerEvents, 's1');
      return updates.length === 3 && updates;
    });
    expect(s1.map((u) => [u.executionType, u.order.status, u.order.executedQty])).toEqual([
      ['NEW', 'NEW', '0.00000000'],
      ['TRADE', 'PARTIALLY_FILLED', '0.20000000'],
      ['TRADE', 'FILLED', '0.50000000'],
    ]);
    expect(s1[1].fill).toMatchObject({ id: 4, qty: '0.20000000', price: '30000.00', commission: '4.800000' });
    expect(s1[1].fill?.isMaker).toBe(true);
    expect(s1[2].order.cummulativeQuoteQty).toBe('15000.000000');
    expect(s1[2].ts).toBe(at(6));

    const s2 = await waitFor(async () => {
      const updates = updatesOf(sellerEvents, 's2');
      return updates.length === 3 && updates;
    });
    expect(s2.map((u) => [u.executionType, u.order.status, u.fill?.id ?? null])).toEqual([
      ['NEW', 'NEW', null],
      ['TRADE', 'PARTIALLY_FILLED', 8],
      ['CANCELED', 'CANCELED', null],
    ]);

    const b3 = await waitFor(async () => {
      const updates = updatesOf(buyerEvents, 'b3');
      return updates.length === 2 && updates;
    });
    expect(b3[1]).toMatchObject({
      executionType: 'TRADE',
      order: { status: 'FILLED' },
      fill: { id: 8, isMaker: false, commission: '0.00010000', commissionAsset: 'BTC' },
    });
    // Only the owner hears of an order.
    expect(buyerEvents.map((e) => userOrderMessageSchema.parse(e).userId)).toEqual(
      buyerEvents.map(() => 'buyer'),
    );
    expect(sellerEvents.map((e) => userOrderMessageSchema.parse(e).userId)).toEqual(
      sellerEvents.map(() => 'seller'),
    );
    // One message per user and settlement (version 2): the buyer's executions of the event message 3..6, settled in
    // one transaction, arrive together and in the engine's order.
    const messages = [...buyerEvents, ...sellerEvents].map((e) => orderUpdateBatchSchema.parse(e));
    const together = messages.find((m) =>
      m.executions.some((u) => u.order.clientOrderId === 'b1' && u.executionType === 'TRADE'),
    );
    expect(
      together?.executions
        .slice(0, 4)
        .map((u) => [u.order.clientOrderId, u.executionType, u.fill?.id ?? null]),
    ).toEqual([
      ['b1', 'NEW', null],
      ['b1', 'TRADE', 4],
      ['b2', 'NEW', null],
      ['b2', 'TRADE', 6],
    ]);
  });

  it('tells of a rejected order and of an expired remainder', async () => {
    await submit('b5', 'buyer', 'BUY', '29000.00', '0.1');
    await submit('b6', 'buyer', 'BUY', '29000.00', '0.1');
    await h.publishEvents(
      batch([
        {
          type: 'rejected',
          seq: 11,
          ts: at(11),
          command: 'place',
          orderId: placed.b5.orderId,
          userId: 'buyer',
          reason: 'MARKET_HALTED',
          code: 1,
        },
        accepted(12, 'b6', 'buyer'),
        {
          type: 'expired',
          seq: 13,
          ts: at(13),
          orderId: placed.b6.orderId,
          userId: 'buyer',
          reason: 'IOC_REMAINDER',
          remaining: 1_000,
        },
      ]),
    );
    await waitFor(async () => (await cursor()) === 13);
    const b5 = await waitFor(async () => {
      const updates = updatesOf(buyerEvents, 'b5');
      return updates.length === 1 && updates;
    });
    expect(b5[0]).toMatchObject({
      executionType: 'REJECTED',
      rejectReason: 'MARKET_HALTED',
      order: { status: 'REJECTED', isWorking: false },
      fill: null,
      ts: at(11),
    });
    const b6 = await waitFor(async () => {
      const updates = updatesOf(buyerEvents, 'b6');
      return updates.length === 2 && updates;
    });
    expect(b6.map((u) => [u.executionType, u.order.status])).toEqual([
      ['NEW', 'NEW'],
      ['EXPIRED', 'EXPIRED'],
    ]);
    expect((await orderOf('buyer', 'b5')).order.status).toBe('REJECTED');
    expect((await orderOf('buyer', 'b6')).order.status).toBe('EXPIRED');
  });
});

describe('cancel-all of several orders', () => {
  it('queues their cancels as one command batch, a new one each time (a repeat is never taken for a duplicate)', async () => {
    await h.faucet('quoter', 'USDT', '5000');
    for (const key of ['q1', 'q2', 'q3']) await submit(key, 'quoter', 'BUY', '1000.00', '0.1');
    const cancelsOf = async () =>
      (await h.commands()).filter(
        (c) => c.message.command.type === 'cancel' && c.message.command.userId === 'quoter',
      );

    const first = await h.rpc<OrdersReply>(S.cmd.cancelOpenOrders, { userId: 'quoter', symbol: MARKET });
    expect(first.orders.map((o) => o.clientOrderId)).toEqual(['q1', 'q2', 'q3']);
    const once = await waitFor(async () => {
      const found = await cancelsOf();
      return found.length === 3 && found;
    });
    // One CMD message (the batch), its cancels in order-number order.
    expect(new Set(once.map((c) => c.msgId)).size).toBe(1);
    expect(once[0]!.batchId).toMatch(/^cancels:/);
    expect(once.map((c) => c.message.command)).toEqual(
      ['q1', 'q2', 'q3'].map((key) =>
        expect.objectContaining({ type: 'cancel', orderId: placed[key]!.orderId }),
      ),
    );

    // The engine has not answered: the orders are still open, and a second cancel-all goes out again in a new batch.
    const again = await h.rpc<OrdersReply>(S.cmd.cancelOpenOrders, { userId: 'quoter', symbol: MARKET });
    expect(again.orders).toHaveLength(3);
    const twice = await waitFor(async () => {
      const found = await cancelsOf();
      return found.length === 6 && found;
    });
    expect(new Set(twice.map((c) => c.msgId)).size).toBe(2);
  });
});
