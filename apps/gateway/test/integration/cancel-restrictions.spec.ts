import { eventually, ExchangeHarness, type HttpAnswer, type Trader } from './exchange-harness';
import { type Frame, StreamClient } from './streams.harness';

jest.setTimeout(120_000);

// GRPC_PORT 0: the gateway's gRPC port must not collide with other suites' gateways.
const harness = new ExchangeHarness({ GRPC_PORT: '0' });

interface Order {
  orderId: number;
  clientOrderId: string;
  price: string;
  executedQty: string;
  status: string;
}
interface ErrorBody {
  code: number;
  msg: string;
  data?: unknown;
}

const RESTRICTED = { code: -2011, msg: 'Order was not canceled due to cancel restrictions.' };

let dora: Trader;
let eve: Trader;

beforeAll(async () => {
  await harness.start();
  [dora, eve] = await Promise.all([
    harness.trader('restrict-dora@example.com'),
    harness.trader('restrict-eve@example.com'),
  ]);
  await harness.faucet(dora, 'USDT', '30000');
  await harness.faucet(eve, 'BTC', '2');
}, 180_000);

afterAll(() => harness.stop(), 60_000);

async function place(trader: Trader, side: 'BUY' | 'SELL', quantity: string, price: string): Promise<Order> {
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
    },
    trader.key,
  );
  expect(placed.status).toBe(200);
  return placed.body;
}

function cancel(order: Order, restriction: string): Promise<HttpAnswer<Order | ErrorBody>> {
  return harness.signed<Order | ErrorBody>(
    'DELETE',
    'order',
    { symbol: 'BTCUSDT', orderId: order.orderId, cancelRestrictions: restriction },
    dora.key,
  );
}

async function orderOf(order: Order): Promise<Order> {
  const found = await harness.signed<Order>(
    'GET',
    'order',
    { symbol: 'BTCUSDT', orderId: order.orderId },
    dora.key,
  );
  return found.body;
}

async function usdt(trader: Trader): Promise<{ free: string; locked: string }> {
  return (await harness.balances(trader))['USDT']!;
}

describe('DELETE /api/v3/order with cancelRestrictions', () => {
  it('cancels a NEW order only under ONLY_NEW and a partly filled one only under ONLY_PARTIALLY_FILLED', async () => {
    // Dora's user-data stream, running before anything happens to her orders.
    const key = await harness.http<{ listenKey: string }>('POST', '/api/v3/userDataStream', {
      headers: { 'X-MBX-APIKEY': dora.key.apiKey },
    });
    const stream = await StreamClient.open(
      `${harness.base.replace('http://', 'ws://')}/ws/${key.body.listenKey}`,
    );
    await stream.request('LIST_SUBSCRIPTIONS');

    const partly = await place(dora, 'BUY', '0.5', '30000');
    const untouched = await place(dora, 'BUY', '0.2', '29000');
    const held = await usdt(dora);

    // Only the engine knows that nothing of it has traded: it refuses, and the order goes on as it was.
    const notYet = await cancel(partly, 'ONLY_PARTIALLY_FILLED');
    expect([notYet.status, notYet.body]).toEqual([400, RESTRICTED]);
    expect(await orderOf(partly)).toMatchObject({ status: 'NEW', executedQty: '0.00000000' });
    expect(await usdt(dora)).toEqual(held);

    // Eve sells 0.2 into it: now PARTIALLY_FILLED.
    await place(eve, 'SELL', '0.2', '30000');
    await eventually(
      () => orderOf(partly),
      (o) => o.status === 'PARTIALLY_FILLED',
    );
    const traded = await cancel(partly, 'ONLY_NEW');
    expect([traded.status, traded.body]).toEqual([400, RESTRICTED]);
    expect((await orderOf(partly)).status).toBe('PARTIALLY_FILLED');

    const cancelled = await cancel(partly, 'ONLY_PARTIALLY_FILLED');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      orderId: partly.orderId,
      status: 'CANCELED',
      executedQty: '0.20000000',
    });
    const fresh = await cancel(untouched, 'ONLY_NEW');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      orderId: untouched.orderId,
      status: 'CANCELED',
      executedQty: '0.00000000',
    });

    // Nothing left held; the stream reported each order's life and nothing of the refused cancels.
    await eventually(
      () => usdt(dora),
      (b) => Number(b.locked) === 0,
    );
    await stream.waitFor(
      (f: Frame) => f.e === 'executionReport' && f.i === untouched.orderId && f.x === 'CANCELED',
    );
    const reports = stream.frames
      .filter((f) => f.e === 'executionReport')
      .map((f) => [f.i === partly.orderId ? 'partly' : 'untouched', f.x, f.X]);
    expect(reports).toEqual([
      ['partly', 'NEW', 'NEW'],
      ['untouched', 'NEW', 'NEW'],
      ['partly', 'TRADE', 'PARTIALLY_FILLED'],
      ['partly', 'CANCELED', 'CANCELED'],
      ['untouched', 'CANCELED', 'CANCELED'],
    ]);
    await stream.close();
  });

  it('refuses a restriction it does not know, before anything is done', async () => {
    const order = await place(dora, 'BUY', '0.1', '28000');
    const refused = await cancel(order, 'ONLY_FILLED');
    expect([refused.status, refused.body]).toEqual([
      400,
      { code: -1130, msg: "Invalid value for parameter 'cancelRestrictions'." },
    ]);
    expect((await orderOf(order)).status).toBe('NEW');
    expect((await cancel(order, 'ONLY_NEW')).status).toBe(200);
  });

  it('fails a cancelReplace whose cancel the restriction refuses, placing nothing (STOP_ON_FAILURE)', async () => {
    const order = await place(dora, 'BUY', '0.1', '28000');
    const replaced = await harness.signed<ErrorBody>(
      'POST',
      'order/cancelReplace',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.1',
        price: '28500',
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: String(order.orderId),
        cancelRestrictions: 'ONLY_PARTIALLY_FILLED',
      },
      dora.key,
    );
    expect([replaced.status, replaced.body]).toEqual([
      400,
      {
        code: -2022,
        msg: 'Order cancel-replace failed.',
        data: {
          cancelResult: 'FAILURE',
          newOrderResult: 'NOT_ATTEMPTED',
          cancelResponse: RESTRICTED,
          newOrderResponse: null,
        },
      },
    ]);
    const open = await harness.signed<Order[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, dora.key);
    expect(open.body.map((o) => o.orderId)).toContain(order.orderId);
    expect(open.body.filter((o) => Number(o.price) === 28500)).toEqual([]);
    expect((await cancel(order, 'ONLY_NEW')).status).toBe(200);
  });
});
