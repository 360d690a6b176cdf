import { generateKeyPairSync } from 'node:crypto';

import { eventually, ExchangeHarness, type Trader } from './exchange-harness';

jest.setTimeout(120_000);

// A small 10-second order limit, so that the limit itself can be reached in a test.
const harness = new ExchangeHarness({ ORDER_LIMIT_PER_10S: '25' });

interface Order {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: string;
  type: string;
  side: string;
  timeInForce: string;
  preventedMatchId?: number;
  preventedQuantity?: string;
  fills?: { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[];
}

let alice: Trader;
let bob: Trader;

beforeAll(async () => {
  await harness.start();
  [alice, bob] = await Promise.all([harness.trader('alice@example.com'), harness.trader('bob@example.com')]);
  await harness.faucet(alice, 'USDT', '100000');
  await harness.faucet(bob, 'BTC', '10');
}, 180_000);

afterAll(() => harness.stop(), 60_000);

describe('an order through signed /api/v3', () => {
  it('rests, is partly filled by another user, shows in myTrades and is cancelled', async () => {
    const placed = await harness.signed<Order>(
      'POST',
      'order',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.5',
        price: '30000',
        newClientOrderId: 'alice-1',
        newOrderRespType: 'RESULT',
      },
      alice.key,
    );
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({
      symbol: 'BTCUSDT',
      clientOrderId: 'alice-1',
      status: 'NEW',
      side: 'BUY',
    });
    expect(Number.isSafeInteger(placed.body.orderId)).toBe(true);
    expect(Number(placed.body.origQty)).toBe(0.5);
    const orderId = placed.body.orderId;

    const open = await harness.signed<Order[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(open.status).toBe(200);
    expect(open.body.map((o) => o.orderId)).toEqual([orderId]);

    const sell = await harness.signed<Order>(
      'POST',
      'order',
      { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.2', price: '29000' },
      bob.key,
    );
    expect(sell.status).toBe(200);
    expect(sell.body.status).toBe('FILLED');
    expect(sell.body.fills).toHaveLength(1);
    const fill = sell.body.fills![0]!;
    expect([Number(fill.price), Number(fill.qty), fill.commissionAsset]).toEqual([30000, 0.2, 'USDT']);
    expect(Number(fill.commission)).toBeCloseTo(6, 6); // taker 0.10 % of 6000 USDT
    expect(Number(sell.body.cummulativeQuoteQty)).toBe(6000);

    const partly = await eventually(
      () => harness.signed<Order>('GET', 'order', { symbol: 'BTCUSDT', orderId }, alice.key),
      (r) => r.body.status === 'PARTIALLY_FILLED',
    );
    expect(partly.body).toMatchObject({ orderId, status: 'PARTIALLY_FILLED' });
    expect(Number(partly.body.executedQty)).toBe(0.2);
    const byClientId = await harness.signed<Order>(
      'GET',
      'order',
      { symbol: 'BTCUSDT', origClientOrderId: 'alice-1' },
      alice.key,
    );
    expect(byClientId.body.orderId).toBe(orderId);

    const trades = await harness.signed<Record<string, unknown>[]>(
      'GET',
      'myTrades',
      { symbol: 'BTCUSDT' },
      alice.key,
    );
    expect(trades.status).toBe(200);
    expect(trades.body).toHaveLength(1);
    expect(trades.body[0]).toMatchObject({ symbol: 'BTCUSDT', orderId, isBuyer: true, isMaker: true });
    expect(trades.body[0]!['id']).toBe(fill.tradeId);
    expect(Number(trades.body[0]!['qty'])).toBe(0.2);
    expect(trades.body[0]!['commissionAsset']).toBe('BTC');

    // The cancel's own id (Binance's newClientOrderId of a cancel): malformed, it is refused and nothing changes.
    const badCancelId = await harness.signed(
      'DELETE',
      'order',
      { symbol: 'BTCUSDT', orderId, newClientOrderId: 'no spaces' },
      alice.key,
    );
    expect([badCancelId.status, badCancelId.body]).toEqual([
      400,
      {
        code: -1100,
        msg: "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[A-Za-z0-9._:-]{1,36}$'.",
      },
    ]);
    const cancelled = await harness.signed<Order & { origClientOrderId: string }>(
      'DELETE',
      'order',
      { symbol: 'BTCUSDT', orderId, newClientOrderId: 'alice-1-cancel' },
      alice.key,
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      orderId,
      status: 'CANCELED',
      origClientOrderId: 'alice-1',
      clientOrderId: 'alice-1-cancel',
    });
    expect(Number(cancelled.body.executedQty)).toBe(0.2);

    const after = await harness.signed<Order[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(after.body).toEqual([]);
    const all = await harness.signed<Order[]>('GET', 'allOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(all.body.map((o) => [o.orderId, o.status])).toEqual([[orderId, 'CANCELED']]);

    const again = await harness.signed('DELETE', 'order', { symbol: 'BTCUSDT', orderId }, alice.key);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: -2011 });

    const account = await harness.signed<{
      balances: { asset: string; free: string; locked: string }[];
      canTrade: boolean;
      canWithdraw: boolean;
      commissionRates: { maker: string; taker: string };
    }>('GET', 'account', {}, alice.key);
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ canTrade: true, canWithdraw: false, accountType: 'SPOT' });
    expect(Number(account.body.commissionRates.taker)).toBe(0.001);
    const usdt = account.body.balances.find((b) => b.asset === 'USDT')!;
    expect([Number(usdt.free), Number(usdt.locked)]).toEqual([94000, 0]);
    const btc = account.body.balances.find((b) => b.asset === 'BTC')!;
    expect(Number(btc.free)).toBeCloseTo(0.2 - 0.00016, 8); // maker fee 0.08 % in BTC
  });

