import {
  type Client,
  credentials,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

import {
  GRPC_LOADER_OPTIONS,
  GRPC_PROTO_FILES,
  signedCallMetadata,
  type TradingProto,
} from '@exchange/shared-contracts-grpc';

import { eventually, ExchangeHarness, type Trader } from './exchange-harness';
import { type Frame, StreamClient } from './streams.harness';

jest.setTimeout(120_000);

// GRPC_PORT 0: the gateway's gRPC port must not collide with other suites' gateways.
const harness = new ExchangeHarness({ GRPC_PORT: '0' });

interface Order {
  orderId: number;
  clientOrderId: string;
  type: string;
  side: string;
  price: string;
  stopPrice: string;
  origQty: string;
  executedQty: string;
  status: string;
  isWorking?: boolean;
  workingTime: number;
}
interface ErrorBody {
  code: number;
  msg: string;
}

let alice: Trader;
let bob: Trader;
let carol: Trader;

beforeAll(async () => {
  await harness.start();
  [alice, bob, carol] = await Promise.all([
    harness.trader('stop-alice@example.com'),
    harness.trader('stop-bob@example.com'),
    harness.trader('stop-carol@example.com'),
  ]);
  await harness.faucet(alice, 'USDT', '30000');
  await harness.faucet(bob, 'BTC', '2');
  await harness.faucet(carol, 'USDT', '1000');
}, 180_000);

afterAll(() => harness.stop(), 60_000);

type AnyClient = Client & Record<string, (...args: unknown[]) => unknown>;

/** A signed unary call of TradingService as docs/grpc.md says (method path, timestamp, the request's bytes). */
async function tradingCall<T>(method: string, request: object, trader: Trader): Promise<T> {
  const definition = loadSync([...GRPC_PROTO_FILES], {
    ...GRPC_LOADER_OPTIONS,
    includeDirs: [...GRPC_LOADER_OPTIONS.includeDirs],
  });
  const proto = loadPackageDefinition(definition) as unknown as TradingProto;
  const client = new proto.exchange.trading.v1.TradingService(
    harness.grpc,
    credentials.createInsecure(),
  ) as unknown as AnyClient;
  try {
    const path = (client.constructor as ServiceClientConstructor).service[method]!;
    const metadata = new Metadata();
    for (const [name, value] of Object.entries(
      signedCallMetadata(trader.key, path.path, path.requestSerialize(request)),
    ))
      metadata.set(name, value);
    return await new Promise<T>((resolve, reject) =>
      client[method]!(request, metadata, (error: ServiceError | null, response: T) =>
        error ? reject(error) : resolve(response),
      ),
    );
  } finally {
    client.close();
  }
}

function order(trader: Trader, params: Record<string, string>) {
  return harness.signed<Order & ErrorBody>(
    'POST',
    'order',
    { symbol: 'BTCUSDT', newOrderRespType: 'RESULT', ...params },
    trader.key,
  );
}

const limit = (trader: Trader, side: 'BUY' | 'SELL', quantity: string, price: string) =>
  order(trader, { side, type: 'LIMIT', timeInForce: 'GTC', quantity, price });

async function balance(trader: Trader, asset: string): Promise<{ free: number; locked: number }> {
  const account = await harness.signed<{ balances: { asset: string; free: string; locked: string }[] }>(
    'GET',
    'account',
    {},
    trader.key,
  );
  const b = account.body.balances.find((x) => x.asset === asset);
  return { free: Number(b?.free ?? 0), locked: Number(b?.locked ?? 0) };
}

const getOrder = async (trader: Trader, orderId: number) =>
  (await harness.signed<Order>('GET', 'order', { symbol: 'BTCUSDT', orderId }, trader.key)).body;

describe('stop-limit and take-profit-limit orders through gateway, wallet and engine', () => {
  let stop: Order;
  let stream: StreamClient;

  it('lists the stop order types in exchangeInfo', async () => {
    const info = await harness.http<{ symbols: { symbol: string; orderTypes: string[] }[] }>(
      'GET',
      '/api/v3/exchangeInfo?symbol=BTCUSDT',
    );
    expect(info.body.symbols[0].orderTypes).toEqual(
      expect.arrayContaining(['LIMIT', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']),
    );
  });

  it('checks stopPrice with Binance codes (order/test): -1102 when missing, -1013 PRICE_FILTER off the tick', async () => {
    const base = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '30600',
    };
    const missing = await harness.signed<ErrorBody>('POST', 'order/test', base, alice.key);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(-1102);
    expect(missing.body.msg).toContain('stopPrice');
    const offTick = await harness.signed<ErrorBody>(
      'POST',
      'order/test',
      { ...base, stopPrice: '30500.001' },
      alice.key,
    );
    expect(offTick.status).toBe(400);
    expect(offTick.body).toEqual({ code: -1013, msg: 'Filter failure: PRICE_FILTER' });
    const onLimit = await harness.signed<ErrorBody>(
      'POST',
      'order/test',
      { ...base, type: 'LIMIT', stopPrice: '30500' },
      alice.key,
    );
    expect(onLimit.body.code).toBe(-1106);
    const ok = await harness.signed('POST', 'order/test', { ...base, stopPrice: '30500' }, alice.key);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
  });

  it('rests a stop-limit buy untriggered, holding what the limit order it becomes needs', async () => {
    // A first trade makes 30000 the last price.
    expect((await limit(bob, 'SELL', '0.01', '30000')).status).toBe(200);
    expect((await limit(carol, 'BUY', '0.01', '30000')).body.status).toBe('FILLED');

    const key = await harness.http<{ listenKey: string }>('POST', '/api/v3/userDataStream', {
      headers: { 'X-MBX-APIKEY': alice.key.apiKey },
    });
    stream = await StreamClient.open(`${harness.base.replace('http://', 'ws://')}/ws/${key.body.listenKey}`);
    await stream.request('LIST_SUBSCRIPTIONS');

    const placed = await order(alice, {
      side: 'BUY',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '30600',
      stopPrice: '30500',
      newClientOrderId: 'alice-stop',
    });
    expect(placed.status).toBe(200);
    stop = placed.body;
    expect(stop).toMatchObject({ type: 'STOP_LOSS_LIMIT', status: 'NEW', workingTime: -1 });
    expect(Number(stop.stopPrice)).toBe(30500);
    expect(Number(stop.price)).toBe(30600);
    // 0.1 × 30600 plus the 0.1 % taker-fee headroom, exactly like a LIMIT buy.
    expect(await balance(alice, 'USDT')).toEqual({ free: 26936.94, locked: 3063.06 });

    const open = await harness.signed<Order[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(open.body).toHaveLength(1);
    expect(open.body[0]).toMatchObject({ orderId: stop.orderId, isWorking: false, workingTime: -1 });
    expect(Number(open.body[0].stopPrice)).toBe(30500);
    const all = await harness.signed<Order[]>('GET', 'allOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(Number(all.body.find((o) => o.orderId === stop.orderId)!.stopPrice)).toBe(30500);

    const report = await stream.waitFor((f: Frame) => f.e === 'executionReport' && f.i === stop.orderId);
    expect(report).toMatchObject({ o: 'STOP_LOSS_LIMIT', x: 'NEW', X: 'NEW', w: false });
    expect(Number(report.P)).toBe(30500);
    expect(report).not.toHaveProperty('W');
  });

  it('refuses a stop whose condition already holds with -2010 and gives the hold back', async () => {
    const refused = await order(alice, {
      side: 'BUY',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '30000',
      stopPrice: '29000',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ code: -2010, msg: 'Order would trigger immediately.' });
    const after = await eventually(
      () => balance(alice, 'USDT'),
      (b) => b.locked === 3063.06,
    );
    expect(after.locked).toBe(3063.06);
  });

  it('releases the hold when an untriggered take-profit-limit is cancelled', async () => {
    const tp = await order(alice, {
      side: 'BUY',
      type: 'TAKE_PROFIT_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.02',
      price: '29000',
      stopPrice: '29000',
    });
    expect(tp.status).toBe(200);
    expect(tp.body).toMatchObject({ status: 'NEW', workingTime: -1 });
    expect((await balance(alice, 'USDT')).locked).toBe(3643.64);
    const cancelled = await harness.signed<Order>(
      'DELETE',
      'order',
      { symbol: 'BTCUSDT', orderId: tp.body.orderId },
      alice.key,
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELED');
    expect(Number(cancelled.body.stopPrice)).toBe(29000);
    const after = await eventually(
      () => balance(alice, 'USDT'),
      (b) => b.locked === 3063.06,
    );
    expect(after).toEqual({ free: 26936.94, locked: 3063.06 });
  });

  it('triggers on a trade through the stop price, then works and fills as a limit order', async () => {
    expect((await limit(bob, 'SELL', '0.1', '30550')).status).toBe(200);
    expect((await limit(bob, 'SELL', '0.01', '30500')).status).toBe(200);
    // Still untriggered: no trade at 30500 or above yet.
    expect(await getOrder(alice, stop.orderId)).toMatchObject({ status: 'NEW', isWorking: false });

    // Carol's buy trades at 30500: last price reaches the stop, Alice's buy up to 30600 takes the 30550 ask.
    expect((await limit(carol, 'BUY', '0.01', '30500')).body.status).toBe('FILLED');
    const filled = await eventually(
      () => getOrder(alice, stop.orderId),
      (o) => o.status === 'FILLED',
    );
    expect(filled).toMatchObject({ status: 'FILLED', isWorking: false });
    expect(Number(filled.executedQty)).toBe(0.1);
    expect(Number(filled.stopPrice)).toBe(30500);
    expect(filled.workingTime).toBeGreaterThan(0);

    const working = await stream.waitFor(
      (f: Frame) => f.e === 'executionReport' && f.i === stop.orderId && f.w === true,
    );
    expect(working).toMatchObject({ x: 'NEW', X: 'NEW', W: filled.workingTime });
    const trade = await stream.waitFor(
      (f: Frame) => f.e === 'executionReport' && f.i === stop.orderId && f.x === 'TRADE',
    );
    expect(trade).toMatchObject({ X: 'FILLED', L: expect.stringMatching(/^30550/) });
    await stream.close();

    // Paid 0.1 × 30550 = 3055 USDT, the rest of the hold back; 0.1 BTC less the 0.1 % taker fee.
    const usdt = await eventually(
      () => balance(alice, 'USDT'),
      (b) => b.locked === 0,
    );
    expect(usdt).toEqual({ free: 26945, locked: 0 });
    expect(await balance(alice, 'BTC')).toEqual({ free: 0.0999, locked: 0 });
  });

  it('places, reads and cancels a take-profit-limit over gRPC with stop_price and working_time_ms', async () => {
    const placed = await tradingCall<{
      order: { orderId: string; type: string; stopPrice: string; status: string };
    }>(
      'PlaceOrder',
      {
        symbol: 'BTCUSDT',
        side: 'SIDE_SELL',
        type: 'ORDER_TYPE_TAKE_PROFIT_LIMIT',
        timeInForce: 'TIME_IN_FORCE_GTC',
        quantity: '0.01',
        price: '31900',
        stopPrice: '32000',
        responseType: 'RESPONSE_TYPE_RESULT',
      },
      bob,
    );
    expect(placed.order).toMatchObject({
      type: 'ORDER_TYPE_TAKE_PROFIT_LIMIT',
      status: 'ORDER_STATUS_NEW',
      isWorking: false,
      workingTimeMs: '-1',
    });
    expect(Number(placed.order.stopPrice)).toBe(32000);
    const read = await tradingCall<{ order: { stopPrice: string; workingTimeMs: string } }>(
      'GetOrder',
      { symbol: 'BTCUSDT', ref: { orderId: placed.order.orderId } },
      bob,
    );
    expect(Number(read.order.stopPrice)).toBe(32000);
    expect(read.order.workingTimeMs).toBe('-1');
    const cancelled = await tradingCall<{ order: { status: string } }>(
      'CancelOrder',
      { symbol: 'BTCUSDT', ref: { orderId: placed.order.orderId } },
      bob,
    );
    expect(cancelled.order.status).toBe('ORDER_STATUS_CANCELED');
    const missing = await tradingCall(
      'PlaceOrder',
      {
        symbol: 'BTCUSDT',
        side: 'SIDE_SELL',
        type: 'ORDER_TYPE_STOP_LOSS_LIMIT',
        timeInForce: 'TIME_IN_FORCE_GTC',
        quantity: '0.01',
        price: '29000',
      },
      bob,
    ).catch((error: ServiceError) => error);
    expect((missing as ServiceError).code).toBe(3);
    expect((missing as ServiceError).details).toContain('stopPrice');
    await eventually(
      () => balance(bob, 'BTC'),
      (b) => b.locked === 0,
    );
  });

  it('runs a stop-loss (market) sell at its trigger: what the book takes fills, the rest expires and is released', async () => {
    // Bob has sold 0.12 of his 2 BTC; the last price is Alice's 30550.
    expect(await balance(bob, 'BTC')).toEqual({ free: 1.88, locked: 0 });
    const refusedBuy = await order(bob, {
      side: 'BUY',
      type: 'STOP_LOSS',
      quantity: '0.01',
      stopPrice: '31000',
    });
    expect(refusedBuy.status).toBe(400);
    expect(refusedBuy.body.code).toBe(-1013);

    const stopLoss = await order(bob, {
      side: 'SELL',
      type: 'STOP_LOSS',
      quantity: '0.01',
      stopPrice: '30000',
    });
    expect(stopLoss.status).toBe(200);
    expect(stopLoss.body).toMatchObject({ type: 'STOP_LOSS', status: 'NEW', workingTime: -1 });
    expect(await balance(bob, 'BTC')).toEqual({ free: 1.87, locked: 0.01 });

    expect((await limit(carol, 'BUY', '0.002', '29000')).body.status).toBe('NEW');
    expect((await limit(carol, 'BUY', '0.01', '30000')).body.status).toBe('NEW');
    // Bob's limit sell trades at 30000: the last price falls to the stop; the market sell takes the 29000 bid and
    // finds nothing more.
    expect((await limit(bob, 'SELL', '0.01', '30000')).body.status).toBe('FILLED');
    const ended = await eventually(
      () => getOrder(bob, stopLoss.body.orderId),
      (o) => o.status === 'EXPIRED',
    );
    expect(ended).toMatchObject({ status: 'EXPIRED', isWorking: false });
    expect(Number(ended.executedQty)).toBe(0.002);
    expect(ended.workingTime).toBeGreaterThan(0);
    const btc = await eventually(
      () => balance(bob, 'BTC'),
      (b) => b.locked === 0,
    );
    expect(btc).toEqual({ free: 1.868, locked: 0 });
  });
});
