import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

import { WebSocket } from 'ws';

import { ExchangeHarness, type Trader } from './exchange-harness';

jest.setTimeout(120_000);

const harness = new ExchangeHarness({ GRPC_PORT: '0' });

interface Answer<T = Record<string, unknown>> {
  id: string | number | null;
  status: number;
  result?: T;
  error?: { code: number; msg: string; data?: Record<string, unknown> };
  rateLimits?: {
    rateLimitType: string;
    interval: string;
    intervalNum: number;
    limit: number;
    count: number;
  }[];
}

type Params = Record<string, string | number | boolean | string[]>;

/** A Binance WebSocket API client: requests by id, answers matched to them, signed as Binance documents it. */
class WsApiClient {
  private next = 0;
  private readonly waiting = new Map<string, (answer: Answer) => void>();
  readonly unmatched: Answer[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const answer = JSON.parse(String(data)) as Answer;
      const resolve = this.waiting.get(JSON.stringify(answer.id));
      if (!resolve) return void this.unmatched.push(answer);
      this.waiting.delete(JSON.stringify(answer.id));
      resolve(answer);
    });
  }

  static async open(base: string, query = ''): Promise<WsApiClient> {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/ws-api/v3${query}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new WsApiClient(socket);
  }

  /** Sends a raw frame and waits for the answer with `id`. */
  sendRaw<T>(frame: string, id: string | number | null): Promise<Answer<T>> {
    const answered = new Promise<Answer<T>>((resolve) =>
      this.waiting.set(JSON.stringify(id), resolve as (answer: Answer) => void),
    );
    this.socket.send(frame);
    return answered;
  }

  request<T = Record<string, unknown>>(
    method: string,
    params?: Params,
    id: string | number = `r${++this.next}`,
  ) {
    return this.sendRaw<T>(JSON.stringify({ id, method, ...(params && { params }) }), id);
  }

  signed<T = Record<string, unknown>>(
    method: string,
    params: Params,
    key: { apiKey: string; secret?: string; privateKey?: KeyObject },
    timestamp = Date.now(),
  ) {
    return this.request<T>(method, signedParams(params, key, timestamp));
  }

  /** The first pushed event (not an answer) that passes `test`, waiting up to 5 s for it. */
  async event(test: (e: Record<string, unknown>) => boolean): Promise<Pushed> {
    for (let i = 0; i < 100; i++) {
      const found = (this.unmatched as unknown as Pushed[]).find((m) => m.event && test(m.event));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no such event among ${JSON.stringify(this.unmatched).slice(0, 500)}`);
  }

  close(): void {
    this.socket.close();
  }
}

/** A user-data event of a subscription. */
interface Pushed {
  subscriptionId: number;
  event: Record<string, unknown>;
}

/** The parameters with `apiKey`, `timestamp` and the signature over all of them sorted by name. */
function signedParams(
  params: Params,
  key: { apiKey: string; secret?: string; privateKey?: KeyObject },
  timestamp: number,
): Params {
  const all: Params = { ...params, apiKey: key.apiKey, timestamp };
  const payload = Object.keys(all)
    .sort()
    .map((name) => `${name}=${String(all[name])}`)
    .join('&');
  const signature = key.privateKey
    ? sign(null, Buffer.from(payload), key.privateKey).toString('base64')
    : createHmac('sha256', key.secret!).update(payload).digest('hex');
  return { ...all, signature };
}

/** A bid far below the book: it rests and never trades. */
const FAR_BID = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '1000',
  quantity: '0.01',
};

let alice: Trader;
let bob: Trader;
let reader: Trader;
let client: WsApiClient;

beforeAll(async () => {
  await harness.start();
  [alice, bob, reader] = await Promise.all([
    harness.trader('ws-api-alice@example.com'),
    harness.trader('ws-api-bob@example.com'),
    harness.trader('ws-api-reader@example.com', { permissions: ['READ'] }),
  ]);
  await harness.faucet(alice, 'USDT', '100000');
  await harness.faucet(bob, 'BTC', '2');
  client = await WsApiClient.open(harness.base);
}, 180_000);

afterAll(async () => {
  client?.close();
  await harness.stop();
}, 60_000);

describe('Binance WebSocket API (/ws-api/v3)', () => {
  it('answers public methods as REST does, with the weight used in rateLimits', async () => {
    const ping = await client.request('ping', undefined, 'p-1');
    expect(ping).toEqual({
      id: 'p-1',
      status: 200,
      result: {},
      rateLimits: [
        {
          rateLimitType: 'REQUEST_WEIGHT',
          interval: 'MINUTE',
          intervalNum: 1,
          limit: 6000,
          count: expect.any(Number),
        },
      ],
    });
    // ccxt sends `returnRateLimits: false` with every request: the answer leaves them out.
    expect(await client.request('ping', { returnRateLimits: false }, 'p-2')).toEqual({
      id: 'p-2',
      status: 200,
      result: {},
    });
    const time = await client.request<{ serverTime: number }>('time', undefined, 7);
    expect(time.id).toBe(7);
    expect(Math.abs(time.result!.serverTime - Date.now())).toBeLessThan(5_000);

    const depth = await client.request('depth', { symbol: 'BTCUSDT', limit: 5 });
    const rest = await fetch(`${harness.base}/api/v3/depth?symbol=BTCUSDT&limit=5`);
    expect(depth.status).toBe(200);
    expect(Object.keys(depth.result!)).toEqual(Object.keys((await rest.json()) as object));
    // The same per-address budget as REST: the depth request (weight 5) counted with the REST read after it.
    const restUsed = Number(rest.headers.get('x-mbx-used-weight-1m'));
    expect(restUsed).toBeGreaterThanOrEqual(depth.rateLimits![0]!.count + 5);

    const prices = await client.request<{ symbol: string }[]>('ticker.price', {
      symbols: ['ETHBTC', 'BTCUSDT'],
    });
    expect(prices.result!.map((p) => p.symbol)).toEqual(['ETHBTC', 'BTCUSDT']);
    const info = await client.request<{ symbols: { symbol: string }[] }>('exchangeInfo', {
      symbol: 'BTCUSDT',
    });
    expect(info.result!.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT']);

    const badSymbol = await client.request('depth', { symbol: 'NOPEUSDT' });
    expect(badSymbol).toMatchObject({ status: 400, error: { code: -1121, msg: 'Invalid symbol.' } });
  });

  it('places, reads, fills and cancels orders, signed, with the order counts in rateLimits', async () => {
    const placed = await client.signed<{ orderId: number; status: string; symbol: string }>(
      'order.place',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '30000',
        quantity: '0.01',
        newClientOrderId: 'ws-api-bid-1',
        newOrderRespType: 'RESULT',
      },
      alice.key,
    );
    expect(placed).toMatchObject({ status: 200, result: { symbol: 'BTCUSDT', status: 'NEW' } });
    expect(placed.rateLimits!.map((l) => [l.rateLimitType, l.interval, l.intervalNum])).toEqual([
      ['REQUEST_WEIGHT', 'MINUTE', 1],
      ['ORDERS', 'SECOND', 10],
      ['ORDERS', 'DAY', 1],
    ]);
    expect(placed.rateLimits![1]!.count).toBeGreaterThanOrEqual(1);
    const orderId = placed.result!.orderId;

    const status = await client.signed('order.status', { symbol: 'BTCUSDT', orderId }, alice.key);
    const rest = await harness.signed('GET', 'order', { symbol: 'BTCUSDT', orderId }, alice.key);
    expect(status.result).toEqual(rest.body);
    expect(status.result).toMatchObject({ orderId, clientOrderId: 'ws-api-bid-1', status: 'NEW' });
    const open = await client.signed<{ orderId: number }[]>(
      'openOrders.status',
      { symbol: 'BTCUSDT' },
      alice.key,
    );
    expect(open.result!.map((o) => o.orderId)).toEqual([orderId]);

    // Another account cannot see or cancel it.
    const foreign = await client.signed('order.status', { symbol: 'BTCUSDT', orderId }, bob.key);
    expect(foreign).toMatchObject({ status: 400, error: { code: -2013 } });
    const foreignCancel = await client.signed('order.cancel', { symbol: 'BTCUSDT', orderId }, bob.key);
    expect(foreignCancel).toMatchObject({ status: 400, error: { code: -2011 } });

    const sold = await client.signed<{ status: string; fills: { price: string; qty: string }[] }>(
      'order.place',
      { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.004', newOrderRespType: 'FULL' },
      bob.key,
    );
    expect(sold.result).toMatchObject({ status: 'FILLED' });
    expect(sold.result!.fills.map((f) => [Number(f.price), Number(f.qty)])).toEqual([[30000, 0.004]]);

    const trades = await client.signed<{ orderId: number; qty: string; isBuyer: boolean }[]>(
      'myTrades',
      { symbol: 'BTCUSDT' },
      alice.key,
    );
    expect(trades.result!.map((t) => [t.orderId, Number(t.qty), t.isBuyer])).toEqual([
      [orderId, 0.004, true],
    ]);
    const account = await client.signed<{ balances: { asset: string; free: string; locked: string }[] }>(
      'account.status',
      {},
      alice.key,
    );
    const btc = account.result!.balances.find((b) => b.asset === 'BTC')!;
    expect(Number(btc.free)).toBeCloseTo(0.004 * (1 - 0.0008), 8);

    // Partly filled: a cancel restricted to NEW orders leaves it; one restricted to PARTIALLY_FILLED takes it.
    const restricted = await client.signed(
      'order.cancel',
      { symbol: 'BTCUSDT', origClientOrderId: 'ws-api-bid-1', cancelRestrictions: 'ONLY_NEW' },
      alice.key,
    );
    expect(restricted).toMatchObject({
      status: 400,
      error: { code: -2011, msg: 'Order was not canceled due to cancel restrictions.' },
    });
    const cancelled = await client.signed<{ status: string; executedQty: string }>(
      'order.cancel',
      { symbol: 'BTCUSDT', origClientOrderId: 'ws-api-bid-1', cancelRestrictions: 'ONLY_PARTIALLY_FILLED' },
      alice.key,
    );
    expect(cancelled.result).toMatchObject({ status: 'CANCELED' });
    expect(Number(cancelled.result!.executedQty)).toBe(0.004);
    const none = await client.signed<unknown[]>('openOrders.status', { symbol: 'BTCUSDT' }, alice.key);
    expect(none.result).toEqual([]);
    // Each change leaves its own access-log line, with the account (ACCESS_LOG_ORDERS=each, the default).
    const lines = harness
      .process('gateway')
      .logs.filter((l) => l['msg'] === 'request completed' && l['userId'] === alice.userId)
      .map((l) => (l['req'] as { url: string }).url);
    expect(lines).toEqual(expect.arrayContaining(['/ws-api/v3 order.place', '/ws-api/v3 order.cancel']));
  });

  it('refuses what REST refuses: bad signature, replay, stale time, missing permission, malformed input', async () => {
    const order = FAR_BID;
    const wrong = await client.request('order.place', {
      ...signedParams(order, alice.key, Date.now()),
      quantity: '0.02',
    });
    expect(wrong).toMatchObject({ status: 400, error: { code: -1022 } });
    const unsigned = await client.request('account.status', {
      apiKey: alice.key.apiKey,
      timestamp: Date.now(),
    });
    expect(unsigned).toMatchObject({ status: 400, error: { code: -1022 } });
    const noKey = await client.request('account.status', { timestamp: Date.now(), signature: 'x' });
    expect(noKey).toMatchObject({ status: 401, error: { code: -2014 } });

    const once = signedParams(order, alice.key, Date.now());
    const first = await client.request<{ orderId: number }>('order.place', once);
    expect(first.status).toBe(200);
    const replayed = await client.request('order.place', once);
    expect(replayed).toMatchObject({
      status: 400,
      error: { code: -1022, msg: 'This signed request was already received; sign each request anew.' },
    });
    await client.signed('order.cancel', { symbol: 'BTCUSDT', orderId: first.result!.orderId }, alice.key);

    // A cancelReplace whose cancel fails: REST's error with each step's answer in `data`.
    const replace = await client.signed(
      'order.cancelReplace',
      { ...order, cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: 999_999_999 },
      alice.key,
    );
    expect(replace).toMatchObject({
      status: 400,
      error: {
        code: -2022,
        data: { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', cancelResponse: { code: -2011 } },
      },
    });

    const stale = await client.signed('account.status', {}, alice.key, Date.now() - 60_000);
    expect(stale).toMatchObject({ status: 400, error: { code: -1021 } });
    const readOnly = await client.signed('order.place', order, reader.key);
    expect(readOnly).toMatchObject({ status: 401, error: { code: -2015 } });
    // order.test with computeCommissionRates: REST's answer, weighing 20 instead of 1.
    const plainTest = await client.signed('order.test', order, alice.key);
    const tested = await client.signed<{ standardCommissionForOrder: { taker: string } }>(
      'order.test',
      { ...order, computeCommissionRates: true },
      alice.key,
    );
    expect([plainTest.status, plainTest.result, tested.status]).toEqual([200, {}, 200]);
    expect(Number(tested.result!.standardCommissionForOrder.taker)).toBeGreaterThan(0);
    const used = tested.rateLimits![0]!.count;
    // Unless the minute turned between the two.
    expect(used - plainTest.rateLimits![0]!.count === 20 || used === 20).toBe(true);
    const unknownParam = await client.signed('account.status', { colour: 'red' }, alice.key);
    expect(unknownParam).toMatchObject({ status: 400, error: { code: -1103 } });

    const decimal = await client.request('depth', { symbol: 'BTCUSDT', limit: 5.5 });
    expect(decimal).toMatchObject({ status: 400, error: { code: -1102 } });
    const method = await client.request('order.teleport', {});
    expect(method).toMatchObject({
      status: 400,
      error: { code: -1100, msg: "Unknown method 'order.teleport'." },
    });
    expect(await client.sendRaw('{"id":', null)).toMatchObject({
      id: null,
      status: 400,
      error: { code: -1102 },
    });
    expect(await client.sendRaw('{"id":"x1","method":"ping","extra":1}', 'x1')).toMatchObject({
      status: 400,
      error: { code: -1103 },
    });
    expect(await client.sendRaw('{"id":"x2","method":"ping","params":[1]}', 'x2')).toMatchObject({
      status: 400,
      error: { code: -1102 },
    });
    expect(client.unmatched).toEqual([]);
  });

  it('takes Ed25519 signatures, and opens, keeps and closes a listen key with the API key alone', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const edwards = await harness.trader('ws-api-edwards@example.com', {
      kind: 'ED25519',
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const account = await client.signed<{ balances: unknown[] }>(
      'account.status',
      {},
      { apiKey: edwards.key.apiKey, privateKey },
    );
    expect(account.status).toBe(200);
    expect(Array.isArray(account.result!.balances)).toBe(true);

    const started = await client.request<{ listenKey: string }>('userDataStream.start', {
      apiKey: alice.key.apiKey,
    });
    expect(started.result!.listenKey).toMatch(/^[A-Za-z0-9]{60,64}$/);
    const listenKey = started.result!.listenKey;
    expect(
      await client.request('userDataStream.ping', { apiKey: alice.key.apiKey, listenKey }),
    ).toMatchObject({
      status: 200,
      result: {},
    });
    // Another account's key does not reach it.
    expect(await client.request('userDataStream.stop', { apiKey: bob.key.apiKey, listenKey })).toMatchObject({
      status: 400,
      error: { code: -1125 },
    });
    expect(
      await client.request('userDataStream.stop', { apiKey: alice.key.apiKey, listenKey }),
    ).toMatchObject({
      status: 200,
    });
    // As REST answers an API key it does not know.
    expect(await client.request('userDataStream.start', { apiKey: 'nope' })).toMatchObject({
      status: 401,
      error: { code: -2015 },
    });
  });

  it("pushes the account's events to a userDataStream.subscribe.signature subscription, after its answer", async () => {
    const own = await WsApiClient.open(harness.base);
    try {
      const subscribed = await own.signed('userDataStream.subscribe.signature', {}, alice.key);
      expect(subscribed).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
      expect(own.unmatched).toEqual([]);
      expect((await own.request('session.subscriptions')).result).toEqual([{ subscriptionId: 0 }]);
      const again = await own.signed('userDataStream.subscribe.signature', {}, alice.key);
      expect(again).toMatchObject({ status: 400, error: { code: -2035 } });

      const placed = await own.signed<{ orderId: number }>('order.place', FAR_BID, alice.key);
      const event = own.event.bind(own);
      const report = await event((e) => e['e'] === 'executionReport' && e['i'] === placed.result!.orderId);
      expect(report).toMatchObject({
        subscriptionId: 0,
        event: { e: 'executionReport', x: 'NEW', s: 'BTCUSDT' },
      });
      expect(await event((e) => e['e'] === 'outboundAccountPosition')).toMatchObject({ subscriptionId: 0 });

      await own.signed('order.cancel', { symbol: 'BTCUSDT', orderId: placed.result!.orderId }, alice.key);
      await event((e) => e['e'] === 'executionReport' && e['x'] === 'CANCELED');
      expect(await own.request('userDataStream.unsubscribe', { subscriptionId: 7 })).toMatchObject({
        status: 400,
        error: { code: -2036 },
      });
      expect(await own.request('userDataStream.unsubscribe', { subscriptionId: 0 })).toMatchObject({
        status: 200,
        result: {},
      });
      expect((await own.request('session.subscriptions')).result).toEqual([]);
      // Its last event says so.
      expect(await event((e) => e['e'] === 'eventStreamTerminated')).toMatchObject({ subscriptionId: 0 });
      // A new subscription takes the next id.
      expect((await own.signed('userDataStream.subscribe.signature', {}, alice.key)).result).toEqual({
        subscriptionId: 1,
      });
    } finally {
      own.close();
    }
  });

  it('logs a connection on with an Ed25519 key: its requests then need no key or signature, until it logs out', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const [edwards, watcher] = await Promise.all([
      harness.trader('ws-api-logon@example.com', { kind: 'ED25519', publicKeyPem }),
      harness.trader('ws-api-logon-reader@example.com', {
        kind: 'ED25519',
        publicKeyPem,
        permissions: ['READ'],
      }),
    ]);
    await harness.faucet(edwards, 'USDT', '1000');
    const edKey = { apiKey: edwards.key.apiKey, privateKey };
    const own = await WsApiClient.open(harness.base);
    try {
      const before = await own.request<Record<string, unknown>>('session.status');
      expect(before.result).toEqual({
        apiKey: null,
        authorizedSince: null,
        connectedSince: expect.any(Number),
        returnRateLimits: true,
        serverTime: expect.any(Number),
        userDataStream: false,
      });
      // Not logged on: a request that names no key is refused as on REST, and subscribing needs a logon.
      expect(await own.request('account.status', { timestamp: Date.now() })).toMatchObject({
        status: 401,
        error: { code: -2014 },
      });
      expect(await own.request('userDataStream.subscribe')).toMatchObject({
        status: 401,
        error: { code: -1002 },
      });
      // Binance's rule: Ed25519 keys only.
      expect(await own.signed('session.logon', {}, alice.key)).toMatchObject({
        status: 401,
        error: { code: -1002, msg: 'This request takes Ed25519 API keys only.' },
      });
      expect(await own.signed('session.logon', {}, edKey, Date.now() - 60_000)).toMatchObject({
        error: { code: -1021 },
      });

      const logonParams = signedParams({}, edKey, Date.now());
      const logon = await own.request<Record<string, unknown>>('session.logon', logonParams);
      expect(logon).toMatchObject({ status: 200 });
      expect(logon.result).toMatchObject({ apiKey: edwards.key.apiKey, userDataStream: false });
      expect(Math.abs((logon.result!['authorizedSince'] as number) - Date.now())).toBeLessThan(5_000);
      expect(logon.result!['connectedSince']).toBe(before.result!['connectedSince']);
      // A logon's signature is good once.
      expect(await own.request('session.logon', logonParams)).toMatchObject({ error: { code: -1022 } });

      // The logon's account, with a timestamp and no key or signature.
      const placed = await own.request<{ orderId: number; status: string }>('order.place', {
        ...FAR_BID,
        newOrderRespType: 'RESULT',
        timestamp: Date.now(),
      });
      expect(placed).toMatchObject({ status: 200, result: { status: 'NEW' } });
      const orderId = placed.result!.orderId;
      const account = await own.request<{ balances: { asset: string; locked: string }[] }>('account.status', {
        timestamp: Date.now(),
      });
      // The bid's 10 USDT held, with the fee it could pay.
      expect(Number(account.result!.balances.find((b) => b.asset === 'USDT')!.locked)).toBeGreaterThanOrEqual(
        10,
      );
      // The timestamp is still checked.
      expect(await own.request('account.status', { timestamp: Date.now() - 60_000 })).toMatchObject({
        error: { code: -1021 },
      });
      expect(await own.request('account.status', {})).toMatchObject({ error: { code: -1102 } });
      // A request that names a key and signs acts for that key's account instead.
      expect(await own.signed('order.status', { symbol: 'BTCUSDT', orderId }, alice.key)).toMatchObject({
        error: { code: -2013 },
      });
      expect(
        await own.request('order.status', { symbol: 'BTCUSDT', orderId, timestamp: Date.now() }),
      ).toMatchObject({ status: 200, result: { orderId } });
      // The access log names the account.
      const lines = harness
        .process('gateway')
        .logs.filter((l) => l['msg'] === 'request completed' && l['userId'] === edwards.userId)
        .map((l) => (l['req'] as { url: string }).url);
      expect(lines).toEqual(expect.arrayContaining(['/ws-api/v3 session.logon', '/ws-api/v3 order.place']));

      // The logon's own subscription.
      expect(await own.request('userDataStream.subscribe')).toMatchObject({
        status: 200,
        result: { subscriptionId: 0 },
      });
      expect((await own.request('session.status')).result).toMatchObject({
        apiKey: edwards.key.apiKey,
        userDataStream: true,
      });
      expect(await own.request('userDataStream.subscribe')).toMatchObject({ error: { code: -2035 } });
      await own.request('order.cancel', { symbol: 'BTCUSDT', orderId, timestamp: Date.now() });
      expect(
        await own.event((e) => e['e'] === 'executionReport' && e['i'] === orderId && e['x'] === 'CANCELED'),
      ).toMatchObject({ subscriptionId: 0 });

      // Logging out ends the logon and its subscription; the connection stays open for signed requests.
      const out = await own.request<Record<string, unknown>>('session.logout');
      expect(out.result).toMatchObject({ apiKey: null, authorizedSince: null, userDataStream: false });
      expect(await own.event((e) => e['e'] === 'eventStreamTerminated')).toMatchObject({ subscriptionId: 0 });
      expect((await own.request('session.subscriptions')).result).toEqual([]);
      expect(await own.request('account.status', { timestamp: Date.now() })).toMatchObject({
        error: { code: -2014 },
      });
      expect((await own.signed('account.status', {}, edKey)).status).toBe(200);

      // Each request is held to the key's permissions: a READ key logs on and reads, but cannot trade.
      expect((await own.signed('session.logon', {}, { apiKey: watcher.key.apiKey, privateKey })).status).toBe(
        200,
      );
      expect((await own.request('account.status', { timestamp: Date.now() })).status).toBe(200);
      expect(await own.request('order.place', { ...FAR_BID, timestamp: Date.now() })).toMatchObject({
        status: 401,
        error: { code: -2015 },
      });
    } finally {
      own.close();
    }
  });

  it('ends a logon whose key is revoked, with its subscription; `?returnRateLimits=false` leaves rateLimits out', async () => {
    const quick = await harness.startGatewayProcess({
      GRPC_PORT: '0',
      WS_PING_INTERVAL_MS: '200',
      API_KEY_CACHE_MS: '0',
    });
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const revokee = await harness.trader('ws-api-revoked@example.com', {
      kind: 'ED25519',
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const own = await WsApiClient.open(quick.base, '?returnRateLimits=false');
    try {
      const logon = await own.signed('session.logon', {}, { apiKey: revokee.key.apiKey, privateKey });
      expect(logon).toEqual({
        id: logon.id,
        status: 200,
        result: expect.objectContaining({ returnRateLimits: false }),
      });
      expect((await own.request('ping', { returnRateLimits: true })).rateLimits).toHaveLength(1);
      expect(await own.request('userDataStream.subscribe')).toMatchObject({ result: { subscriptionId: 0 } });

      const keys = await harness.v1<{ keys: { id: string; apiKey: string }[] }>(
        'GET',
        '/api-keys',
        revokee.accessToken,
      );
      const id = keys.body.keys.find((k) => k.apiKey === revokee.key.apiKey)!.id;
      expect((await harness.v1('DELETE', `/api-keys/${id}`, revokee.accessToken)).status).toBe(200);

      expect(await own.event((e) => e['e'] === 'eventStreamTerminated')).toMatchObject({ subscriptionId: 0 });
      expect((await own.request('session.status')).result).toMatchObject({
        apiKey: null,
        userDataStream: false,
      });
      expect(await own.request('account.status', { timestamp: Date.now() })).toMatchObject({
        error: { code: -2014 },
      });
    } finally {
      own.close();
      await quick.process.stop('SIGTERM');
    }
  });

  it('answers many requests in flight on one connection, each by its id', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        client.request<{ serverTime: number }>('time', undefined, 1000 + i),
      ),
    );
    expect(answers.map((a) => [a.id, a.status])).toEqual(answers.map((_, i) => [1000 + i, 200]));
  });

  // Last: it spends the address's weight (the count is shared through Redis by every gateway of the run).
  it("counts every frame against the address's weight, refusing past the limit with 429 and when to retry; closes with 1001 on SIGTERM", async () => {
    const strict = await harness.startGatewayProcess({ RATE_LIMIT_WEIGHT_PER_MINUTE: '50', GRPC_PORT: '0' });
    const limited = await WsApiClient.open(strict.base);
    try {
      let refusal: Answer | undefined;
      for (let i = 0; i < 60 && !refusal; i++) {
        // Garbage and unknown methods cost weight too, as requests do.
        const answer =
          i % 3 === 0
            ? await limited.sendRaw<Record<string, unknown>>('not json', null)
            : await limited.request(i % 3 === 1 ? 'ping' : 'order.teleport', {});
        if (answer.status === 429) refusal = answer;
      }
      expect(refusal).toMatchObject({ status: 429, error: { code: -1003 } });
      const retryAfter = refusal!.error!.data!['retryAfter'] as number;
      expect(retryAfter).toBeGreaterThan(Date.now());
      expect(retryAfter).toBeLessThanOrEqual(Date.now() + 61_000);
      // Whichever frame it was, the answer reports the address's weight past the limit.
      expect(refusal!.rateLimits![0]).toMatchObject({ rateLimitType: 'REQUEST_WEIGHT', limit: 50 });
      expect(refusal!.rateLimits![0]!.count).toBeGreaterThan(50);
    } finally {
      limited.close();
    }
    // On SIGTERM the gateway closes its WebSocket API connections with 1001 ("going away").
    const open = await WsApiClient.open(strict.base);
    const closed = new Promise<number>((resolve) => open.socket.once('close', (code) => resolve(code)));
    await strict.process.stop('SIGTERM');
    expect(await closed).toBe(1001);
  });
});