  it('gives the fee rates as /account/commission and /sapi/v1/asset/tradeFee, for one market or all', async () => {
    const commission = await harness.signed('GET', 'account/commission', { symbol: 'BTCUSDT' }, alice.key);
    const none = { maker: '0.00000000', taker: '0.00000000', buyer: '0.00000000', seller: '0.00000000' };
    expect([commission.status, commission.body]).toEqual([
      200,
      {
        symbol: 'BTCUSDT',
        standardCommission: { ...none, maker: '0.00080000', taker: '0.00100000' },
        specialCommission: none,
        taxCommission: none,
        discount: {
          enabledForAccount: false,
          enabledForSymbol: false,
          discountAsset: null,
          discount: '0.00000000',
        },
      },
    ]);
    const tradeFee = (params: Record<string, string>) =>
      harness.http<unknown>(
        'GET',
        `/sapi/v1/asset/tradeFee?${ExchangeHarness.signedPayload(params, alice.key)}`,
        {
          headers: { 'X-MBX-APIKEY': alice.key.apiKey },
        },
      );
    const one = await tradeFee({ symbol: 'ETHUSDT' });
    expect([one.status, one.body]).toEqual([
      200,
      [{ symbol: 'ETHUSDT', makerCommission: '0.0008', takerCommission: '0.001' }],
    ]);
    const all = (await tradeFee({})).body as { symbol: string }[];
    expect(all.map((f) => f.symbol)).toEqual(expect.arrayContaining(['BTCUSDT', 'ETHUSDT', 'ETHBTC']));
    expect(((await tradeFee({ symbol: 'NOPEUSDT' })).body as { code: number }).code).toBe(-1121);
    const missing = await harness.signed('GET', 'account/commission', {}, alice.key);
    expect([missing.status, (missing.body as { code: number }).code]).toEqual([400, -1102]);
    // Signed: no key, no answer.
    expect((await harness.http('GET', '/sapi/v1/asset/tradeFee')).status).toBe(401);
  });

  it('answers a market buy by quote amount with its fills (FULL)', async () => {
    const ask = await harness.signed<Order>(
      'POST',
      'order',
      {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.1',
        price: '31000',
        newOrderRespType: 'ACK',
      },
      bob.key,
    );
    expect(ask.status).toBe(200);
    expect(Object.keys(ask.body).sort()).toEqual([
      'clientOrderId',
      'orderId',
      'orderListId',
      'symbol',
      'transactTime',
    ]);
    await eventually(
      () => harness.signed<Order[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, bob.key),
      (r) => r.body.some((o) => o.orderId === ask.body.orderId),
    );
    const buy = await harness.signed<Order>(
      'POST',
      'order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '1550' },
      alice.key,
    );
    expect(buy.status).toBe(200);
    expect(buy.body.type).toBe('MARKET');
    expect(buy.body.fills!.map((f) => [Number(f.price), Number(f.qty)])).toEqual([[31000, 0.05]]);
    expect(Number(buy.body.executedQty)).toBe(0.05);
  });

  it('answers an IOC remainder EXPIRED and a crossing LIMIT_MAKER with -2010', async () => {
    const ioc = await harness.signed<Order>(
      'POST',
      'order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: '0.01', price: '1000' },
      alice.key,
    );
    expect([ioc.status, ioc.body.status, ioc.body.fills]).toEqual([200, 'EXPIRED', []]);
    const maker = await harness.signed<{ code: number; msg: string }>(
      'POST',
      'order',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT_MAKER',
        quantity: '0.01',
        price: '31000',
        newOrderRespType: 'RESULT',
      },
      alice.key,
    );
    expect([maker.status, maker.body]).toEqual([
      400,
      { code: -2010, msg: 'Order would immediately match and take.' },
    ]);
  });

  it('answers a retried newClientOrderId with the same order and refuses it for a different order', async () => {
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '10000',
    };
    const first = await harness.signed<Order>(
      'POST',
      'order',
      { ...order, newClientOrderId: 'retry-me' },
      alice.key,
    );
    const retry = await harness.signed<Order>(
      'POST',
      'order',
      { ...order, newClientOrderId: 'retry-me' },
      alice.key,
    );
    expect(first.status).toBe(200);
    expect([retry.status, retry.body.orderId]).toEqual([200, first.body.orderId]);
    const other = await harness.signed<{ code: number; msg: string }>(
      'POST',
      'order',
      { ...order, price: '10001', newClientOrderId: 'retry-me' },
      alice.key,
    );
    expect([other.status, other.body]).toEqual([400, { code: -2010, msg: 'Duplicate order sent.' }]);
    expect(
      (await harness.signed('DELETE', 'order', { symbol: 'BTCUSDT', orderId: first.body.orderId }, alice.key))
        .status,
    ).toBe(200);
  });

  it('refuses what the filters refuse, with Binance codes, before anything is placed', async () => {
    const base = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '30000',
    };
    const cases: [Record<string, string>, number, RegExp?][] = [
      [{ ...base, price: '30000.001' }, -1013, /PRICE_FILTER/],
      [{ ...base, quantity: '0.00001' }, -1013, /LOT_SIZE/],
      [{ ...base, quantity: '0.0001', price: '1' }, -1013, /NOTIONAL/],
      [{ ...base, symbol: 'NOPEUSDT' }, -1121],
      [{ ...base, timeInForce: '' }, -1102],
      [{ ...base, side: 'HOLD' }, -1117],
      [{ ...base, type: 'STOP' }, -1116],
      [{ ...base, price: '3e4' }, -1100],
      [{ ...base, quantity: '1000' }, -2010, /insufficient balance/],
      [{ ...base, icebergQty: '1' }, -1103],
    ];
    for (const [params, code, msg] of cases) {
      const res = await harness.signed<{ code: number; msg: string }>('POST', 'order', params, alice.key);
      expect([res.status, res.body.code]).toEqual([400, code]);
      if (msg) expect(res.body.msg).toMatch(msg);
    }
    const test = await harness.signed('POST', 'order/test', base, alice.key);
    expect([test.status, test.body]).toEqual([200, {}]);
    // With computeCommissionRates: the market's rates as /account/commission gives them, at weight 20 instead of 1.
    const weightOf = (answer: { headers: Headers }) => Number(answer.headers.get('x-mbx-used-weight-1m'));
    const rates = await harness.signed<Record<string, unknown>>(
      'POST',
      'order/test',
      { ...base, computeCommissionRates: 'true' },
      alice.key,
    );
    const commission = await harness.signed<{ standardCommission: { maker: string; taker: string } }>(
      'GET',
      'account/commission',
      { symbol: 'BTCUSDT' },
      alice.key,
    );
    const none = { maker: '0.00000000', taker: '0.00000000' };
    expect([rates.status, rates.body]).toEqual([
      200,
      {
        standardCommissionForOrder: {
          maker: commission.body.standardCommission.maker,
          taker: commission.body.standardCommission.taker,
        },
        specialCommissionForOrder: none,
        taxCommissionForOrder: none,
        discount: {
          enabledForAccount: false,
          enabledForSymbol: false,
          discountAsset: null,
          discount: '0.00000000',
        },
      },
    ]);
    expect(Number(commission.body.standardCommission.taker)).toBeGreaterThan(0);
    const plain = await harness.signed(
      'POST',
      'order/test',
      { ...base, computeCommissionRates: 'false' },
      alice.key,
    );
    const weighed = await harness.signed(
      'POST',
      'order/test',
      { ...base, computeCommissionRates: 'TRUE' },
      alice.key,
    );
    expect([plain.body, weighed.status]).toEqual([{}, 200]);
    // Consecutive calls of one address in one minute (unless the minute turned in between).
    const step = weightOf(weighed) - weightOf(plain);
    expect(step === 20 || weightOf(weighed) === 20).toBe(true);
    const malformed = await harness.signed<{ code: number }>(
      'POST',
      'order/test',
      { ...base, computeCommissionRates: 'yes' },
      alice.key,
    );
    expect([malformed.status, malformed.body.code]).toEqual([400, -1100]);
    const open = await harness.signed<Order[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(open.body).toEqual([]);
  });
});

