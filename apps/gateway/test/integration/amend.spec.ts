import { eventually, ExchangeHarness, type HttpAnswer, type Trader } from './exchange-harness';
import { type Frame, StreamClient } from './streams.harness';

jest.setTimeout(120_000);

// GRPC_PORT 0: the gateway's gRPC port must not collide with other suites' gateways.
const harness = new ExchangeHarness({ GRPC_PORT: '0' });

interface Order {
  orderId: number;
  clientOrderId: string;
  origQty: string;
  executedQty: string;
  status: string;
}
interface Amended {
  transactTime: number;
  amendedOrder: {
    orderId: number;
    qty: string;
    executedQty: string;
    status: string;
    origClientOrderId: string;
  };
}
interface ErrorBody {
  code: number;
  msg: string;
}

let alice: Trader;
let bob: Trader;

beforeAll(async () => {
  await harness.start();
  [alice, bob] = await Promise.all([
    harness.trader('amend-alice@example.com'),
    harness.trader('amend-bob@example.com'),
  ]);
  await harness.faucet(alice, 'USDT', '30000');
  await harness.faucet(bob, 'BTC', '2');
}, 180_000);

afterAll(() => harness.stop(), 60_000);

/** `PUT /api/v3/order/amend/keepPriority`, signed, parameters in a form body as ccxt sends a PUT. */
function keepPriority<T>(params: Record<string, string | number>, trader: Trader): Promise<HttpAnswer<T>> {
  return harness.signed<T>('PUT', 'order/amend/keepPriority', params, trader.key);
}

async function place(trader: Trader, side: 'BUY' | 'SELL', quantity: string, price: string, id?: string) {
  const placed = await harness.signed<Order>(
    'POST',
    'order',
    {
      symbol: 'BTCUSDT',
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity,
      price,
      newOrderRespType: 'RESULT',
      ...(id && { newClientOrderId: id }),
    },
    trader.key,
  );
  expect(placed.status).toBe(200);
  return placed.body;
}

async function usdt(trader: Trader): Promise<{ free: number; locked: number }> {
  const account = await harness.signed<{ balances: { asset: string; free: string; locked: string }[] }>(
    'GET',
    'account',
    {},
    trader.key,
  );
  const b = account.body.balances.find((x) => x.asset === 'USDT')!;
  return { free: Number(b.free), locked: Number(b.locked) };
}

