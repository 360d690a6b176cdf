import {
  type MatchingEventBatch,
  type MatchingEventMessage,
  type OrderQueryReply,
  type OrdersReply,
  orderUpdatesOf,
  type PreventedMatchesReply,
  type StpMode,
  type SubmitOrderReply,
  userOrderMessageSchema,
  userOrderSubject,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
const MARKET = 'BTC-USDT';
const T0 = 1_700_000_000_000;
const at = (seq: number) => T0 + seq * 1_000;
/** Prices in ticks of 0.01, quantities in lots of 0.0001. */
const P30000 = 3_000_000;
const P30100 = 3_010_000;
const P30200 = 3_020_000;

let h: WalletHarness;
const placed: Record<string, SubmitOrderReply> = {};
let seq = 0;
let orderEvents: unknown[];

async function submit(key: string, side: 'BUY' | 'SELL', price: string, quantity: string, stp?: StpMode) {
  placed[key] = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
    userId: 'trader',
    clientOrderId: key,
    symbol: MARKET,
    side,
    type: 'LIMIT',
    price,
    quantity,
    ...(stp && { selfTradePreventionMode: stp }),
  });
}

const accepted = (key: string): MatchingEventMessage => ({
  type: 'accepted',
  seq: ++seq,
  ts: at(seq),
  orderId: placed[key].orderId,
  userId: 'trader',
  side: 'BUY',
  orderType: 'LIMIT',
  stp: 'NONE',
});

/** Self-trade prevention's expiry of `key`, naming the other order of the match and its price (unless `legacy`). */
function stpExpired(
  key: string,
  reason: 'STP_TAKER' | 'STP_MAKER',
  remaining: number,
  counter: string | undefined,
  price: number,
): MatchingEventMessage {
  return {
    type: 'expired',
    seq: ++seq,
    ts: at(seq),
    orderId: placed[key].orderId,
    userId: 'trader',
    reason,
    remaining,
    ...(counter !== undefined && { counterOrderId: placed[counter].orderId, price }),
  };
}

/** Publishes the events as one batch and waits until the wallet has settled them. */
async function settle(...events: MatchingEventMessage[]): Promise<void> {
  const batch: MatchingEventBatch = {
    v: 1,
    market: MARKET,
    firstSeq: events[0].seq,
    lastSeq: events[events.length - 1].seq,
    commandSeq: 1,
    events,
  };
  await h.publishEvents(batch);
  await waitFor(async () => (await h.settledSeq(MARKET)) === batch.lastSeq);
}

const matches = async (request: Record<string, unknown>, userId = 'trader') =>
  (await h.rpc<PreventedMatchesReply>(S.query.preventedMatches, { userId, symbol: MARKET, ...request }))
    .matches;

const statusOf = async (key: string) =>
  (
    await h.rpc<OrderQueryReply>(S.query.order, {
      userId: 'trader',
      symbol: MARKET,
      orderNo: placed[key].orderNo,
    })
  ).order.status;

/** The sequences the prevented matches were given (the first expiry of each). */
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await WalletHarness.start();
  orderEvents = h.listen(userOrderSubject('trader'));
  await h.faucet('trader', 'BTC', '2');
  await h.faucet('trader', 'USDT', '100000');
  await submit('m1', 'SELL', '30000.00', '0.5');
  await submit('m2', 'SELL', '30100.00', '0.3');
  await submit('m3', 'SELL', '30200.00', '0.2');
  await submit('m4', 'SELL', '30200.00', '0.1');
  await submit('t1', 'BUY', '30100.00', '1', 'EXPIRE_MAKER');
  await submit('t2', 'SELL', '30000.00', '0.4', 'EXPIRE_TAKER');
  await submit('t3', 'SELL', '29000.00', '0.1', 'EXPIRE_BOTH');
  await submit('t4', 'BUY', '30200.00', '0.1', 'EXPIRE_BOTH');
  await settle(accepted('m1'), accepted('m2'), accepted('m3'), accepted('m4'));

  // t1 (EXPIRE_MAKER) meets m1 and m2, which expire; t1 rests.
  const t1 = accepted('t1');
  ids.m1 = seq + 1;
  ids.m2 = seq + 2;
  await settle(
    t1,
    stpExpired('m1', 'STP_MAKER', 5_000, 't1', P30000),
    stpExpired('m2', 'STP_MAKER', 3_000, 't1', P30100),
  );
  // t2 (EXPIRE_TAKER) meets t1 and expires; t1 stays.
  const t2 = accepted('t2');
  ids.t2 = seq + 1;
  await settle(t2, stpExpired('t2', 'STP_TAKER', 4_000, 't1', P30100));
  // t3 (EXPIRE_BOTH) meets t1: both expire, in one batch.
  const t3 = accepted('t3');
  ids.t3 = seq + 1;
  await settle(
    t3,
    stpExpired('t1', 'STP_MAKER', 10_000, 't3', P30100),
    stpExpired('t3', 'STP_TAKER', 1_000, 't1', P30100),
  );
  // t4 (EXPIRE_BOTH) meets m3: the two expiries reach the wallet in separate settlements.
  const t4 = accepted('t4');
  ids.t4 = seq + 1;
  await settle(t4, stpExpired('m3', 'STP_MAKER', 2_000, 't4', P30200));
  await settle(stpExpired('t4', 'STP_TAKER', 1_000, 'm3', P30200));
  // An engine from before prevented matches names no counter order.
  await settle(stpExpired('m4', 'STP_MAKER', 1_000, undefined, P30200));
});