describe('self-trade prevention (selfTradePreventionMode)', () => {
  // ETHUSDT, which no other case here trades: the book holds only these cases' orders.
  const order = (side: 'BUY' | 'SELL', extra: Record<string, string> = {}) => ({
    symbol: 'ETHUSDT',
    side,
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.5',
    price: '2000',
    newOrderRespType: 'RESULT',
    ...extra,
  });
  /** One of the trader's ETHUSDT orders as `GET /order` answers it. */
  const orderOf = async (trader: Trader, orderId: number) =>
    (
      await harness.signed<Order & { selfTradePreventionMode: string }>(
        'GET',
        'order',
        { symbol: 'ETHUSDT', orderId: String(orderId) },
        trader.key,
      )
    ).body;
  const selfTradePreventionModeOf = async (trader: Trader, orderId: number) =>
    (await orderOf(trader, orderId)).selfTradePreventionMode;

  it('expires the taker, the maker or both instead of trading with oneself, and releases their holds', async () => {
    const sam = await harness.trader('sam@example.com');
    await Promise.all([harness.faucet(sam, 'USDT', '10000'), harness.faucet(sam, 'ETH', '10')]);
    const before = await harness.balances(sam);
    const place = (side: 'BUY' | 'SELL', extra: Record<string, string> = {}) =>
      harness.signed<Order & { selfTradePreventionMode: string }>(
        'POST',
        'order',
        order(side, extra),
        sam.key,
      );

    const maker = await place('SELL');
    expect([maker.status, maker.body.status, maker.body.selfTradePreventionMode]).toEqual([
      200,
      'NEW',
      'NONE',
    ]);

    // EXPIRE_TAKER: the buy that would take Sam's own sell expires (Binance's EXPIRED_IN_MATCH, with what was
    // prevented); the sell rests untouched.
    const taker = await place('BUY', { selfTradePreventionMode: 'EXPIRE_TAKER' });
    expect([taker.status, taker.body.status, taker.body.executedQty]).toEqual([
      200,
      'EXPIRED_IN_MATCH',
      '0.000000000000000000',
    ]);
    expect((await orderOf(sam, taker.body.orderId)).preventedQuantity).toBe('0.500000000000000000');
    expect(taker.body.selfTradePreventionMode).toBe('EXPIRE_TAKER');
    expect(await selfTradePreventionModeOf(sam, taker.body.orderId)).toBe('EXPIRE_TAKER');
    expect(await selfTradePreventionModeOf(sam, maker.body.orderId)).toBe('NONE');

    // EXPIRE_MAKER: Sam's resting sell expires and the buy rests in its place.
    const resting = await place('BUY', { selfTradePreventionMode: 'EXPIRE_MAKER' });
    expect([resting.status, resting.body.status]).toEqual([200, 'NEW']);
    const makerGone = await eventually(
      () => orderOf(sam, maker.body.orderId),
      (o) => o.status !== 'NEW',
    );
    expect([makerGone.status, makerGone.executedQty, makerGone.preventedQuantity]).toEqual([
      'EXPIRED_IN_MATCH',
      '0.000000000000000000',
      '0.500000000000000000',
    ]);

    // EXPIRE_BOTH: a sell meeting that buy expires, and so does the buy.
    const both = await place('SELL', { selfTradePreventionMode: 'EXPIRE_BOTH' });
    expect([both.status, both.body.status]).toEqual([200, 'EXPIRED_IN_MATCH']);
    const restingGone = await eventually(
      () => orderOf(sam, resting.body.orderId),
      (o) => o.status !== 'NEW',
    );
    expect(restingGone.status).toBe('EXPIRED_IN_MATCH');

    // No trade happened and every hold is back: the balances are as they were.
    const trades = await harness.signed<unknown[]>('GET', 'myTrades', { symbol: 'ETHUSDT' }, sam.key);
    expect(trades.body).toEqual([]);
    const after = await eventually(
      () => harness.balances(sam),
      (b) => JSON.stringify(b) === JSON.stringify(before),
      10_000,
    );
    expect(after).toEqual(before);

    // Each prevented match, by Binance's GET /myPreventedMatches: the taker's mode, both orders, what expired.
    const matchesOf = async (params: Record<string, string>) =>
      (
        await harness.signed<Array<Record<string, unknown>>>(
          'GET',
          'myPreventedMatches',
          { symbol: 'ETHUSDT', ...params },
          sam.key,
        )
      ).body;
    const common = { symbol: 'ETHUSDT', makerSymbol: 'ETHUSDT', tradeGroupId: -1, price: '2000.00' };
    const ofMaker = await matchesOf({ orderId: String(maker.body.orderId) });
    expect(ofMaker).toEqual([
      {
        ...common,
        preventedMatchId: expect.any(Number),
        takerOrderId: taker.body.orderId,
        makerOrderId: maker.body.orderId,
        selfTradePreventionMode: 'EXPIRE_TAKER',
        takerPreventedQuantity: '0.500000000000000000',
        transactTime: expect.any(Number),
      },
      {
        ...common,
        preventedMatchId: expect.any(Number),
        takerOrderId: resting.body.orderId,
        makerOrderId: maker.body.orderId,
        selfTradePreventionMode: 'EXPIRE_MAKER',
        makerPreventedQuantity: '0.500000000000000000',
        transactTime: expect.any(Number),
      },
    ]);
    const ofResting = await eventually(
      () => matchesOf({ orderId: String(resting.body.orderId) }),
      (list) => list.length === 2,
    );
    const bothMatch = {
      ...common,
      preventedMatchId: expect.any(Number),
      takerOrderId: both.body.orderId,
      makerOrderId: resting.body.orderId,
      selfTradePreventionMode: 'EXPIRE_BOTH',
      takerPreventedQuantity: '0.500000000000000000',
      makerPreventedQuantity: '0.500000000000000000',
      transactTime: expect.any(Number),
    };
    expect(ofResting).toEqual([ofMaker[1], bothMatch]);
    const byId = await matchesOf({ preventedMatchId: String(ofResting[1].preventedMatchId) });
    expect(byId).toEqual([bothMatch]);
    // Each order that expired shows the match it expired in.
    const expiredIn = async (orderId: number) => (await orderOf(sam, orderId)).preventedMatchId;
    expect(await expiredIn(taker.body.orderId)).toBe(ofMaker[0].preventedMatchId);
    expect(await expiredIn(maker.body.orderId)).toBe(ofMaker[1].preventedMatchId);
    expect(await expiredIn(resting.body.orderId)).toBe(byId[0].preventedMatchId);
    expect(await expiredIn(both.body.orderId)).toBe(byId[0].preventedMatchId);
    expect(both.body).toMatchObject({ preventedMatchId: byId[0].preventedMatchId });
    const from = {
      orderId: String(resting.body.orderId),
      fromPreventedMatchId: String(byId[0].preventedMatchId),
    };
    expect(await matchesOf({ ...from, limit: '1' })).toEqual([bothMatch]);
    // Binance's combinations only: an id, or an order (from an id on, with a limit).
    const combinations: Record<string, string>[] = [
      {},
      { preventedMatchId: '1', orderId: '1' },
      { orderId: '1', limit: '5' },
    ];
    for (const bad of combinations) {
      const refused = await harness.signed(
        'GET',
        'myPreventedMatches',
        { symbol: 'ETHUSDT', ...bad },
        sam.key,
      );
      expect([refused.status, refused.body]).toEqual([
        400,
        { code: -1128, msg: 'Combination of optional parameters invalid.' },
      ]);
    }
  });

  it('expires what is left of a taker that traded with others before it met its own order', async () => {
    const [other, kim] = await Promise.all([
      harness.trader('eth-other@example.com'),
      harness.trader('kim@example.com'),
    ]);
    await Promise.all([
      harness.faucet(other, 'ETH', '1'),
      harness.faucet(kim, 'ETH', '1'),
      harness.faucet(kim, 'USDT', '2000'),
    ]);
    // The other user's sell at the better price comes first; Kim's own sell is next.
    expect(
      (await harness.signed('POST', 'order', order('SELL', { price: '1999', quantity: '0.2' }), other.key))
        .status,
    ).toBe(200);
    const own = await harness.signed<Order>('POST', 'order', order('SELL'), kim.key);
    expect(own.status).toBe(200);
    const taker = await harness.signed<Order>(
      'POST',
      'order',
      order('BUY', { selfTradePreventionMode: 'EXPIRE_TAKER' }),
      kim.key,
    );
    expect([taker.status, taker.body.status, taker.body.executedQty]).toEqual([
      200,
      'EXPIRED_IN_MATCH',
      '0.200000000000000000',
    ]);
    const stored = await orderOf(kim, taker.body.orderId);
    expect([stored.status, stored.executedQty, stored.preventedQuantity]).toEqual([
      'EXPIRED_IN_MATCH',
      '0.200000000000000000',
      '0.300000000000000000',
    ]);
    // Kim's own sell is untouched and carries no prevented quantity.
    const rest = await orderOf(kim, own.body.orderId);
    expect([rest.status, rest.preventedQuantity]).toEqual(['NEW', undefined]);
    expect((await harness.signed('DELETE', 'openOrders', { symbol: 'ETHUSDT' }, kim.key)).status).toBe(200);
  });

  it('trades between two users whatever the mode, and refuses a mode it does not know', async () => {
    const [seller, buyer] = await Promise.all([
      harness.trader('eth-seller@example.com'),
      harness.trader('eth-buyer@example.com'),
    ]);
    await Promise.all([harness.faucet(seller, 'ETH', '10'), harness.faucet(buyer, 'USDT', '5000')]);
    const sell = await harness.signed<Order>('POST', 'order', order('SELL', { price: '2001' }), seller.key);
    expect(sell.status).toBe(200);
    const buy = await harness.signed<Order>(
      'POST',
      'order',
      order('BUY', { price: '2001', selfTradePreventionMode: 'EXPIRE_BOTH' }),
      buyer.key,
    );
    expect([buy.status, buy.body.status, buy.body.executedQty]).toEqual([
      200,
      'FILLED',
      '0.500000000000000000',
    ]);
    // A retry must name the same mode: another one is another order.
    const sent = { ...order('SELL', { price: '2500', newClientOrderId: 'stp-retry' }) };
    expect((await harness.signed('POST', 'order', sent, seller.key)).status).toBe(200);
    const again = await harness.signed<Order>('POST', 'order', sent, seller.key);
    expect(again.status).toBe(200);
    const other = await harness.signed(
      'POST',
      'order',
      { ...sent, selfTradePreventionMode: 'EXPIRE_MAKER' },
      seller.key,
    );
    expect([other.status, other.body]).toEqual([400, { code: -2010, msg: 'Duplicate order sent.' }]);

    const refused = await harness.signed(
      'POST',
      'order',
      order('BUY', { selfTradePreventionMode: 'DECREMENT' }),
      buyer.key,
    );
    expect([refused.status, refused.body]).toEqual([
      400,
      { code: -1130, msg: "Invalid value for parameter 'selfTradePreventionMode'." },
    ]);
  });
});