describe('PUT /api/v3/order/amend/keepPriority', () => {
  let first: Order;
  let second: Order;

  it('cuts the quantity, keeps the order first in its queue and releases the freed funds', async () => {
    first = await place(alice, 'BUY', '0.5', '30000', 'alice-first');
    second = await place(alice, 'BUY', '0.2', '30000', 'alice-second');
    // 0.7 BTC at 30000 + 0.1 % taker-fee headroom.
    expect(await usdt(alice)).toEqual({ free: 8979, locked: 21021 });

    // Alice's user-data stream, running before the amend (LIST_SUBSCRIPTIONS answered: nothing can be missed).
    const key = await harness.http<{ listenKey: string }>('POST', '/api/v3/userDataStream', {
      headers: { 'X-MBX-APIKEY': alice.key.apiKey },
    });
    const stream = await StreamClient.open(
      `${harness.base.replace('http://', 'ws://')}/ws/${key.body.listenKey}`,
    );
    await stream.request('LIST_SUBSCRIPTIONS');

    const amended = await keepPriority<Amended>(
      { symbol: 'BTCUSDT', orderId: first.orderId, newQty: '0.3', newClientOrderId: 'cut-1' },
      alice,
    );
    expect(amended.status).toBe(200);
    expect(amended.body.amendedOrder).toMatchObject({
      orderId: first.orderId,
      origClientOrderId: 'alice-first',
      status: 'NEW',
    });
    expect(Number(amended.body.amendedOrder.qty)).toBe(0.3);
    const replaced = await stream.waitFor((f: Frame) => f.e === 'executionReport' && f.x === 'REPLACED');
    expect(replaced).toMatchObject({ i: first.orderId, c: 'alice-first', X: 'NEW' });
    expect(Number(replaced.q)).toBe(0.3);
    await stream.close();
    // The engine has applied it: 0.2 BTC × 30000 × 1.001 back.
    const balances = await eventually(
      () => usdt(alice),
      (b) => b.locked === 15015,
    );
    expect(balances).toEqual({ free: 14985, locked: 15015 });
    const view = await harness.signed<Order>(
      'GET',
      'order',
      { symbol: 'BTCUSDT', orderId: first.orderId },
      alice.key,
    );
    expect(Number(view.body.origQty)).toBe(0.3);

    // Priority kept: a 0.3 sell fills the amended order, queued first, and leaves the later one alone.
    const sell = await harness.signed<Order & { status: string }>(
      'POST',
      'order',
      {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.3',
        price: '30000',
        newOrderRespType: 'RESULT',
      },
      bob.key,
    );
    expect(sell.body.status).toBe('FILLED');
    const filled = await eventually(
      () => harness.signed<Order>('GET', 'order', { symbol: 'BTCUSDT', orderId: first.orderId }, alice.key),
      (r) => r.body.status === 'FILLED',
    );
    expect(Number(filled.body.executedQty)).toBe(0.3);
    const later = await harness.signed<Order>(
      'GET',
      'order',
      { symbol: 'BTCUSDT', orderId: second.orderId },
      alice.key,
    );
    expect([later.body.status, Number(later.body.executedQty)]).toEqual(['NEW', 0]);
  });

  it('refuses a raise, a bad or missing newQty, an ended order and another user’s order, changing nothing', async () => {
    const before = await usdt(alice);
    const cases: [Record<string, string | number>, Trader, number][] = [
      [{ symbol: 'BTCUSDT', orderId: second.orderId, newQty: '0.3' }, alice, -1013],
      [{ symbol: 'BTCUSDT', orderId: second.orderId, newQty: '0.2' }, alice, -1013],
      [{ symbol: 'BTCUSDT', orderId: second.orderId, newQty: '0.123456789' }, alice, -1013],
      [{ symbol: 'BTCUSDT', orderId: second.orderId }, alice, -1102],
      [{ symbol: 'BTCUSDT', orderId: first.orderId, newQty: '0.1' }, alice, -2013],
      [{ symbol: 'BTCUSDT', orderId: 999_999, newQty: '0.1' }, alice, -2013],
      [{ symbol: 'BTCUSDT', orderId: second.orderId, newQty: '0.1' }, bob, -2013],
      [{ symbol: 'NOPEUSDT', orderId: second.orderId, newQty: '0.1' }, alice, -1121],
    ];
    for (const [params, trader, code] of cases) {
      const refused = await keepPriority<ErrorBody>(params, trader);
      expect({ params, status: refused.status, code: refused.body.code }).toEqual({
        params,
        status: 400,
        code,
      });
    }
    expect(await usdt(alice)).toEqual(before);
    const view = await harness.signed<Order>(
      'GET',
      'order',
      { symbol: 'BTCUSDT', orderId: second.orderId },
      alice.key,
    );
    expect(Number(view.body.origQty)).toBe(0.2);
  });

  it('lists the amends the engine applied to an order (GET /api/v3/order/amendments)', async () => {
    const amendments = (params: Record<string, string | number>, trader = alice) =>
      harness.signed<Array<Record<string, unknown>>>(
        'GET',
        'order/amendments',
        { symbol: 'BTCUSDT', ...params },
        trader.key,
      );
    const listed = await amendments({ orderId: first.orderId });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        symbol: 'BTCUSDT',
        orderId: first.orderId,
        executionId: expect.any(Number),
        origClientOrderId: 'alice-first',
        newClientOrderId: 'alice-first',
        origQty: '0.50000000',
        newQty: '0.30000000',
        time: expect.any(Number),
      },
    ]);
    const executionId = listed.body[0]!.executionId as number;
    expect((await amendments({ orderId: first.orderId, fromExecutionId: executionId + 1 })).body).toEqual([]);
    // The refused amends of the case before are none of them; an order never amended has none.
    expect((await amendments({ orderId: second.orderId })).body).toEqual([]);
    for (const [params, trader, code] of [
      [{ orderId: first.orderId }, bob, -2013],
      [{ orderId: 999_999 }, alice, -2013],
      [{}, alice, -1102],
      [{ orderId: first.orderId, limit: 1001 }, alice, -1102],
    ] as const) {
      const refused = await amendments(params, trader);
      expect({ params, status: refused.status, code: (refused.body as unknown as ErrorBody).code }).toEqual({
        params,
        status: 400,
        code,
      });
    }
  });
});

describe('PUT /api/v1/order/amend (web, session)', () => {
  it('raises a quantity with the hold topped up at once, and refuses one the balance does not cover', async () => {
    const order = await place(alice, 'BUY', '0.1', '20000', 'web-amend');
    const before = await usdt(alice);
    const raised = await harness.v1<Amended>('PUT', '/order/amend', alice.accessToken, {
      symbol: 'BTCUSDT',
      orderId: order.orderId,
      newQty: '0.2',
    });
    expect(raised.status).toBe(200);
    expect(Number(raised.body.amendedOrder.qty)).toBe(0.2);
    // 0.1 BTC more at 20000 + headroom: 2002 USDT, held at once.
    const after = await usdt(alice);
    expect(after.locked - before.locked).toBeCloseTo(2002, 6);
    expect(before.free - after.free).toBeCloseTo(2002, 6);

    const tooMuch = await harness.v1<ErrorBody>('PUT', '/order/amend', alice.accessToken, {
      symbol: 'BTCUSDT',
      orderId: order.orderId,
      newQty: '5',
    });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([400, -2010]);
    expect(await usdt(alice)).toEqual(after);
    const view = await harness.v1<Order>(
      'GET',
      `/order?symbol=BTCUSDT&orderId=${order.orderId}`,
      alice.accessToken,
    );
    expect(Number(view.body.origQty)).toBe(0.2);
  });
});
