import { generateKeyPairSync } from 'node:crypto';

import {
  type Client,
  credentials,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { connect, type NatsConnection } from 'nats';

import {
  mdTradeSubject,
  type OrderUpdate,
  type OrderUpdateBatch,
  userOrderSubject,
} from '@exchange/shared-contracts';
import {
  type AccountProto,
  decodeErrorInfo,
  decodeStatus,
  ERROR_INFO_TYPE_URL,
  GRPC_LOADER_OPTIONS,
  GRPC_PROTO_FILES,
  GRPC_STATUS_DETAILS_KEY,
  type GrpcSigningKey,
  type MarketDataProto,
  type RichStatus,
  signedCallMetadata,
  type Status__Output,
  type TradingProto,
} from '@exchange/shared-contracts-grpc';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { eventually, ExchangeHarness, type Trader } from './exchange-harness';

jest.setTimeout(180_000);

// A small per-stream buffer, so that a reader that stops reading overflows it in a test.
const STREAM_BUFFER = 50;
// A small 10-second order limit, so that the limit itself can be reached in a test.
const ORDER_LIMIT = 30;
const harness = new ExchangeHarness({
  GRPC_STREAM_BUFFER: String(STREAM_BUFFER),
  ORDER_LIMIT_PER_10S: String(ORDER_LIMIT),
});

type Proto = TradingProto & AccountProto & MarketDataProto;
type Key = GrpcSigningKey;
type AnyClient = Client & Record<string, (...args: unknown[]) => unknown>;

let proto: Proto;
let trading: AnyClient;
let account: AnyClient;
let market: AnyClient;
let alice: Trader;
let bob: Trader;
let reader: Trader;
let nc: NatsConnection;

beforeAll(async () => {
  await harness.start();
  const definition = loadSync([...GRPC_PROTO_FILES], {
    ...GRPC_LOADER_OPTIONS,
    includeDirs: [...GRPC_LOADER_OPTIONS.includeDirs],
  });
  proto = loadPackageDefinition(definition) as unknown as Proto;
  const insecure = credentials.createInsecure();
  trading = new proto.exchange.trading.v1.TradingService(harness.grpc, insecure) as unknown as AnyClient;
  account = new proto.exchange.account.v1.AccountService(harness.grpc, insecure) as unknown as AnyClient;
  market = new proto.exchange.marketdata.v1.MarketDataService(harness.grpc, insecure) as unknown as AnyClient;
  [alice, bob, reader] = await Promise.all([
    harness.trader('alice@example.com'),
    harness.trader('bob@example.com'),
    harness.trader('reader@example.com', { permissions: ['READ'] }),
  ]);
  await harness.faucet(alice, 'USDT', '100000');
  await harness.faucet(bob, 'BTC', '10');
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
}, 240_000);

afterAll(async () => {
  for (const client of [trading, account, market]) client?.close();
  await nc?.close();
  await harness.stop();
}, 60_000);

function methodOf(client: AnyClient, method: string) {
  return (client.constructor as ServiceClientConstructor).service[method]!;
}

/** Signs `request` as docs/grpc.md says: method path, timestamp, window, and the request's bytes. */
function signedMetadata(
  client: AnyClient,
  method: string,
  request: object,
  key: Key,
  options: { timestamp?: number; recvWindow?: number } = {},
): Metadata {
  const definition = methodOf(client, method);
  const entries = signedCallMetadata(key, definition.path, definition.requestSerialize(request), options);
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(entries)) metadata.set(name, value);
  return metadata;
}