describe('cancelReplace (POST /api/v3/order/cancelReplace)', () => {
  // Carl's buys rest far below BTCUSDT's sells; he holds just enough USDT for one of them at a time.
  let carl: Trader;
  const buy = (price: string, quantity = '0.05') => ({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity,
    price,
  });
  /** Binance's answer, or its -2021 / -2022 refusal with each step's outcome in `data`. */
  interface CancelReplaceAnswer {
    cancelResult?: string;
    newOrderResult?: string;
    cancelResponse?: Order;
    newOrderResponse?: Order;
    code?: number;
    data?: { newOrderResponse: Order };
  }
  const cancelReplace = (fields: Record<string, string>) =>
    harness.signed<CancelReplaceAnswer>('POST', 'order/cancelReplace', fields, carl.key);
  const openOrderIds = async () =>
    (await harness.signed<Order[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, carl.key)).body.map(
      (o) => o.orderId,
    );

  beforeAll(async () => {
    carl = await harness.trader('carl@example.com');
    await harness.faucet(carl, 'USDT', '1100');
  });

  it('cancels the order and places the new one, which the cancelled hold pays for', async () => {
    const old = await harness.signed<Order>('POST', 'order', buy('20000'), carl.key);
    expect([old.status, old.body.status]).toEqual([200, 'NEW']);
    // 1,001 USDT held (0.05 × 20,000 and the 0.1 % fee); the new order needs 1,051.05 of the 1,100.
    const replaced = await cancelReplace({
      ...buy('21000'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: String(old.body.orderId),
      cancelNewClientOrderId: 'carl-cancel',
      newClientOrderId: 'carl-replaced',
      newOrderRespType: 'RESULT',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      cancelResult: 'SUCCESS',
      newOrderResult: 'SUCCESS',
      cancelResponse: {
        orderId: old.body.orderId,
        status: 'CANCELED',
        origClientOrderId: old.body.clientOrderId,
        clientOrderId: 'carl-cancel',
      },
      newOrderResponse: { clientOrderId: 'carl-replaced', price: '21000.00', status: 'NEW' },
    });
    expect(await openOrderIds()).toEqual([replaced.body.newOrderResponse!.orderId]);
    expect((await harness.balances(carl))['USDT']).toEqual({ free: '48.950000', locked: '1051.050000' });
  });

  it('places nothing when the cancel fails under STOP_ON_FAILURE, and the new order anyway under ALLOW_FAILURE', async () => {
    const before = await openOrderIds();
    const stopped = await cancelReplace({
      ...buy('19000', '0.001'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: '999999999',
    });
    expect([stopped.status, stopped.body]).toEqual([
      400,
      {
        code: -2022,
        msg: 'Order cancel-replace failed.',
        data: {
          cancelResult: 'FAILURE',
          newOrderResult: 'NOT_ATTEMPTED',
          cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
          newOrderResponse: null,
        },
      },
    ]);
    expect(await openOrderIds()).toEqual(before);

    const allowed = await cancelReplace({
      ...buy('19000', '0.001'),
      cancelReplaceMode: 'ALLOW_FAILURE',
      cancelOrigClientOrderId: 'no-such-order',
      newOrderRespType: 'ACK',
    });
    expect(allowed.status).toBe(409);
    expect(allowed.body).toMatchObject({
      code: -2021,
      msg: 'Order cancel-replace partially failed.',
      data: {
        cancelResult: 'FAILURE',
        newOrderResult: 'SUCCESS',
        cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
        newOrderResponse: { symbol: 'BTCUSDT', orderListId: -1 },
      },
    });
    expect((await openOrderIds()).sort()).toEqual(
      [...before, allowed.body.data!.newOrderResponse.orderId].sort(),
    );
  });

  it('reports a new order the wallet refuses after the cancel as partly failed: the cancel stands', async () => {
    const [resting] = await openOrderIds();
    const tooBig = await cancelReplace({
      ...buy('21000', '1'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: String(resting),
    });
    expect(tooBig.status).toBe(409);
    expect(tooBig.body).toMatchObject({
      code: -2021,
      data: {
        cancelResult: 'SUCCESS',
        newOrderResult: 'FAILURE',
        cancelResponse: { orderId: resting, status: 'CANCELED' },
        newOrderResponse: { code: -2010 },
      },
    });
    expect(await openOrderIds()).not.toContain(resting);
  });

  it('refuses bad parameters of either step before doing anything', async () => {
    const placed = await harness.signed<Order>('POST', 'order', buy('18000', '0.001'), carl.key);
    const cancelOrderId = String(placed.body.orderId);
    const refusals: [Record<string, string>, number, string][] = [
      [
        { ...buy('18000.001', '0.001'), cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId },
        -1013,
        'Filter failure: PRICE_FILTER',
      ],
      [
        { ...buy('18000', '0.001'), cancelOrderId },
        -1102,
        "Mandatory parameter 'cancelReplaceMode' was not sent, was empty/null, or malformed.",
      ],
      [
        { ...buy('18000', '0.001'), cancelReplaceMode: 'SOMETIMES', cancelOrderId },
        -1130,
        "Invalid value for parameter 'cancelReplaceMode'.",
      ],
      [
        { ...buy('18000', '0.001'), cancelReplaceMode: 'ALLOW_FAILURE' },
        -1102,
        "Param 'cancelOrigClientOrderId' or 'cancelOrderId' must be sent, but both were empty/null!",
      ],
      [
        {
          ...buy('18000', '0.001'),
          cancelReplaceMode: 'ALLOW_FAILURE',
          cancelOrderId,
          cancelRestrictions: 'ONLY_FILLED',
        },
        -1130,
        "Invalid value for parameter 'cancelRestrictions'.",
      ],
      [
        {
          ...buy('18000', '0.001'),
          cancelReplaceMode: 'ALLOW_FAILURE',
          cancelOrderId,
          cancelOrderQty: '1',
        },
        -1103,
        "An unknown parameter was sent: 'cancelOrderQty'.",
      ],
      [
        {
          ...buy('18000', '0.001'),
          cancelReplaceMode: 'STOP_ON_FAILURE',
          cancelOrderId,
          cancelNewClientOrderId: 'x'.repeat(37),
        },
        -1100,
        "Illegal characters found in parameter 'cancelNewClientOrderId'; legal range is '^[A-Za-z0-9._:-]{1,36}$'.",
      ],
    ];
    for (const [fields, code, msg] of refusals) {
      const refused = await cancelReplace(fields);
      expect([refused.status, refused.body]).toEqual([400, { code, msg }]);
    }
    expect(await openOrderIds()).toContain(placed.body.orderId);
  });
});

describe('object-level authorisation', () => {
  it("never shows or cancels another user's order", async () => {
    const placed = await harness.signed<Order>(
      'POST',
      'order',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.01',
        price: '20000',
        newClientOrderId: 'alice-bola',
      },
      alice.key,
    );
    expect(placed.status).toBe(200);
    const { orderId } = placed.body;

    const peek = await harness.signed('GET', 'order', { symbol: 'BTCUSDT', orderId }, bob.key);
    expect([peek.status, peek.body]).toEqual([400, { code: -2013, msg: 'Order does not exist.' }]);
    const byClientId = await harness.signed(
      'GET',
      'order',
      { symbol: 'BTCUSDT', origClientOrderId: 'alice-bola' },
      bob.key,
    );
    expect(byClientId.body).toMatchObject({ code: -2013 });
    const cancel = await harness.signed('DELETE', 'order', { symbol: 'BTCUSDT', orderId }, bob.key);
    expect([cancel.status, cancel.body]).toMatchObject([400, { code: -2011 }]);
    const bobsOpen = await harness.signed<Order[]>('GET', 'openOrders', {}, bob.key);
    expect(bobsOpen.body.map((o) => o.orderId)).not.toContain(orderId);
    const bobsCancelAll = await harness.signed<Order[]>(
      'DELETE',
      'openOrders',
      { symbol: 'BTCUSDT' },
      bob.key,
    );
    // Bob's cancel-all takes exactly his own open orders (his ask left from the FULL test).
    expect(bobsOpen.body.length).toBeGreaterThan(0);
    expect([bobsCancelAll.status, bobsCancelAll.body.map((o) => o.orderId)]).toEqual([
      200,
      bobsOpen.body.map((o) => o.orderId),
    ]);

    const still = await harness.signed<Order>('GET', 'order', { symbol: 'BTCUSDT', orderId }, alice.key);
    expect(still.body.status).toBe('NEW');
    const cancelAll = await harness.signed<(Order & { origClientOrderId: string })[]>(
      'DELETE',
      'openOrders',
      { symbol: 'BTCUSDT' },
      alice.key,
    );
    expect(cancelAll.body.map((o) => [o.orderId, o.status])).toEqual([[orderId, 'CANCELED']]);
    // Each cancel named as Binance names one the client did not: 22 letters and digits of its own.
    expect(cancelAll.body[0]!.origClientOrderId).toBe(still.body.clientOrderId);
    expect(cancelAll.body[0]!.clientOrderId).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(cancelAll.body[0]!.clientOrderId).not.toBe(still.body.clientOrderId);
    const nothingLeft = await harness.signed('DELETE', 'openOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect([nothingLeft.status, nothingLeft.body]).toEqual([
      400,
      { code: -2011, msg: 'Unknown order sent.' },
    ]);
  });
});

describe('signed-request checks', () => {
  const account = (key: Trader['key'], options?: { timestamp?: number; recvWindow?: number }) =>
    harness.signed<{ code: number }>('GET', 'account', {}, key, options);

  it('answers stale, future and malformed timestamps with -1021 / -1102 / -1131', async () => {
    expect((await account(alice.key, { timestamp: Date.now() - 6_000 })).body.code).toBe(-1021);
    expect((await account(alice.key, { timestamp: Date.now() - 6_000, recvWindow: 10_000 })).status).toBe(
      200,
    );
    expect((await account(alice.key, { timestamp: Date.now() + 5_000 })).body.code).toBe(-1021);
    expect((await account(alice.key, { recvWindow: 70_000 })).body.code).toBe(-1131);
    const noTimestamp = await harness.http<{ code: number }>('GET', '/api/v3/account?signature=00', {
      headers: { 'X-MBX-APIKEY': alice.key.apiKey },
    });
    expect(noTimestamp.body.code).toBe(-1102);
  });

  it('answers a missing or unknown key with -2014 / -2015 and a wrong signature with -1022', async () => {
    const missing = await harness.http<{ code: number }>(
      'GET',
      `/api/v3/account?timestamp=${Date.now()}&signature=00`,
    );
    expect([missing.status, missing.body.code]).toEqual([401, -2014]);
    const unknown = await account({ apiKey: 'no-such-key', secret: 'x' });
    expect([unknown.status, unknown.body.code]).toEqual([401, -2015]);
    const wrongSecret = await account({ apiKey: alice.key.apiKey, secret: 'not-the-secret' });
    expect([wrongSecret.status, wrongSecret.body.code]).toEqual([400, -1022]);
    const otherUsersSecret = await account({ apiKey: alice.key.apiKey, secret: bob.key.secret });
    expect(otherUsersSecret.body.code).toBe(-1022);
    // The signed bytes are what counts: a parameter changed after signing fails.
    const query = `timestamp=${Date.now()}`;
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha256', alice.key.secret).update(query).digest('hex');
    const tampered = await harness.http<{ code: number }>(
      'GET',
      `/api/v3/account?${query}&recvWindow=6000&signature=${signature}`,
      {
        headers: { 'X-MBX-APIKEY': alice.key.apiKey },
      },
    );
    expect(tampered.body.code).toBe(-1022);
    // Parameters outside the signed bytes are refused, not used.
    const signedQuery = ExchangeHarness.signedPayload({ symbol: 'BTCUSDT' }, alice.key);
    const withJson = await harness.http<{ code: number }>('POST', `/api/v3/order/test?${signedQuery}`, {
      headers: { 'X-MBX-APIKEY': alice.key.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ side: 'BUY', type: 'MARKET', quoteOrderQty: '100' }),
    });
    expect([withJson.status, withJson.body.code]).toEqual([400, -1100]);
  });

  it('checks the key permission and IP allow-list, and takes Ed25519 signatures', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const [reader, elsewhere, edwards] = await Promise.all([
      harness.trader('reader@example.com', { permissions: ['READ'] }),
      harness.trader('elsewhere@example.com', { ipAllowList: ['203.0.113.0/24'] }),
      harness.trader('edwards@example.com', {
        kind: 'ED25519',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      }),
    ]);
    expect((await account(reader.key)).status).toBe(200);
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '30000',
    };
    const noTrade = await harness.signed<{ code: number }>('POST', 'order', order, reader.key);
    expect([noTrade.status, noTrade.body.code]).toEqual([401, -2015]);
    const notHere = await account(elsewhere.key);
    expect([notHere.status, notHere.body.code]).toEqual([401, -2015]);

    // X-Forwarded-For counts only from a proxy the gateway is told to trust.
    const forwarded = { 'X-Forwarded-For': '203.0.113.9' };
    const spoofed = await harness.sendSigned<{ code: number }>(
      'GET',
      'account',
      ExchangeHarness.signedPayload({}, elsewhere.key),
      elsewhere.key.apiKey,
      harness.base,
      forwarded,
    );
    expect([spoofed.status, spoofed.body.code]).toEqual([401, -2015]);
    const behindProxy = await harness.startGateway({ TRUST_PROXY: 'loopback' });
    const viaProxy = await harness.sendSigned(
      'GET',
      'account',
      ExchangeHarness.signedPayload({}, elsewhere.key),
      elsewhere.key.apiKey,
      behindProxy,
      forwarded,
    );
    expect(viaProxy.status).toBe(200);

    const ed = { apiKey: edwards.key.apiKey, privateKey };
    expect((await harness.signed('GET', 'account', {}, ed)).status).toBe(200);
    const { privateKey: otherKey } = generateKeyPairSync('ed25519');
    const forged = await harness.signed<{ code: number }>(
      'GET',
      'account',
      {},
      { apiKey: edwards.key.apiKey, privateKey: otherKey },
    );
    expect(forged.body.code).toBe(-1022);
  });

  it('refuses a replayed order or cancel within its window but lets reads repeat', async () => {
    const order = ExchangeHarness.signedPayload(
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.001',
        price: '10000',
      },
      alice.key,
    );
    const first = await harness.sendSigned<Order>('POST', 'order', order, alice.key.apiKey);
    expect(first.status).toBe(200);
    const replay = await harness.sendSigned<{ code: number }>('POST', 'order', order, alice.key.apiKey);
    expect([replay.status, replay.body.code]).toEqual([400, -1022]);
    const cancel = ExchangeHarness.signedPayload(
      { symbol: 'BTCUSDT', orderId: first.body.orderId },
      alice.key,
    );
    expect((await harness.sendSigned('DELETE', 'order', cancel, alice.key.apiKey)).status).toBe(200);
    const cancelAgain = await harness.sendSigned<{ code: number }>(
      'DELETE',
      'order',
      cancel,
      alice.key.apiKey,
    );
    expect(cancelAgain.body.code).toBe(-1022);
    const read = ExchangeHarness.signedPayload({}, alice.key);
    expect((await harness.sendSigned('GET', 'account', read, alice.key.apiKey)).status).toBe(200);
    expect((await harness.sendSigned('GET', 'account', read, alice.key.apiKey)).status).toBe(200);
  });

  it('stops a revoked key', async () => {
    const keys = await harness.v1<{ keys: { id: string; apiKey: string }[] }>(
      'GET',
      '/api-keys',
      bob.accessToken,
    );
    const id = keys.body.keys.find((k) => k.apiKey === bob.key.apiKey)!.id;
    expect((await account(bob.key)).status).toBe(200);
    const revoked = await harness.v1<{ revokedAt: string | null }>(
      'DELETE',
      `/api-keys/${id}`,
      bob.accessToken,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    // The gateway reuses a looked-up key for API_KEY_CACHE_MS (5 s by default), then asks again.
    const refused = await eventually(
      () => account(bob.key),
      (r) => r.status === 401,
    );
    expect(refused.body.code).toBe(-2015);
  });
});