afterAll(() => h?.close());

describe('prevented matches', () => {
  it('records every match self-trade prevention stopped, by the taker’s mode, with what each expiry took', async () => {
    const base = { symbol: MARKET, takerOrderNo: placed.t1.orderNo };
    expect(await matches({ orderNo: placed.t1.orderNo })).toEqual([
      {
        ...base,
        preventedMatchId: ids.m1,
        makerOrderNo: placed.m1.orderNo,
        selfTradePreventionMode: 'EXPIRE_MAKER',
        price: '30000.00',
        makerPreventedQuantity: '0.50000000',
        transactTime: at(ids.m1),
      },
      {
        ...base,
        preventedMatchId: ids.m2,
        makerOrderNo: placed.m2.orderNo,
        selfTradePreventionMode: 'EXPIRE_MAKER',
        price: '30100.00',
        makerPreventedQuantity: '0.30000000',
        transactTime: at(ids.m2),
      },
      {
        symbol: MARKET,
        preventedMatchId: ids.t2,
        takerOrderNo: placed.t2.orderNo,
        makerOrderNo: placed.t1.orderNo,
        selfTradePreventionMode: 'EXPIRE_TAKER',
        price: '30100.00',
        takerPreventedQuantity: '0.40000000',
        transactTime: at(ids.t2),
      },
      {
        symbol: MARKET,
        preventedMatchId: ids.t3,
        takerOrderNo: placed.t3.orderNo,
        makerOrderNo: placed.t1.orderNo,
        selfTradePreventionMode: 'EXPIRE_BOTH',
        price: '30100.00',
        takerPreventedQuantity: '0.10000000',
        makerPreventedQuantity: '1.00000000',
        transactTime: at(ids.t3),
      },
    ]);
    expect(await statusOf('t1')).toBe('EXPIRED_IN_MATCH');
    expect(await statusOf('t2')).toBe('EXPIRED_IN_MATCH');
  });

  it('completes an EXPIRE_BOTH match whose two expiries were settled apart', async () => {
    expect(await matches({ preventedMatchId: ids.t4 })).toEqual([
      {
        symbol: MARKET,
        preventedMatchId: ids.t4,
        takerOrderNo: placed.t4.orderNo,
        makerOrderNo: placed.m3.orderNo,
        selfTradePreventionMode: 'EXPIRE_BOTH',
        price: '30200.00',
        takerPreventedQuantity: '0.10000000',
        makerPreventedQuantity: '0.20000000',
        transactTime: at(ids.t4),
      },
    ]);
    expect(await matches({ orderNo: placed.m3.orderNo })).toHaveLength(1);
  });

  it('pages one order’s matches from an id on', async () => {
    const page = await matches({ orderNo: placed.t1.orderNo, fromPreventedMatchId: ids.m2 + 1, limit: 1 });
    expect(page.map((m) => m.preventedMatchId)).toEqual([ids.t2]);
    expect(await matches({ orderNo: placed.t1.orderNo, fromPreventedMatchId: ids.t3 + 1 })).toEqual([]);
  });

  it('records nothing for an expiry that names no match, and shows no one else’s', async () => {
    expect(await statusOf('m4')).toBe('EXPIRED_IN_MATCH');
    expect(await matches({ orderNo: placed.m4.orderNo })).toEqual([]);
    expect(await matches({ preventedMatchId: ids.m1 }, 'someone-else')).toEqual([]);
    expect(await matches({ orderNo: placed.t1.orderNo }, 'someone-else')).toEqual([]);
    const rows = await h.query<{ n: string }>(`select count(*)::text as n from wallet_prevented_match`);
    expect(rows[0].n).toBe('5');
  });

  it('shows on each order that expired the match it expired in (Binance’s preventedMatchId)', async () => {
    const orderOf = async (key: string) =>
      (
        await h.rpc<OrderQueryReply>(S.query.order, {
          userId: 'trader',
          symbol: MARKET,
          orderNo: placed[key].orderNo,
        })
      ).order;
    const expiredIn = async (key: string) => {
      const order = await orderOf(key);
      return [order.status, order.preventedMatchId];
    };
    expect(await expiredIn('m1')).toEqual(['EXPIRED_IN_MATCH', ids.m1]);
    expect(await expiredIn('t2')).toEqual(['EXPIRED_IN_MATCH', ids.t2]);
    // t1 met t2 and stayed (EXPIRE_TAKER), then expired in t3's EXPIRE_BOTH match.
    expect(await expiredIn('t1')).toEqual(['EXPIRED_IN_MATCH', ids.t3]);
    expect(await expiredIn('m3')).toEqual(['EXPIRED_IN_MATCH', ids.t4]);
    expect(await expiredIn('t4')).toEqual(['EXPIRED_IN_MATCH', ids.t4]);
    // No match recorded (an older engine's expiry), and no match for an order that is not EXPIRED_IN_MATCH.
    expect(await orderOf('m4')).not.toHaveProperty('preventedMatchId');
    // A retried submission (the same clientOrderId and order) is answered with the first order, its match named.
    const retried = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: 'trader',
      clientOrderId: 't2',
      symbol: MARKET,
      side: 'SELL',
      type: 'LIMIT',
      price: '30000.00',
      quantity: '0.4',
      selfTradePreventionMode: 'EXPIRE_TAKER',
    });
    expect(retried).toMatchObject({
      duplicate: true,
      orderNo: placed['t2']!.orderNo,
      order: { status: 'EXPIRED_IN_MATCH', preventedMatchId: ids.t2 },
    });
    const all = await h.rpc<OrdersReply>(S.query.allOrders, { userId: 'trader', symbol: MARKET });
    expect(Object.fromEntries(all.orders.map((o) => [o.clientOrderId, o.preventedMatchId]))).toEqual({
      m1: ids.m1,
      m2: ids.m2,
      m3: ids.t4,
      m4: undefined,
      t1: ids.t3,
      t2: ids.t2,
      t3: ids.t3,
      t4: ids.t4,
    });
  });

  it('names the match on each TRADE_PREVENTION execution: its id, the other order and the price', async () => {
    const preventions = async (key: string) => {
      const found = () =>
        orderEvents
          .flatMap((e) => orderUpdatesOf(userOrderMessageSchema.parse(e)))
          .filter((u) => u.order.clientOrderId === key && u.executionType === 'TRADE_PREVENTION');
      await waitFor(async () => found().length > 0);
      return found().map((u) => [u.order.status, u.prevention, u.order.preventedMatchId]);
    };
    // With what the match would have traded: the smaller remainder, and its quote at the price.
    const named = (id: number, counter: string, price: string, quantity: string, quoteQuantity: string) => [
      'EXPIRED_IN_MATCH',
      { preventedMatchId: id, counterOrderNo: placed[counter].orderNo, price, quantity, quoteQuantity },
      id,
    ];
    expect(await preventions('m1')).toEqual([named(ids.m1, 't1', '30000.00', '0.50000000', '15000.000000')]);
    expect(await preventions('t2')).toEqual([named(ids.t2, 't1', '30100.00', '0.40000000', '12040.000000')]);
    expect(await preventions('t1')).toEqual([named(ids.t3, 't3', '30100.00', '0.10000000', '3010.000000')]);
    expect(await preventions('t3')).toEqual([named(ids.t3, 't1', '30100.00', '0.10000000', '3010.000000')]);
    // The second expiry of a match settled apart takes the match's id (the first expiry's), not its own sequence.
    expect(await preventions('m3')).toEqual([named(ids.t4, 't4', '30200.00', '0.10000000', '3020.000000')]);
    expect(await preventions('t4')).toEqual([named(ids.t4, 'm3', '30200.00', '0.10000000', '3020.000000')]);
    expect(await preventions('m4')).toEqual([['EXPIRED_IN_MATCH', undefined, undefined]]);
  });

  it('refuses queries outside Binance’s combinations and unknown markets', async () => {
    for (const bad of [
      {},
      { preventedMatchId: ids.m1, orderNo: placed.t1.orderNo },
      { preventedMatchId: ids.m1, fromPreventedMatchId: 1 },
      { orderNo: placed.t1.orderNo, limit: 1001 },
    ]) {
      const error = await h.rpcError(S.query.preventedMatches, { userId: 'trader', symbol: MARKET, ...bad });
      expect(error.code).toBe(WALLET_RPC_ERRORS.VALIDATION_FAILED);
    }
    const unknown = await h.rpcError(S.query.preventedMatches, {
      userId: 'trader',
      symbol: 'DOGE-USDT',
      preventedMatchId: 1,
    });
    expect(unknown.code).toBe(WALLET_RPC_ERRORS.UNKNOWN_MARKET);
  });

  it('names what a market buy sized by quote would have traded: the whole lots its unspent quote buys at the price', async () => {
    const buyByQuote = async (key: string, quoteOrderQty: string, stp: StpMode) => {
      placed[key] = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
        userId: 'trader',
        clientOrderId: key,
        symbol: MARKET,
        side: 'BUY',
        type: 'MARKET',
        quoteOrderQty,
        selfTradePreventionMode: stp,
      });
    };
    const P30300 = 3_030_000;
    await submit('m5', 'SELL', '30300.00', '0.2');
    await submit('m6', 'SELL', '30300.00', '0.1');
    await buyByQuote('q1', '1000.00', 'EXPIRE_TAKER');
    await buyByQuote('q2', '9000.00', 'EXPIRE_MAKER');
    await settle(accepted('m5'), accepted('m6'));
    // q1 meets its own m5 and expires; its remainder is quote, in tick-lots (0.01 USDT x 0.0001 BTC = 1 unit):
    // 1000 USDT buy 330 lots at 30300.00.
    const q1 = accepted('q1');
    const q1Match = seq + 1;
    await settle(q1, stpExpired('q1', 'STP_TAKER', 1_000_000_000, 'm5', P30300));
    // q2 (EXPIRE_MAKER) meets m5 and m6, which expire: 9000 USDT would buy 2970 lots, more than either has.
    const q2 = accepted('q2');
    const m5Match = seq + 1;
    await settle(
      q2,
      stpExpired('m5', 'STP_MAKER', 2_000, 'q2', P30300),
      stpExpired('m6', 'STP_MAKER', 1_000, 'q2', P30300),
    );
    const prevention = async (key: string) => {
      const found = () =>
        orderEvents
          .flatMap((e) => orderUpdatesOf(userOrderMessageSchema.parse(e)))
          .filter((u) => u.order.clientOrderId === key && u.executionType === 'TRADE_PREVENTION');
      await waitFor(async () => found().length > 0);
      return found().map((u) => u.prevention);
    };
    expect(await prevention('q1')).toEqual([
      {
        preventedMatchId: q1Match,
        counterOrderNo: placed['m5']!.orderNo,
        price: '30300.00',
        quantity: '0.03300000',
        quoteQuantity: '999.900000',
      },
    ]);
    expect(await prevention('m5')).toEqual([
      {
        preventedMatchId: m5Match,
        counterOrderNo: placed['q2']!.orderNo,
        price: '30300.00',
        quantity: '0.20000000',
        quoteQuantity: '6060.000000',
      },
    ]);
    expect((await prevention('m6'))[0]).toMatchObject({
      quantity: '0.10000000',
      quoteQuantity: '3030.000000',
    });
    // The match's row keeps what each expired order had left in lots: nothing for the buy sized by quote.
    const [row] = await matches({ preventedMatchId: q1Match });
    expect(row).toMatchObject({
      takerOrderNo: placed['q1']!.orderNo,
      selfTradePreventionMode: 'EXPIRE_TAKER',
    });
    expect(row).not.toHaveProperty('takerPreventedQuantity');
  });
});