function unary<T>(
  client: AnyClient,
  method: string,
  request: object,
  metadata: Metadata = new Metadata(),
  deadline: Date = new Date(Date.now() + 60_000),
): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method]!(request, metadata, { deadline }, (error: ServiceError | null, response: T) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

const call = <T>(client: AnyClient, method: string, request: object, key: Key) =>
  unary<T>(client, method, request, signedMetadata(client, method, request, key));

async function failure(promise: Promise<unknown>): Promise<ServiceError & { rich: RichStatus }> {
  try {
    await promise;
  } catch (error) {
    const e = error as ServiceError;
    const details = e.metadata?.get(GRPC_STATUS_DETAILS_KEY)[0];
    return Object.assign(e, { rich: details ? decodeStatus(details as Buffer) : { code: -1, message: '' } });
  }
  throw new Error('the call succeeded');
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${harness.base}/metrics`)).text();
  // `name 3` or `name{service="gateway"} 3`.
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (line === undefined) throw new Error(`no metric ${name}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

interface Order {
  symbol: string;
  orderId: string;
  clientOrderId: string;
  status: string;
  side: string;
  executedQty: string;
  isWorking: boolean;
}

/** A good-till-cancelled limit buy of 0.1 BTC at `price`, with `fields` changed or added. */
const limit = (price: string, fields: Record<string, unknown> = {}) => ({
  symbol: 'BTCUSDT',
  side: 'SIDE_BUY',
  type: 'ORDER_TYPE_LIMIT',
  timeInForce: 'TIME_IN_FORCE_GTC',
  quantity: '0.1',
  price,
  ...fields,
});

describe('TradingService', () => {
  it('places, fills, reads, lists trades of and cancels orders like /api/v3', async () => {
    const placed = await call<{ order: Order }>(
      trading,
      'PlaceOrder',
      limit('30000', {
        quantity: '0.5',
        clientOrderId: 'alice-grpc-1',
        responseType: 'RESPONSE_TYPE_RESULT',
        selfTradePreventionMode: 'SELF_TRADE_PREVENTION_MODE_EXPIRE_MAKER',
      }),
      alice.key,
    );
    expect(placed.order).toMatchObject({
      symbol: 'BTCUSDT',
      clientOrderId: 'alice-grpc-1',
      status: 'ORDER_STATUS_NEW',
      side: 'SIDE_BUY',
      isWorking: true,
      selfTradePreventionMode: 'SELF_TRADE_PREVENTION_MODE_EXPIRE_MAKER',
    });
    const orderId = placed.order.orderId;

    const open = await call<{ orders: Order[] }>(trading, 'ListOpenOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(open.orders.map((o) => o.orderId)).toEqual([orderId]);

    const sell = await call<{ order: Order; fills: { price: string; qty: string; tradeId: string }[] }>(
      trading,
      'PlaceOrder',
      limit('29000', { side: 'SIDE_SELL', quantity: '0.2' }),
      bob.key,
    );
    expect(sell.order.status).toBe('ORDER_STATUS_FILLED');
    expect(sell.fills).toHaveLength(1);
    expect([Number(sell.fills[0]!.price), Number(sell.fills[0]!.qty)]).toEqual([30000, 0.2]);

    const partly = await eventually(
      () =>
        call<{ order: Order; fills: { tradeId: string }[] }>(
          trading,
          'GetOrder',
          { symbol: 'BTCUSDT', ref: { orderId } },
          alice.key,
        ),
      (r) => r.order.status === 'ORDER_STATUS_PARTIALLY_FILLED',
    );
    expect(Number(partly.order.executedQty)).toBe(0.2);
    expect(partly.fills.map((f) => f.tradeId)).toEqual([sell.fills[0]!.tradeId]);
    const byClientId = await call<{ order: Order }>(
      trading,
      'GetOrder',
      { symbol: 'BTCUSDT', ref: { clientOrderId: 'alice-grpc-1' } },
      alice.key,
    );
    expect(byClientId.order.orderId).toBe(orderId);

    const trades = await call<{
      trades: { id: string; orderId: string; isBuyer: boolean; isMaker: boolean }[];
    }>(trading, 'ListTrades', { symbol: 'BTCUSDT' }, alice.key);
    expect(trades.trades).toEqual([
      expect.objectContaining({ id: sell.fills[0]!.tradeId, orderId, isBuyer: true, isMaker: true }),
    ]);

    const cancelled = await call<{ order: Order }>(
      trading,
      'CancelOrder',
      { symbol: 'BTCUSDT', ref: { orderId } },
      alice.key,
    );
    // The order's own client id (REST's cancel answer names the cancel by another).
    expect(cancelled.order).toMatchObject({
      orderId,
      status: 'ORDER_STATUS_CANCELED',
      clientOrderId: placed.order.clientOrderId,
    });

    for (const price of ['20000', '21000']) {
      await call(trading, 'PlaceOrder', limit(price, { responseType: 'RESPONSE_TYPE_ACK' }), alice.key);
    }
    const all = await call<{ orders: Order[] }>(trading, 'CancelAll', { symbol: 'BTCUSDT' }, alice.key);
    expect(all.orders.map((o) => o.status)).toEqual(['ORDER_STATUS_CANCELED', 'ORDER_STATUS_CANCELED']);
    const none = await failure(call(trading, 'CancelAll', { symbol: 'BTCUSDT' }, alice.key));
    expect([none.code, none.rich.errorInfo?.metadata['binance_code']]).toEqual([status.NOT_FOUND, '-2011']);

    // Every order of the market, ended ones too (allOrders): from an order id on, and the most recent `limit`.
    const history = await call<{ orders: Order[] }>(trading, 'ListOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(history.orders.map((o) => [o.orderId, o.status])).toEqual([
      [orderId, 'ORDER_STATUS_CANCELED'],
      [all.orders[0]!.orderId, 'ORDER_STATUS_CANCELED'],
      [all.orders[1]!.orderId, 'ORDER_STATUS_CANCELED'],
    ]);
    expect(history.orders[0]!.executedQty).toBe(partly.order.executedQty);
    const from = await call<{ orders: Order[] }>(
      trading,
      'ListOrders',
      { symbol: 'BTCUSDT', orderId: all.orders[0]!.orderId },
      alice.key,
    );
    expect(from.orders.map((o) => o.orderId)).toEqual(all.orders.map((o) => o.orderId));
    const last = await call<{ orders: Order[] }>(
      trading,
      'ListOrders',
      { symbol: 'BTCUSDT', limit: 1 },
      alice.key,
    );
    expect(last.orders.map((o) => o.orderId)).toEqual([all.orders[1]!.orderId]);
    const bobs = await call<{ orders: Order[] }>(trading, 'ListOrders', { symbol: 'BTCUSDT' }, bob.key);
    expect(bobs.orders.map((o) => o.orderId)).toEqual([sell.order.orderId]);
    const tooMany = await failure(call(trading, 'ListOrders', { symbol: 'BTCUSDT', limit: 1001 }, alice.key));
    expect([tooMany.code, tooMany.rich.errorInfo?.metadata['binance_code']]).toEqual([
      status.INVALID_ARGUMENT,
      '-1102',
    ]);
  });

  it('replaces an order (Binance cancelReplace), answering each step; a failed cancel stops there unless allowed', async () => {
    type Step = {
      outcome?: 'order' | 'error';
      order?: Order & { price: string };
      error?: { code: number; message: string; details: { type_url: string; value: Buffer }[] };
    };
    type Replaced = { cancel: Step; newOrder: Step };
    const binanceCode = (step: Step) => {
      const info = step.error?.details.find((d) => d.type_url === ERROR_INFO_TYPE_URL);
      return info && decodeErrorInfo(info.value).metadata['binance_code'];
    };
    const placed = await call<{ order: Order }>(trading, 'PlaceOrder', limit('12000'), alice.key);
    const replaced = await call<Replaced>(
      trading,
      'ReplaceOrder',
      {
        cancelRef: { orderId: placed.order.orderId },
        newOrder: limit('12500', { responseType: 'RESPONSE_TYPE_RESULT' }),
      },
      alice.key,
    );
    expect(replaced.cancel.order).toMatchObject({
      orderId: placed.order.orderId,
      status: 'ORDER_STATUS_CANCELED',
      clientOrderId: placed.order.clientOrderId,
    });
    expect(replaced.newOrder.order).toMatchObject({ status: 'ORDER_STATUS_NEW', price: '12500.00' });

    // The replaced order cannot be cancelled again: the new order is not attempted (STOP_ON_FAILURE)...
    const stopped = await call<Replaced>(
      trading,
      'ReplaceOrder',
      { cancelRef: { orderId: placed.order.orderId }, newOrder: limit('13000') },
      alice.key,
    );
    expect([stopped.cancel.error?.code, binanceCode(stopped.cancel)]).toEqual([status.NOT_FOUND, '-2011']);
    expect(stopped.newOrder.outcome).toBeUndefined();
    // ...or is placed anyway with allow_cancel_failure (ALLOW_FAILURE).
    const allowed = await call<Replaced>(
      trading,
      'ReplaceOrder',
      { cancelRef: { orderId: placed.order.orderId }, newOrder: limit('13000'), allowCancelFailure: true },
      alice.key,
    );
    expect(binanceCode(allowed.cancel)).toBe('-2011');
    expect(allowed.newOrder.order).toMatchObject({ status: 'ORDER_STATUS_NEW' });
    const open = await call<{ orders: Order[] }>(trading, 'ListOpenOrders', { symbol: 'BTCUSDT' }, alice.key);
    expect(open.orders.map((o) => o.orderId).sort()).toEqual(
      [replaced.newOrder.order!.orderId, allowed.newOrder.order!.orderId].sort(),
    );

    // A bad parameter of either step refuses the whole call before anything is done.
    const noRef = await failure(call(trading, 'ReplaceOrder', { newOrder: limit('13000') }, alice.key));
    expect([noRef.code, noRef.rich.errorInfo?.metadata['binance_code']]).toEqual([
      status.INVALID_ARGUMENT,
      '-1102',
    ]);
    await call(trading, 'CancelAll', { symbol: 'BTCUSDT' }, alice.key);
  });

  it("amends an order's quantity (down keeps it working) and refuses another user's", async () => {
    const placed = await call<{ order: Order }>(
      trading,
      'PlaceOrder',
      limit('25000', { quantity: '0.5', responseType: 'RESPONSE_TYPE_RESULT' }),
      alice.key,
    );
    const ref = { orderId: placed.order.orderId };
    const amended = await call<{ order: Order & { origQty: string } }>(
      trading,
      'AmendOrder',
      { symbol: 'BTCUSDT', ref, newQuantity: '0.3' },
      alice.key,
    );
    expect(amended.order).toMatchObject({ orderId: placed.order.orderId, status: 'ORDER_STATUS_NEW' });
    expect(Number(amended.order.origQty)).toBe(0.3);
    const read = await call<{ order: Order & { origQty: string } }>(
      trading,
      'GetOrder',
      { symbol: 'BTCUSDT', ref },
      alice.key,
    );
    expect(Number(read.order.origQty)).toBe(0.3);
    const foreign = await failure(
      call(trading, 'AmendOrder', { symbol: 'BTCUSDT', ref, newQuantity: '0.1' }, bob.key),
    );
    expect([foreign.code, foreign.rich.errorInfo?.reason]).toEqual([status.NOT_FOUND, 'NO_SUCH_ORDER']);
    // The amend the engine applied, as GET /api/v3/order/amendments lists it; nothing for another user.
    const listed = await eventually(
      () =>
        call<{ amendments: Record<string, string>[] }>(
          trading,
          'ListOrderAmendments',
          { symbol: 'BTCUSDT', orderId: placed.order.orderId },
          alice.key,
        ),
      (r) => r.amendments.length > 0,
    );
    expect(listed.amendments).toEqual([
      {
        symbol: 'BTCUSDT',
        orderId: placed.order.orderId,
        executionId: expect.any(String),
        clientOrderId: placed.order.clientOrderId,
        origQty: '0.50000000',
        newQty: '0.30000000',
        timeMs: expect.any(String),
      },
    ]);
    const hidden = await failure(
      call(trading, 'ListOrderAmendments', { symbol: 'BTCUSDT', orderId: placed.order.orderId }, bob.key),
    );
    expect(hidden.code).toBe(status.NOT_FOUND);
    // A restricted cancel: nothing of the order has traded, so ONLY_PARTIALLY_FILLED leaves it (FAILED_PRECONDITION).
    const restricted = await failure(
      call(
        trading,
        'CancelOrder',
        { symbol: 'BTCUSDT', ref, restriction: 'CANCEL_RESTRICTION_ONLY_PARTIALLY_FILLED' },
        alice.key,
      ),
    );
    expect([
      restricted.code,
      restricted.message,
      restricted.rich.errorInfo?.metadata['binance_code'],
    ]).toEqual([
      status.FAILED_PRECONDITION,
      expect.stringContaining('Order was not canceled due to cancel restrictions.'),
      '-2011',
    ]);
    const cancelled = await call<{ order: Order }>(
      trading,
      'CancelOrder',
      { symbol: 'BTCUSDT', ref, restriction: 'CANCEL_RESTRICTION_ONLY_NEW' },
      alice.key,
    );
    expect(cancelled.order).toMatchObject({ orderId: placed.order.orderId, status: 'ORDER_STATUS_CANCELED' });
  });

  it("scopes every call to the caller's own orders (another user's order is NOT_FOUND -2013)", async () => {
    const placed = await call<{ order: Order }>(trading, 'PlaceOrder', limit('10000'), alice.key);
    const ref = { symbol: 'BTCUSDT', ref: { orderId: placed.order.orderId } };
    const read = await failure(call(trading, 'GetOrder', ref, bob.key));
    expect([read.code, read.rich.errorInfo?.reason]).toEqual([status.NOT_FOUND, 'NO_SUCH_ORDER']);
    const cancel = await failure(call(trading, 'CancelOrder', ref, bob.key));
    expect(cancel.code).toBe(status.NOT_FOUND);
    await call(trading, 'CancelOrder', ref, alice.key);
  });

  it('checks orders as REST does: a bad filter is INVALID_ARGUMENT with the Binance code', async () => {
    const error = await failure(call(trading, 'PlaceOrder', limit('30000.123456789'), alice.key));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(Number(error.rich.errorInfo?.metadata['binance_code'])).toBeLessThan(0);
  });
});

describe('PlaceOrders', () => {
  type Result = { order?: Order; error?: Status__Output; outcome: 'order' | 'error' };

  /** The call's answer and trailers (order counts, weight), or its error. */
  const placeAll = (orders: object[], key: Key) =>
    new Promise<{ error: ServiceError | null; results: Result[]; trailers: Metadata }>((resolve) => {
      const request = { orders };
      let error: ServiceError | null = null;
      let results: Result[] = [];
      const metadata = signedMetadata(trading, 'PlaceOrders', request, key);
      const pending = trading['PlaceOrders']!(
        request,
        metadata,
        (e: ServiceError | null, response?: { results: Result[] }) => {
          error = e;
          results = response?.results ?? [];
        },
      ) as { on(event: 'status', listener: (s: { metadata: Metadata }) => void): void };
      pending.on('status', (s) => setImmediate(() => resolve({ error, results, trailers: s.metadata })));
    });

  /** A refused item's gRPC code and Binance code (from its ErrorInfo detail). */
  const refusal = (result: Result | undefined) => {
    const info = result?.error?.details.find((d) => d.type_url === ERROR_INFO_TYPE_URL);
    return [result?.error?.code, info && decodeErrorInfo(info.value).metadata['binance_code']];
  };

  it("answers each order with its ACK or PlaceOrder's refusal, in order, and places only the accepted", async () => {
    const batcher = await harness.trader('batcher@example.com');
    await harness.faucet(batcher, 'USDT', '5000');
    const { error, results, trailers } = await placeAll(
      [
        limit('20000', { clientOrderId: 'batch-1' }),
        limit('20000.123456789', { clientOrderId: 'batch-2' }),
        limit('20000', { clientOrderId: 'batch-3', symbol: 'NOPEUSDT' }),
        limit('20000', { clientOrderId: 'batch-4', responseType: 'RESPONSE_TYPE_RESULT' }),
        limit('20000', { clientOrderId: 'batch-5', quantity: '1' }),
        limit('19000', { clientOrderId: 'batch-6', responseType: 'RESPONSE_TYPE_ACK' }),
      ],
      batcher.key,
    );
    expect(error).toBeNull();
    expect(results.map((r) => r.outcome)).toEqual(['order', 'error', 'error', 'error', 'error', 'order']);
    expect(results[0]!.order).toMatchObject({ symbol: 'BTCUSDT', clientOrderId: 'batch-1' });
    expect(results[5]!.order).toMatchObject({ symbol: 'BTCUSDT', clientOrderId: 'batch-6' });
    expect(refusal(results[1])).toEqual([status.INVALID_ARGUMENT, '-1013']);
    expect(refusal(results[2])).toEqual([status.INVALID_ARGUMENT, '-1121']);
    expect(refusal(results[3])).toEqual([status.INVALID_ARGUMENT, '-1130']);
    expect(refusal(results[4])).toEqual([status.FAILED_PRECONDITION, '-2010']);
    expect(results[4]!.error?.message).toBe('Account has insufficient balance for requested action.');
    // Each order's outcome in the metrics: 2 placed, 3 refused as arguments, 1 for funds.
    const counted = (await (await fetch(`${harness.base}/metrics`)).text())
      .split('\n')
      .filter((l) => l.startsWith('grpc_server_batch_orders_total{'))
      .map((l) => [/code="([A-Z_]+)"/.exec(l)?.[1], Number(l.slice(l.lastIndexOf(' ') + 1))]);
    expect(Object.fromEntries(counted)).toEqual({ OK: 2, INVALID_ARGUMENT: 3, FAILED_PRECONDITION: 1 });
    // Counted: the three orders the wallet was asked to hold (the gateway's own refusals are not orders).
    expect(trailers.get('x-mbx-order-count-10s')).toEqual(['3']);
    expect(Number(trailers.get('x-mbx-used-weight-1m')[0])).toBeGreaterThanOrEqual(6);

    const open = await eventually(
      () => call<{ orders: Order[] }>(trading, 'ListOpenOrders', { symbol: 'BTCUSDT' }, batcher.key),
      (r) => r.orders.every((o) => o.status === 'ORDER_STATUS_NEW'),
    );
    expect(open.orders.map((o) => o.clientOrderId).sort()).toEqual(['batch-1', 'batch-6']);
    expect(open.orders.map((o) => o.orderId).sort()).toEqual(
      [results[0]!.order!.orderId, results[5]!.order!.orderId].sort(),
    );
    await call(trading, 'CancelAll', { symbol: 'BTCUSDT' }, batcher.key);
  });

  it('refuses the whole call when it is empty, too large, not TRADE, or past the order limit; nothing placed', async () => {
    const over = await harness.trader('over@example.com');
    await harness.faucet(over, 'USDT', '100000');
    const tooMany = Array.from({ length: 51 }, (_, i) => limit('10000', { clientOrderId: `many-${i}` }));
    const cases: [object[], Key, status, string][] = [
      [[], over.key, status.INVALID_ARGUMENT, '-1102'],
      [tooMany, over.key, status.INVALID_ARGUMENT, '-1130'],
      [[limit('10000', { clientOrderId: 'r-1' })], reader.key, status.UNAUTHENTICATED, '-2015'],
      [tooMany.slice(0, ORDER_LIMIT + 1), over.key, status.RESOURCE_EXHAUSTED, '-1015'],
    ];
    for (const [orders, key, code, binanceCode] of cases) {
      const { error } = await placeAll(orders, key);
      const rich = error && decodeStatus(error.metadata.get(GRPC_STATUS_DETAILS_KEY)[0] as Buffer);
      expect([error?.code, rich?.errorInfo?.metadata['binance_code']]).toEqual([code, binanceCode]);
    }
    await expect(call(trading, 'ListOpenOrders', { symbol: 'BTCUSDT' }, over.key)).resolves.toEqual({
      orders: [],
    });
  });
});

describe('limits, as over REST', () => {
  it('sends request weight and order counts as trailers, and refuses past the order limit with RetryInfo', async () => {
    const counter = await harness.trader('counter@example.com');
    await harness.faucet(counter, 'USDT', '100000');
    const order = limit('10000', { quantity: '0.001', responseType: 'RESPONSE_TYPE_ACK' });
    const place = () =>
      new Promise<{ error: ServiceError | null; trailers: Metadata }>((resolve) => {
        let error: ServiceError | null = null;
        const metadata = signedMetadata(trading, 'PlaceOrder', order, counter.key);
        const pending = trading['PlaceOrder']!(order, metadata, (e: ServiceError | null) => (error = e)) as {
          on(event: 'status', listener: (s: { metadata: Metadata }) => void): void;
        };
        pending.on('status', (s) => setImmediate(() => resolve({ error, trailers: s.metadata })));
      });
    const first = await place();
    expect(first.error).toBeNull();
    expect(Number(first.trailers.get('x-mbx-order-count-10s')[0])).toBeGreaterThanOrEqual(1);
    expect(Number(first.trailers.get('x-mbx-used-weight-1m')[0])).toBeGreaterThanOrEqual(1);
    let refused: ServiceError | null = null;
    for (let i = 0; i < 500 && !refused; i++) refused = (await place()).error;
    expect(refused?.code).toBe(status.RESOURCE_EXHAUSTED);
    const rich = decodeStatus(refused!.metadata.get(GRPC_STATUS_DETAILS_KEY)[0] as Buffer);
    expect(rich.errorInfo).toMatchObject({ reason: 'TOO_MANY_ORDERS', metadata: { binance_code: '-1015' } });
    expect(rich.retryDelayMs).toBeGreaterThan(0);
    expect(Number(refused!.metadata.get('x-mbx-order-count-10s')[0])).toBeGreaterThan(ORDER_LIMIT);
  });

  it('refuses a ReplaceOrder past the order limit whole, or only cancels with cancel_when_order_limit_exceeded', async () => {
    const replacer = await harness.trader('replacer@example.com');
    await harness.faucet(replacer, 'USDT', '1000');
    const order = limit('10000', { quantity: '0.001', responseType: 'RESPONSE_TYPE_ACK' });
    const resting = await call<{ order: Order }>(trading, 'PlaceOrder', order, replacer.key);
    // The flood and the ReplaceOrder calls after it within one fixed 10-second window (on the epoch).
    while (Date.now() % 10_000 > 4_000) await new Promise((resolve) => setTimeout(resolve, 100));
    let refused: { code?: number } | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await call(trading, 'PlaceOrder', order, replacer.key).then(
        () => undefined,
        (error: ServiceError) => error,
      );
    }
    expect(refused?.code).toBe(status.RESOURCE_EXHAUSTED);
    const replace = {
      cancelRef: { orderId: resting.order.orderId },
      newOrder: limit('10500', { quantity: '0.001' }),
    };
    const whole = await failure(call(trading, 'ReplaceOrder', replace, replacer.key));
    expect([whole.code, whole.rich.errorInfo?.metadata['binance_code']]).toEqual([
      status.RESOURCE_EXHAUSTED,
      '-1015',
    ]);
    const open = async () =>
      (
        await call<{ orders: Order[] }>(trading, 'ListOpenOrders', { symbol: 'BTCUSDT' }, replacer.key)
      ).orders.map((o) => o.orderId);
    expect(await open()).toContain(resting.order.orderId);

    const cancelOnly = await call<{
      cancel: { order?: Order };
      newOrder: { error?: { code: number; details: { type_url: string; value: Buffer }[] } };
    }>(trading, 'ReplaceOrder', { ...replace, cancelWhenOrderLimitExceeded: true }, replacer.key);
    expect(cancelOnly.cancel.order).toMatchObject({
      orderId: resting.order.orderId,
      status: 'ORDER_STATUS_CANCELED',
    });
    const info = cancelOnly.newOrder.error?.details.find((d) => d.type_url === ERROR_INFO_TYPE_URL);
    expect([
      cancelOnly.newOrder.error?.code,
      info && decodeErrorInfo(info.value).metadata['binance_code'],
    ]).toEqual([status.RESOURCE_EXHAUSTED, '-1015']);
    expect(await open()).not.toContain(resting.order.orderId);
    await call(trading, 'CancelAll', { symbol: 'BTCUSDT' }, replacer.key);
  });
});

describe('authentication', () => {
  const request = { symbol: 'BTCUSDT' };

  it('refuses a call without an API key (UNAUTHENTICATED -2014)', async () => {
    const error = await failure(unary(trading, 'ListOpenOrders', request));
    expect([error.code, error.rich.errorInfo?.metadata['binance_code']]).toEqual([
      status.UNAUTHENTICATED,
      '-2014',
    ]);
  });

  it('refuses a signature over other bytes, a stale timestamp and an unknown key', async () => {
    const wrongBytes = signedMetadata(trading, 'ListOpenOrders', { symbol: 'ETHUSDT' }, alice.key);
    const bad = await failure(unary(trading, 'ListOpenOrders', request, wrongBytes));
    expect([bad.code, bad.rich.errorInfo?.reason]).toEqual([status.UNAUTHENTICATED, 'INVALID_SIGNATURE']);

    const stale = signedMetadata(trading, 'ListOpenOrders', request, alice.key, {
      timestamp: Date.now() - 120_000,
    });
    const old = await failure(unary(trading, 'ListOpenOrders', request, stale));
    expect(old.rich.errorInfo?.reason).toBe('INVALID_TIMESTAMP');

    const unknown = signedMetadata(trading, 'ListOpenOrders', request, { apiKey: 'nobody', secret: 'x' });
    const none = await failure(unary(trading, 'ListOpenOrders', request, unknown));
    expect(none.rich.errorInfo?.reason).toBe('REJECTED_MBX_KEY');
  });

  it('takes Ed25519 keys: a signature with the key pair is valid, one with another pair is not', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const ed = await harness.trader('ed25519@example.com', {
      kind: 'ED25519',
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    await expect(
      call(trading, 'ListOpenOrders', request, { apiKey: ed.key.apiKey, privateKey }),
    ).resolves.toEqual({ orders: [] });
    const { privateKey: other } = generateKeyPairSync('ed25519');
    const wrong = await failure(
      call(trading, 'ListOpenOrders', request, { apiKey: ed.key.apiKey, privateKey: other }),
    );
    expect(wrong.rich.errorInfo?.reason).toBe('INVALID_SIGNATURE');
  });

  it("applies the key's IP allow-list to the gRPC peer address", async () => {
    const elsewhere = await harness.trader('elsewhere@example.com', { ipAllowList: ['203.0.113.0/24'] });
    const refused = await failure(call(trading, 'ListOpenOrders', request, elsewhere.key));
    expect([refused.code, refused.rich.errorInfo?.reason]).toEqual([
      status.UNAUTHENTICATED,
      'REJECTED_MBX_KEY',
    ]);
    const local = await harness.trader('local@example.com', { ipAllowList: ['127.0.0.1'] });
    await expect(call(trading, 'ListOpenOrders', request, local.key)).resolves.toEqual({ orders: [] });
  });

  it('needs the TRADE permission to place, READ to read, and signs each order anew', async () => {
    const order = limit('10000');
    const refused = await failure(call(trading, 'PlaceOrder', order, reader.key));
    expect(refused.rich.errorInfo?.reason).toBe('REJECTED_MBX_KEY');
    await expect(call(trading, 'ListOpenOrders', request, reader.key)).resolves.toEqual({ orders: [] });

    const once = signedMetadata(trading, 'PlaceOrder', order, alice.key);
    const first = await unary<{ order: Order }>(trading, 'PlaceOrder', order, once);
    const replay = await failure(unary(trading, 'PlaceOrder', order, once));
    expect(replay.rich.errorInfo?.reason).toBe('INVALID_SIGNATURE');
    await call(
      trading,
      'CancelOrder',
      { symbol: 'BTCUSDT', ref: { orderId: first.order.orderId } },
      alice.key,
    );
  });
});

describe('AccountService', () => {
  it('reads balances and streams order updates and balance changes', async () => {
    const { balances } = await call<{ balances: { asset: string; free: string }[] }>(
      account,
      'GetBalances',
      {},
      alice.key,
    );
    expect(balances.find((b) => b.asset === 'USDT')).toBeDefined();

    const stream = account['StreamAccountUpdates']!(
      {},
      signedMetadata(account, 'StreamAccountUpdates', {}, alice.key),
    ) as NodeJS.ReadableStream & { cancel(): void };
    const messages: { order?: { executionType: string; order: Order }; balances?: unknown }[] = [];
    stream.on('data', (m) => messages.push(m));
    stream.on('error', () => undefined);
    await eventually(
      async () => messages.length,
      (n) => n > 0,
    );
    expect(messages[0]!.balances).toBeDefined();

    const placed = await call<{ order: Order }>(trading, 'PlaceOrder', limit('15000'), alice.key);
    await eventually(
      async () => messages,
      (ms) =>
        ms.some((m) => m.order?.order.orderId === placed.order.orderId) &&
        ms.slice(1).some((m) => m.balances),
    );
    expect(messages.find((m) => m.order)?.order?.executionType).toBe('EXECUTION_TYPE_NEW');
    stream.cancel();
    await call(
      trading,
      'CancelOrder',
      { symbol: 'BTCUSDT', ref: { orderId: placed.order.orderId } },
      alice.key,
    );
  });

  it('streams an order that self-trade prevention ended as TRADE_PREVENTION, EXPIRED_IN_MATCH', async () => {
    // ETHUSDT, where no other case here rests an order; bob sells his own ETH and his buy meets it.
    await harness.faucet(bob, 'ETH', '1');
    await harness.faucet(bob, 'USDT', '1000');
    const stream = account['StreamAccountUpdates']!(
      {},
      signedMetadata(account, 'StreamAccountUpdates', {}, bob.key),
    ) as NodeJS.ReadableStream & { cancel(): void };
    const messages: {
      order?: {
        executionType: string;
        order: Order & { preventedQuantity: string };
        prevention: {
          preventedMatchId: string;
          counterOrderId: string;
          price: string;
          quantity: string;
          quoteQuantity: string;
        } | null;
      };
    }[] = [];
    stream.on('data', (m) => messages.push(m));
    stream.on('error', () => undefined);
    await eventually(
      async () => messages.length,
      (n) => n > 0,
    );
    const eth = { symbol: 'ETHUSDT', quantity: '0.25' };
    const sell = await call<{ order: Order }>(
      trading,
      'PlaceOrder',
      limit('2000', { ...eth, side: 'SIDE_SELL' }),
      bob.key,
    );
    const buy = await call<{ order: Order & { preventedQuantity: string; preventedMatchId: string } }>(
      trading,
      'PlaceOrder',
      limit('2000', {
        ...eth,
        responseType: 'RESPONSE_TYPE_RESULT',
        selfTradePreventionMode: 'SELF_TRADE_PREVENTION_MODE_EXPIRE_BOTH',
      }),
      bob.key,
    );
    expect(buy.order.status).toBe('ORDER_STATUS_EXPIRED_IN_MATCH');
    const prevented = await eventually(
      async () => messages.filter((m) => m.order?.executionType === 'EXECUTION_TYPE_TRADE_PREVENTION'),
      (ms) => ms.length === 2,
    );
    stream.cancel();
    // The resting sell first (the taker met it), then the buy; each with all of its quantity prevented.
    expect(
      prevented.map((m) => [m.order!.order.orderId, m.order!.order.status, m.order!.order.preventedQuantity]),
    ).toEqual([
      [sell.order.orderId, 'ORDER_STATUS_EXPIRED_IN_MATCH', '0.250000000000000000'],
      [buy.order.orderId, 'ORDER_STATUS_EXPIRED_IN_MATCH', '0.250000000000000000'],
    ]);
    // Both name the one prevented match, each with the other order; ListPreventedMatches shows it.
    const [ofSell, ofBuy] = prevented.map((m) => m.order!.prevention!);
    const wouldTrade = { price: '2000.00', quantity: '0.250000000000000000', quoteQuantity: '500.000000' };
    expect([ofSell, ofBuy]).toEqual([
      { preventedMatchId: ofSell!.preventedMatchId, counterOrderId: buy.order.orderId, ...wouldTrade },
      { preventedMatchId: ofSell!.preventedMatchId, counterOrderId: sell.order.orderId, ...wouldTrade },
    ]);
    expect(buy.order.preventedMatchId).toBe(ofSell!.preventedMatchId);
    const listed = await call<{ matches: unknown[] }>(
      trading,
      'ListPreventedMatches',
      { symbol: 'ETHUSDT', orderId: buy.order.orderId },
      bob.key,
    );
    expect(listed.matches).toEqual([
      {
        symbol: 'ETHUSDT',
        preventedMatchId: ofSell!.preventedMatchId,
        takerOrderId: buy.order.orderId,
        makerOrderId: sell.order.orderId,
        selfTradePreventionMode: 'SELF_TRADE_PREVENTION_MODE_EXPIRE_BOTH',
        price: '2000.00',
        takerPreventedQuantity: '0.250000000000000000',
        makerPreventedQuantity: '0.250000000000000000',
        transactTimeMs: expect.any(String),
      },
    ]);
    // Neither an id nor an order: Binance's -1128, as INVALID_ARGUMENT.
    await expect(call(trading, 'ListPreventedMatches', { symbol: 'ETHUSDT' }, bob.key)).rejects.toMatchObject(
      { code: status.INVALID_ARGUMENT },
    );
  });

  it('streams one order update per execution of a version 1 and of a version 2 wallet message, in order', async () => {
    const stream = account['StreamAccountUpdates']!(
      {},
      signedMetadata(account, 'StreamAccountUpdates', {}, alice.key),
    ) as NodeJS.ReadableStream & { cancel(): void };
    const messages: {
      order?: { executionType: string; order: Order; fill: { tradeId: string } | null };
      balances?: unknown;
    }[] = [];
    stream.on('data', (m) => messages.push(m));
    stream.on('error', () => undefined);
    await eventually(
      async () => messages.length,
      (n) => n > 0,
    );
    // A wallet not yet upgraded (v 1, one execution) and an upgraded one (v 2, a settlement's executions together).
    const view = (orderNo: string, status: 'NEW' | 'FILLED') => ({
      orderNo,
      orderId: `rolling-${orderNo}`,
      clientOrderId: `rolling-${orderNo}`,
      symbol: 'BTC-USDT',
      side: 'SELL' as const,
      type: 'LIMIT' as const,
      timeInForce: 'GTC' as const,
      price: '30000.00',
      origQty: '0.10000000',
      executedQty: status === 'NEW' ? '0.00000000' : '0.10000000',
      cummulativeQuoteQty: status === 'NEW' ? '0.000000' : '3000.000000',
      origQuoteOrderQty: '0.000000',
      status,
      time: 1_000,
      updateTime: 2_000,
      isWorking: status === 'NEW',
      stopPrice: '0.00',
      workingTime: 1_000,
    });
    const v1: OrderUpdate = {
      v: 1,
      userId: alice.userId,
      executionType: 'NEW',
      order: view('800001', 'NEW'),
      fill: null,
      ts: 1_000,
    };
    const v2: OrderUpdateBatch = {
      v: 2,
      userId: alice.userId,
      executions: [
        { executionType: 'NEW', order: view('800002', 'NEW'), fill: null, ts: 1_500 },
        {
          executionType: 'TRADE',
          order: view('800002', 'FILLED'),
          fill: {
            symbol: 'BTC-USDT',
            id: 6001,
            orderNo: '800002',
            clientOrderId: 'rolling-800002',
            side: 'SELL',
            price: '30000.00',
            qty: '0.10000000',
            quoteQty: '3000.000000',
            commission: '3.000000',
            commissionAsset: 'USDT',
            time: 2_000,
            isBuyer: false,
            isMaker: false,
          },
          ts: 2_000,
        },
      ],
    };
    const subject = new NatsNames(harness.run).subject(userOrderSubject(alice.userId));
    nc.publish(subject, JSON.stringify(v1));
    nc.publish(subject, JSON.stringify(v2));
    const orders = await eventually(
      async () => messages.flatMap((m) => (m.order ? [m.order] : [])),
      (os) => os.length >= 3,
    );
    stream.cancel();
    expect(orders.map((o) => [o.order.orderId, o.executionType, o.fill?.tradeId ?? null])).toEqual([
      ['800001', 'EXECUTION_TYPE_NEW', null],
      ['800002', 'EXECUTION_TYPE_NEW', null],
      ['800002', 'EXECUTION_TYPE_TRADE', '6001'],
    ]);
  });
});

describe('MarketDataService', () => {
  it('serves exchange info and a book snapshot', async () => {
    const info = await unary<{ symbols: { symbol: string; tickSize: string; status: string }[] }>(
      market,
      'GetExchangeInfo',
      { symbols: ['BTCUSDT'] },
    );
    expect(info.symbols).toEqual([
      expect.objectContaining({ symbol: 'BTCUSDT', status: 'SYMBOL_STATUS_TRADING' }),
    ]);
    const book = await unary<{ lastUpdateId: string; bids: unknown[] }>(market, 'GetOrderBook', {
      symbol: 'BTCUSDT',
      limit: 10,
    });
    expect(Number(book.lastUpdateId)).toBeGreaterThanOrEqual(0);
    const bad = await failure(unary(market, 'GetOrderBook', { symbol: 'NOPE' }));
    expect([bad.code, bad.rich.errorInfo?.reason]).toEqual([status.INVALID_ARGUMENT, 'BAD_SYMBOL']);
  });

  it('reads recent and older trades, aggregate trades, candles and the average price as REST does, with its checks', async () => {
    const rest = async <T>(path: string) =>
      (await (await fetch(`${harness.base}/api/v3/${path}`)).json()) as T;
    type RestTrade = {
      id: number;
      price: string;
      qty: string;
      quoteQty: string;
      time: number;
      isBuyerMaker: boolean;
    };
    // The fill of the first TradingService test, once market-data has it.
    const restTrades = await eventually(
      () => rest<RestTrade[]>('trades?symbol=BTCUSDT'),
      (t) => t.length > 0,
    );
    const asProto = (t: RestTrade) => ({
      tradeId: String(t.id),
      price: t.price,
      qty: t.qty,
      quoteQty: t.quoteQty,
      tradeTimeMs: String(t.time),
      isBuyerMaker: t.isBuyerMaker,
    });
    const recent = await unary<{ trades: unknown[] }>(market, 'GetTrades', { symbol: 'BTCUSDT' });
    expect(recent.trades).toEqual(restTrades.map(asProto));
    const first = restTrades[0]!;
    const older = await unary<{ trades: unknown[] }>(market, 'GetTrades', {
      symbol: 'BTCUSDT',
      fromId: first.id,
      limit: 1,
    });
    expect(older.trades).toEqual([asProto(first)]);

    const restAgg =
      await rest<{ a: number; p: string; q: string; f: number; l: number; T: number; m: boolean }[]>(
        'aggTrades?symbol=BTCUSDT',
      );
    const agg = await unary<{ trades: unknown[] }>(market, 'GetAggTrades', { symbol: 'BTCUSDT' });
    expect(agg.trades).toEqual(
      restAgg.map((t) => ({
        aggTradeId: String(t.a),
        price: t.p,
        qty: t.q,
        firstTradeId: String(t.f),
        lastTradeId: String(t.l),
        tradeTimeMs: String(t.T),
        isBuyerMaker: t.m,
      })),
    );
    expect(agg.trades.length).toBeGreaterThan(0);

    const restCandles = await rest<(string | number)[][]>('klines?symbol=BTCUSDT&interval=1m');
    const candles = await unary<{ symbol: string; interval: string; candles: Record<string, string>[] }>(
      market,
      'GetCandles',
      { symbol: 'BTCUSDT', interval: '1m' },
    );
    expect([candles.symbol, candles.interval]).toEqual(['BTCUSDT', '1m']);
    expect(candles.candles.length).toBeGreaterThan(0);
    expect(
      candles.candles.map((c) => [
        Number(c['openTimeMs']),
        c['open'],
        c['high'],
        c['low'],
        c['close'],
        c['volume'],
        Number(c['closeTimeMs']),
        c['quoteVolume'],
        Number(c['tradeCount']),
        c['takerBuyVolume'],
        c['takerBuyQuoteVolume'],
      ]),
    ).toEqual(restCandles.map((k) => k.slice(0, 11)));

    const restAverage = await rest<{ mins: number; price: string; closeTime: number }>(
      'avgPrice?symbol=BTCUSDT',
    );
    const average = await unary<object>(market, 'GetAvgPrice', { symbol: 'BTCUSDT' });
    expect(average).toEqual({
      mins: restAverage.mins,
      price: restAverage.price,
      lastTradeTimeMs: String(restAverage.closeTime),
    });

    const cases: [string, object, string][] = [
      ['GetAvgPrice', { symbol: 'btcusdt' }, '-1102'],
      ['GetCandles', { symbol: 'BTCUSDT', interval: '2m' }, '-1120'],
      ['GetCandles', { symbol: 'BTCUSDT' }, '-1102'],
      ['GetTrades', { symbol: 'BTCUSDT', limit: 1001 }, '-1102'],
      ['GetAggTrades', { symbol: 'btcusdt' }, '-1102'],
    ];
    for (const [method, request, code] of cases) {
      const refused = await failure(unary(market, method, request));
      expect([method, refused.code, refused.rich.errorInfo?.metadata['binance_code']]).toEqual([
        method,
        status.INVALID_ARGUMENT,
        code,
      ]);
    }
  });

  it('gives 24-hour, rolling window and trading day tickers as REST does, and refuses bad windows', async () => {
    type Tickers = {
      tickers: { symbol: string; lastPrice: string; tradeCount: string; openTimeMs: string }[];
    };
    const day = await unary<Tickers>(market, 'GetTickers', { symbols: ['ETHBTC', 'BTCUSDT'] });
    expect(day.tickers.map((t) => t.symbol)).toEqual(['ETHBTC', 'BTCUSDT']);
    // Against REST's rolling day (every trade of this run is in both windows). Not `ticker/24hr`: a REST read of it
    // starts the pod's ticker copy, whose NATS listener the stream tests below count.
    const rest = (await (
      await fetch(`${harness.base}/api/v3/ticker?symbol=BTCUSDT&windowSize=1d`)
    ).json()) as {
      lastPrice: string;
      count: number;
    };
    expect([day.tickers[1]!.lastPrice, Number(day.tickers[1]!.tradeCount)]).toEqual([
      rest.lastPrice,
      rest.count,
    ]);
    const every = await unary<Tickers>(market, 'GetTickers', {});
    expect(every.tickers.length).toBeGreaterThanOrEqual(3);

    const hour = await unary<Tickers>(market, 'GetTickers', { symbols: ['BTCUSDT'], windowSize: '1h' });
    const restHour = (await (
      await fetch(`${harness.base}/api/v3/ticker?symbol=BTCUSDT&windowSize=1h`)
    ).json()) as {
      count: number;
      lastPrice: string;
    };
    expect([hour.tickers[0]!.lastPrice, Number(hour.tickers[0]!.tradeCount)]).toEqual([
      restHour.lastPrice,
      restHour.count,
    ]);
    const tradingDay = await unary<Tickers>(market, 'GetTickers', {
      symbols: ['BTCUSDT'],
      tradingDayTimeZone: '05:45',
    });
    const offset = 345 * 60_000;
    expect(Number(tradingDay.tickers[0]!.openTimeMs)).toBe(
      Math.floor((Date.now() + offset) / 86_400_000) * 86_400_000 - offset,
    );

    for (const [request, reason] of [
      [{ symbols: ['BTCUSDT'], windowSize: '8d' }, 'ILLEGAL_CHARS'],
      [{ symbols: ['BTCUSDT'], tradingDayTimeZone: '15' }, 'ILLEGAL_CHARS'],
      [{ symbols: ['BTCUSDT'], windowSize: '1h', tradingDayTimeZone: '0' }, 'COMBINATION_INVALID'],
      [{ windowSize: '1h' }, 'MANDATORY_PARAM_EMPTY_OR_MALFORMED'],
      [{ symbols: ['NOPEUSDT'] }, 'BAD_SYMBOL'],
    ] as const) {
      const bad = await failure(unary(market, 'GetTickers', request));
      expect([bad.code, bad.rich.errorInfo?.reason]).toEqual([status.INVALID_ARGUMENT, reason]);
    }
  });

  it('streams book diffs with sequence, trades, tickers and candles of a trade', async () => {
    const open = (method: string, request: object) => {
      const stream = market[method]!(request) as NodeJS.ReadableStream & { cancel(): void };
      const got: Record<string, unknown>[] = [];
      stream.on('data', (m) => got.push(m));
      stream.on('error', () => undefined);
      return { stream, got };
    };
    const streams = {
      diffs: open('StreamBookDiffs', { symbol: 'BTCUSDT' }),
      trades: open('StreamTrades', { symbol: 'BTCUSDT' }),
      tickers: open('StreamTickers', { symbol: 'BTCUSDT' }),
      candles: open('StreamCandles', { symbol: 'BTCUSDT', interval: '1m' }),
    };
    await eventually(
      () => metric('grpc_server_active_streams'),
      (n) => n >= 4,
    );
    const maker = await call<{ order: Order }>(
      trading,
      'PlaceOrder',
      limit('31000', { side: 'SIDE_SELL', quantity: '0.01' }),
      bob.key,
    );
    await call(trading, 'PlaceOrder', limit('31000', { quantity: '0.01' }), alice.key);
    await eventually(
      async () => Object.values(streams).map((s) => s.got.length),
      (counts) => counts.every((n) => n > 0),
    );
    expect(streams.trades.got[0]).toMatchObject({
      symbol: 'BTCUSDT',
      price: expect.stringMatching(/^31000/),
    });
    const diff = streams.diffs.got[0] as { firstUpdateId: string; finalUpdateId: string };
    expect(BigInt(diff.firstUpdateId) <= BigInt(diff.finalUpdateId)).toBe(true);
    for (let i = 1; i < streams.diffs.got.length; i++) {
      const [before, after] = [streams.diffs.got[i - 1]!, streams.diffs.got[i]!] as (typeof diff)[];
      expect(BigInt(after!.firstUpdateId)).toBe(BigInt(before!.finalUpdateId) + 1n);
    }
    expect(streams.candles.got[0]).toMatchObject({ interval: '1m' });
    expect(streams.tickers.got[0]).toMatchObject({ symbol: 'BTCUSDT' });
    expect(maker.order.orderId).toBeDefined();
    for (const s of Object.values(streams)) s.stream.cancel();
  });
});

describe('deadlines, cancellation and flow control', () => {
  const active = () => metric('grpc_server_active_streams');
  const idle = () => eventually(active, (n) => n === 0);

  it('ends a stream at its deadline (DEADLINE_EXCEEDED) and releases it on the server', async () => {
    await idle();
    const stream = market['StreamTrades']!({ symbol: 'BTCUSDT' }, { deadline: new Date(Date.now() + 2_000) });
    const ended = new Promise<ServiceError>((resolve) =>
      (stream as NodeJS.EventEmitter).on('error', (e: ServiceError) => resolve(e)),
    );
    (stream as NodeJS.ReadableStream).resume();
    expect((await ended).code).toBe(status.DEADLINE_EXCEEDED);
    expect(await idle()).toBe(0);
  });

  it('does not place an order whose deadline has passed', async () => {
    const order = limit('100', { symbol: 'ETHUSDT' });
    const metadata = signedMetadata(trading, 'PlaceOrder', order, alice.key);
    const error = await failure(unary(trading, 'PlaceOrder', order, metadata, new Date(Date.now() - 1)));
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    const open = await call<{ orders: Order[] }>(trading, 'ListOpenOrders', { symbol: 'ETHUSDT' }, alice.key);
    expect(open.orders).toEqual([]);
  });

  it('unsubscribes when the client cancels a stream', async () => {
    await idle();
    await eventually(
      () => metric('ws_nats_subscriptions'),
      (n) => n === 0,
    );
    const stream = market['StreamTickers']!({ symbol: 'ETHUSDT' }) as NodeJS.ReadableStream & {
      cancel(): void;
    };
    stream.on('error', () => undefined);
    const subscriptions = await eventually(
      () => metric('ws_nats_subscriptions'),
      (n) => n > 0,
    );
    expect(subscriptions).toBeGreaterThan(0);
    stream.cancel();
    expect(await idle()).toBe(0);
    expect(
      await eventually(
        () => metric('ws_nats_subscriptions'),
        (n) => n < subscriptions,
      ),
    ).toBeLessThan(subscriptions);
  });

  it('closes a stream whose reader stops reading (RESOURCE_EXHAUSTED SLOW_CONSUMER) instead of buffering', async () => {
    await idle();
    const stream = market['StreamTrades']!({ symbol: 'ETHUSDT' }) as NodeJS.ReadableStream & {
      cancel(): void;
    };
    const ended = new Promise<ServiceError>((resolve) =>
      (stream as unknown as NodeJS.EventEmitter).on('error', (e: ServiceError) => resolve(e)),
    );
    let received = 0;
    stream.on('data', () => received++);
    stream.pause();
    await eventually(active, (n) => n === 1);
    const closedBefore = await metric('grpc_server_slow_consumer_closes_total');

    // market-data's trade facts for ETH-USDT, published as it does, faster than the paused reader takes them.
    const subject = new NatsNames(harness.run).subject(mdTradeSubject('ETH-USDT'));
    const now = Date.now();
    let published = 0;
    const closed = async () => (await metric('grpc_server_slow_consumer_closes_total')) > closedBefore;
    const sent = () => metric('grpc_server_stream_messages_total');
    for (let batch = 0; !(await closed()); batch++) {
      if (batch === 400) throw new Error('the stream never overflowed');
      for (let i = 0; i < 500; i++, published++) {
        const trade = {
          market: 'ETH-USDT',
          symbol: 'ETHUSDT',
          E: now,
          t: published,
          p: '2000.00',
          q: '0.0100',
          T: now,
          m: false,
        };
        nc.publish(subject, JSON.stringify(trade));
      }
      await nc.flush();
      // Paced by the gateway: the next batch once it has stopped sending (its writes wait for the reader).
      for (let last = -1, current = await sent(); current !== last; last = current, current = await sent()) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(await idle()).toBe(0);

    stream.resume();
    const error = await ended;
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    const rich = decodeStatus(error.metadata.get(GRPC_STATUS_DETAILS_KEY)[0] as Buffer);
    expect(rich.errorInfo).toMatchObject({
      reason: 'SLOW_CONSUMER',
      metadata: { buffer: String(STREAM_BUFFER) },
    });
    expect(received).toBeLessThan(published);
  });
});