describe('order rate limits', () => {
  // A buy far below the market: it rests, so each one only counts.
  const order = {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.001',
    price: '10000',
    newOrderRespType: 'ACK',
  };

  /**
   * Waits for the first half of a 10-second window (fixed, on the epoch), then places orders until the account is
   * refused: the next order in the window is over the limit. The orders rest (10 USDT held each).
   */
  const overTheLimitInOneWindow = async (trader: Trader) => {
    while (Date.now() % 10_000 > 4_000) await new Promise((resolve) => setTimeout(resolve, 100));
    let last = await harness.signed('POST', 'order', order, trader.key);
    for (let i = 0; i < 60 && last.status === 200; i++)
      last = await harness.signed('POST', 'order', order, trader.key);
    expect(last.status).toBe(429);
  };

  it('counts orders per account in X-MBX-ORDER-COUNT-10S / -1D and answers 429 -1015 past the limit', async () => {
    const carol = await harness.trader('carol@example.com');
    await harness.faucet(carol, 'USDT', '1000');
    const first = await harness.signed('POST', 'order', order, carol.key);
    expect(first.status).toBe(200);
    const tenSeconds = Number(first.headers.get('x-mbx-order-count-10s'));
    const day = Number(first.headers.get('x-mbx-order-count-1d'));
    expect(tenSeconds).toBeGreaterThanOrEqual(1);
    // Alice and Bob placed orders before; Carol's count is her own.
    expect(day).toBe(1);

    let last = first;
    for (let i = 0; i < 60 && last.status === 200; i++)
      last = await harness.signed('POST', 'order', order, carol.key);
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ code: -1015 });
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(last.headers.get('x-mbx-order-count-10s'))).toBeGreaterThan(25);
  });

  it('refuses a cancelReplace past the limit whole (DO_NOTHING), or cancels only (orderRateLimitExceededMode CANCEL_ONLY)', async () => {
    const fran = await harness.trader('fran@example.com');
    await harness.faucet(fran, 'USDT', '1000');
    const resting = await harness.signed<Order>('POST', 'order', order, fran.key);
    expect(resting.status).toBe(200);
    const replace = (fields: Record<string, string>) =>
      harness.signed<{ code: number; msg: string; data?: unknown }>(
        'POST',
        'order/cancelReplace',
        {
          ...order,
          price: '10500',
          cancelReplaceMode: 'STOP_ON_FAILURE',
          cancelOrderId: String(resting.body.orderId),
          ...fields,
        },
        fran.key,
      );
    const openIds = async () =>
      (await harness.signed<Order[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, fran.key)).body.map(
        (o) => o.orderId,
      );
    // Each cancelReplace below follows its own flood within one fixed 10-second window (on Redis's clock, which is
    // this machine's): start in the window's first half.
    await overTheLimitInOneWindow(fran);
    const refused = await replace({});
    expect([refused.status, refused.body.code]).toEqual([429, -1015]);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const explicit = await replace({ orderRateLimitExceededMode: 'DO_NOTHING' });
    expect([explicit.status, explicit.body.code]).toEqual([429, -1015]);
    expect(await openIds()).toContain(resting.body.orderId);

    await overTheLimitInOneWindow(fran);
    const cancelOnly = await replace({ orderRateLimitExceededMode: 'CANCEL_ONLY' });
    expect(cancelOnly.status).toBe(409);
    expect(cancelOnly.body).toMatchObject({
      code: -2021,
      msg: 'Order cancel-replace partially failed.',
      data: {
        cancelResult: 'SUCCESS',
        newOrderResult: 'FAILURE',
        cancelResponse: { orderId: resting.body.orderId, status: 'CANCELED' },
        newOrderResponse: {
          code: -1015,
          msg: expect.stringMatching(/^Too many new orders; current limit is 25 orders/),
        },
      },
    });
    expect(await openIds()).not.toContain(resting.body.orderId);
    await harness.signed('DELETE', 'openOrders', { symbol: 'BTCUSDT' }, fran.key);
  });

  it("answers GET /api/v3/rateLimit/order with the account's counts, and lists both limits in exchangeInfo", async () => {
    const erin = await harness.trader('erin@example.com');
    await harness.faucet(erin, 'USDT', '100');
    const usage = async () => {
      const res = await harness.signed('GET', 'rateLimit/order', {}, erin.key);
      expect(res.status).toBe(200);
      return res.body as {
        rateLimitType: string;
        interval: string;
        intervalNum: number;
        limit: number;
        count: number;
      }[];
    };
    const limits = [
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 25 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200_000 },
    ];
    // Asking counts nothing.
    expect(await usage()).toEqual(limits.map((l) => ({ ...l, count: 0 })));
    expect(await usage()).toEqual(limits.map((l) => ({ ...l, count: 0 })));
    expect((await harness.signed('POST', 'order', order, erin.key)).status).toBe(200);
    const second = await harness.signed('POST', 'order', order, erin.key);
    expect(second.status).toBe(200);
    const [tenSeconds, day] = await usage();
    // The 10-second count as the second order's answer gave it, or 0 when the window turned since (1, not 2, when it
    // turned between the two orders).
    expect([Number(second.headers.get('x-mbx-order-count-10s')), 0]).toContain(tenSeconds!.count);
    expect(day).toEqual({ ...limits[1], count: 2 });

    const refused = await harness.signed('GET', 'rateLimit/order', { symbol: 'BTCUSDT' }, erin.key);
    expect([refused.status, refused.body]).toEqual([
      400,
      { code: -1103, msg: "An unknown parameter was sent: 'symbol'." },
    ]);
    const info = (await harness.http<{ rateLimits: unknown[] }>('GET', '/api/v3/exchangeInfo')).body;
    expect(info.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      ...limits,
    ]);
  });

  it('shares the counts between gateway pods through Redis', async () => {
    const dave = await harness.trader('dave@example.com');
    await harness.faucet(dave, 'USDT', '100');
    const second = await harness.startGateway();
    const viaFirst = await harness.signed('POST', 'order', order, dave.key);
    const viaSecond = await harness.sendSigned(
      'POST',
      'order',
      ExchangeHarness.signedPayload(order, dave.key),
      dave.key.apiKey,
      second,
    );
    expect([viaFirst.status, viaSecond.status]).toEqual([200, 200]);
    expect(viaFirst.headers.get('x-mbx-order-count-1d')).toBe('1');
    expect(viaSecond.headers.get('x-mbx-order-count-1d')).toBe('2');
  });
});
