import { randomBytes } from 'node:crypto';

import { type OrderUpdate, type OrderUpdateBatch, userOrderSubject } from '@exchange/shared-contracts';
import { createRedisClient, type Redis } from '@exchange/shared-data-access-redis';

import { ExchangeHarness, freshCode, type Trader } from './exchange-harness';
import { type Frame, StreamClient } from './streams.harness';

jest.setTimeout(120_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOUR_MS = 60 * 60_000;

/**
 * Binance's user-data stream through real HTTP and WebSocket clients against every service: listen keys
 * (`/api/v3/userDataStream`, `/api/v1/userDataStream`), then `/ws/<listenKey>` and `/stream?streams=<listenKey>`
 * carrying the wallet's order and balance facts as `executionReport`, `outboundAccountPosition`, `balanceUpdate`
 * and `listenKeyExpired`. BTC has 8 decimals and USDT 6; fees are 0.08 % maker and 0.10 % taker.
 */
// GRPC_PORT 0: the gateway's gRPC port must not collide with other suites' gateways. The main pod checks its listen
// keys only every 10 minutes, so a deleted key that ends its streams at once shows the pods' NATS message at work.
const harness = new ExchangeHarness({ USER_STREAM_CHECK_MS: '600000', GRPC_PORT: '0' });
/** A second pod on the same Redis and NATS, whose keys live 3 s and are checked every 200 ms (started once). */
let otherPod: Promise<string> | undefined;
const secondPod = () =>
  (otherPod ??= harness.startGateway({ LISTEN_KEY_TTL_MS: '3000', USER_STREAM_CHECK_MS: '200' }));
let alice: Trader;
let bob: Trader;
let redis: Redis;
const clients: StreamClient[] = [];

const wsUrl = (base: string, path: string) => `${base.replace('http://', 'ws://')}${path}`;
/**
 * Connects and waits until the streams named in the URL run: a connection answers its requests only after them, so
 * the reply to LIST_SUBSCRIPTIONS says that nothing published from now on can be missed.
 */
const open = async (path: string, base = harness.base) => {
  const client = await StreamClient.open(wsUrl(base, path));
  clients.push(client);
  await client.request('LIST_SUBSCRIPTIONS');
  return client;
};
const apiKeyHeader = (trader: Trader) => ({ 'X-MBX-APIKEY': trader.key.apiKey });

async function listenKey(trader: Trader, base = harness.base): Promise<string> {
  const res = await harness.http<{ listenKey: string }>(
    'POST',
    '/api/v3/userDataStream',
    { headers: apiKeyHeader(trader) },
    base,
  );
  expect(res.status).toBe(200);
  return res.body.listenKey;
}

function keyCall(method: 'PUT' | 'DELETE', trader: Trader, key: string | undefined) {
  const query = key === undefined ? '' : `?listenKey=${key}`;
  return harness.http<{ code?: number; msg?: string }>(method, `/api/v3/userDataStream${query}`, {
    headers: apiKeyHeader(trader),
  });
}

/** A TOTP code for a step the trader has not used yet, waiting for the next step if both usable ones are spent. */
async function nextCode(trader: Trader): Promise<string> {
  for (;;) {
    try {
      const { code, step } = freshCode(trader.totpSecret, trader.lastStep);
      trader.lastStep = step;
      return code;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

beforeAll(async () => {
  await harness.start();
  [alice, bob] = await Promise.all([harness.trader('alice@example.com'), harness.trader('bob@example.com')]);
  await harness.faucet(alice, 'USDT', '100000');
  await harness.faucet(bob, 'BTC', '10');
  redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${harness.run}:gw:` });
}, 180_000);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.ws.close()));
});

afterAll(async () => {
  await redis?.quit();
  await harness.stop();
}, 60_000);

describe('listen keys', () => {
  it('are created with the API key alone, returned again while alive, and weigh 2', async () => {
    const first = await harness.http<{ listenKey: string }>('POST', '/api/v3/userDataStream', {
      headers: apiKeyHeader(alice),
    });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['listenKey']);
    expect(first.body.listenKey).toMatch(/^[A-Za-z0-9]{64}$/);
    const weight = Number(first.headers.get('x-mbx-used-weight-1m'));
    const again = await harness.http<{ listenKey: string }>('POST', '/api/v3/userDataStream', {
      headers: apiKeyHeader(alice),
    });
    expect(again.body.listenKey).toBe(first.body.listenKey);
    expect(Number(again.headers.get('x-mbx-used-weight-1m'))).toBeGreaterThanOrEqual(weight + 2);
    expect(await listenKey(bob)).not.toBe(first.body.listenKey);
  });

  it('refuse a missing, malformed or unknown API key', async () => {
    const none = await harness.http('POST', '/api/v3/userDataStream');
    expect([none.status, none.body]).toEqual([401, { code: -2014, msg: 'API-key format invalid.' }]);
    const unknown = await harness.http('POST', '/api/v3/userDataStream', {
      headers: { 'X-MBX-APIKEY': randomBytes(32).toString('hex') },
    });
    expect([unknown.status, unknown.body]).toEqual([
      401,
      { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
    ]);
    const extra = await harness.http('POST', '/api/v3/userDataStream?symbol=BTCUSDT', {
      headers: apiKeyHeader(alice),
    });
    expect([extra.status, extra.body]).toEqual([
      400,
      { code: -1103, msg: "An unknown parameter was sent: 'symbol'." },
    ]);
  });

  it('are kept alive for another 60 minutes by their user only, and refused when unknown', async () => {
    const key = await listenKey(alice);
    await redis.pexpire(`listen-key:${key}`, 10_000);
    const kept = await keyCall('PUT', alice, key);
    expect([kept.status, kept.body]).toEqual([200, {}]);
    expect(await redis.pttl(`listen-key:${key}`)).toBeGreaterThan(HOUR_MS - 60_000);
    expect(await redis.pttl(`listen-key-owner:api-key:${await apiKeyId(alice)}`)).toBeGreaterThan(
      HOUR_MS - 60_000,
    );

    const missing = await keyCall('PUT', alice, undefined);
    expect([missing.status, missing.body]).toEqual([
      400,
      { code: -1102, msg: "Mandatory parameter 'listenKey' was not sent, was empty/null, or malformed." },
    ]);
    const unknownKey = { code: -1125, msg: 'This listenKey does not exist.' };
    for (const bad of ['abc', 'x'.repeat(64)]) {
      const res = await keyCall('PUT', alice, bad);
      expect([res.status, res.body]).toEqual([400, unknownKey]);
    }
    // Another user's key is as unknown as a made-up one, and stays alive.
    for (const method of ['PUT', 'DELETE'] as const) {
      const res = await keyCall(method, bob, key);
      expect([res.status, res.body]).toEqual([400, unknownKey]);
    }
    expect((await keyCall('PUT', alice, key)).status).toBe(200);
  });

  it('are one per browser session under /api/v1, apart from the API key ones', async () => {
    const post = () =>
      harness.http<{ listenKey: string }>('POST', '/api/v1/userDataStream', {
        headers: { authorization: `Bearer ${alice.accessToken}` },
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect((await post()).body.listenKey).toBe(first.body.listenKey);
    expect(first.body.listenKey).not.toBe(await listenKey(alice));
    const kept = await harness.http('PUT', `/api/v1/userDataStream?listenKey=${first.body.listenKey}`, {
      headers: { authorization: `Bearer ${bob.accessToken}` },
    });
    expect([kept.status, kept.body]).toEqual([400, { code: -1125, msg: 'This listenKey does not exist.' }]);
    const anonymous = await harness.http('POST', '/api/v1/userDataStream');
    expect(anonymous.status).toBe(401);

    const client = await open(`/ws/${first.body.listenKey}`);
    const closed = await harness.http('DELETE', `/api/v1/userDataStream?listenKey=${first.body.listenKey}`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
    expect([closed.status, closed.body]).toEqual([200, {}]);
    await client.waitFor((f: Frame) => f.e === 'listenKeyExpired');
  });

  it('open no stream once unknown: the upgrade is refused', async () => {
    await expect(StreamClient.open(wsUrl(harness.base, `/ws/${'y'.repeat(64)}`))).rejects.toThrow('HTTP 400');
  });
});

/** The API key id behind `trader`'s key (the owner part of its listen key's Redis pointer). */
async function apiKeyId(trader: Trader): Promise<string> {
  const keys = await harness.v1<{ keys: { id: string; apiKey?: string; label: string }[] }>(
    'GET',
    '/api-keys',
    trader.accessToken,
  );
  return keys.body.keys[0]!.id;
}

describe('user-data events', () => {
  it('follow an order through NEW, TRADE and CANCELED with the balances after each change', async () => {
    const aliceStream = await open(`/ws/${await listenKey(alice)}`);
    const bobKey = await listenKey(bob);
    const bobStream = await open(`/stream?streams=${bobKey}`);

    const placed = await harness.signed<{ orderId: number }>(
      'POST',
      'order',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.5',
        price: '30000',
        newClientOrderId: 'alice-uds-1',
      },
      alice.key,
    );
    expect(placed.status).toBe(200);
    const orderId = placed.body.orderId;

    const created = await aliceStream.waitFor((f: Frame) => f.e === 'executionReport' && f.x === 'NEW');
    expect(created).toEqual({
      e: 'executionReport',
      E: created.E,
      s: 'BTCUSDT',
      c: 'alice-uds-1',
      S: 'BUY',
      o: 'LIMIT',
      f: 'GTC',
      q: '0.50000000',
      p: '30000.00',
      P: '0.00',
      F: '0.00000000',
      g: -1,
      C: '',
      x: 'NEW',
      X: 'NEW',
      r: 'NONE',
      i: orderId,
      l: '0.00000000',
      z: '0.00000000',
      L: '0.00',
      n: '0',
      N: null,
      T: created.E,
      t: -1,
      w: true,
      m: false,
      M: false,
      O: created.O,
      Z: '0.000000',
      Y: '0.000000',
      Q: '0.000000',
      W: created.O,
      V: 'NONE',
    });
    expect(Number.isSafeInteger(created.E) && Number.isSafeInteger(created.O)).toBe(true);
    // The hold of the buy: 0.5 × 30000 USDT and the most it could pay in fees (0.10 %) move from free to locked.
    await aliceStream.waitFor(
      (f: Frame) =>
        f.e === 'outboundAccountPosition' &&
        f.B.some((b: Frame) => b.a === 'USDT' && b.f === '84985.000000' && b.l === '15015.000000'),
    );

    const sell = await harness.signed(
      'POST',
      'order',
      { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.2', price: '29000' },
      bob.key,
    );
    expect(sell.status).toBe(200);

    const made = await aliceStream.waitFor((f: Frame) => f.e === 'executionReport' && f.x === 'TRADE');
    expect(made).toMatchObject({
      s: 'BTCUSDT',
      c: 'alice-uds-1',
      S: 'BUY',
      x: 'TRADE',
      X: 'PARTIALLY_FILLED',
      i: orderId,
      q: '0.50000000',
      l: '0.20000000',
      z: '0.20000000',
      L: '30000.00',
      n: '0.00016000', // maker 0.08 % of 0.2 BTC
      N: 'BTC',
      w: true,
      m: true,
      Z: '6000.000000',
      Y: '6000.000000',
    });
    expect(made.t).toBeGreaterThan(0);
    const position = await aliceStream.waitFor(
      (f: Frame) => f.e === 'outboundAccountPosition' && f.B.some((b: Frame) => b.a === 'BTC'),
    );
    expect(position).toEqual({
      e: 'outboundAccountPosition',
      E: position.E,
      u: position.E,
      B: expect.any(Array),
    });
    expect(position.B).toEqual(
      expect.arrayContaining([
        { a: 'BTC', f: '0.19984000', l: '0.00000000' },
        // Paid 6000; the unused fee reserve of the filled part (6) is free again; 0.3 × 30000 × 1.001 stays held.
        { a: 'USDT', f: '84991.000000', l: '9009.000000' },
      ]),
    );

    const taken = await bobStream.waitFor(
      (f: Frame) => f.data?.e === 'executionReport' && f.data.x === 'TRADE',
    );
    expect(taken.stream).toBe(bobKey);
    expect(taken.data).toMatchObject({
      s: 'BTCUSDT',
      S: 'SELL',
      X: 'FILLED',
      q: '0.20000000',
      p: '29000.00',
      l: '0.20000000',
      z: '0.20000000',
      L: '30000.00',
      n: '6.000000', // taker 0.10 % of 6000 USDT
      N: 'USDT',
      t: made.t,
      w: false,
      m: false,
    });
    // Alice's stream carries only Alice's events.
    expect(aliceStream.frames.some((f: Frame) => f.S === 'SELL')).toBe(false);

    const cancel = await harness.signed('DELETE', 'order', { symbol: 'BTCUSDT', orderId }, alice.key);
    expect(cancel.status).toBe(200);
    const canceled = await aliceStream.waitFor((f: Frame) => f.e === 'executionReport' && f.x === 'CANCELED');
    expect(canceled).toMatchObject({
      c: 'alice-uds-1',
      C: 'alice-uds-1',
      X: 'CANCELED',
      i: orderId,
      l: '0.00000000',
      z: '0.20000000',
      Z: '6000.000000',
      t: -1,
      w: false,
    });
    await aliceStream.waitFor(
      (f: Frame) =>
        f.e === 'outboundAccountPosition' &&
        f.B.some((b: Frame) => b.a === 'USDT' && b.f === '94000.000000' && b.l === '0.000000'),
    );
  });

  it('turn a version 1 message and each execution of a version 2 message into one report, in order', async () => {
    // During a rolling deploy a wallet may still publish one execution per message (v 1) while the upgraded ones
    // publish a user's executions of a settlement together (v 2): the stream takes both.
    const stream = await open(`/ws/${await listenKey(alice)}`);
    const subject = harness.names.subject(userOrderSubject(alice.userId));
    const view = (orderNo: string, executedQty: string, status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED') => ({
      orderNo,
      orderId: `rolling-${orderNo}`,
      clientOrderId: `rolling-${orderNo}`,
      symbol: 'BTC-USDT',
      side: 'BUY' as const,
      type: 'LIMIT' as const,
      timeInForce: 'GTC' as const,
      price: '30000.00',
      origQty: '0.20000000',
      executedQty,
      cummulativeQuoteQty: '0.000000',
      origQuoteOrderQty: '0.000000',
      status,
      time: 1_000,
      updateTime: 2_000,
      isWorking: status !== 'FILLED',
      stopPrice: '0.00',
      workingTime: 1_000,
    });
    const fill = (id: number, orderNo: string) => ({
      symbol: 'BTC-USDT',
      id,
      orderNo,
      clientOrderId: `rolling-${orderNo}`,
      side: 'BUY' as const,
      price: '30000.00',
      qty: '0.10000000',
      quoteQty: '3000.000000',
      commission: '0.00010000',
      commissionAsset: 'BTC',
      time: 2_000,
      isBuyer: true,
      isMaker: true,
    });
    const v1: OrderUpdate = {
      v: 1,
      userId: alice.userId,
      executionType: 'NEW',
      order: view('900001', '0.00000000', 'NEW'),
      fill: null,
      ts: 1_000,
    };
    const v2: OrderUpdateBatch = {
      v: 2,
      userId: alice.userId,
      executions: [
        { executionType: 'NEW', order: view('900002', '0.00000000', 'NEW'), fill: null, ts: 1_500 },
        {
          executionType: 'TRADE',
          order: view('900002', '0.10000000', 'PARTIALLY_FILLED'),
          fill: fill(7001, '900002'),
          ts: 2_000,
        },
        {
          executionType: 'TRADE',
          order: view('900002', '0.20000000', 'FILLED'),
          fill: fill(7002, '900002'),
          ts: 2_000,
        },
      ],
    };
    harness.nc.publish(subject, JSON.stringify(v1));
    harness.nc.publish(subject, JSON.stringify(v2));
    await stream.waitFor((f: Frame) => f.e === 'executionReport' && f.t === 7002);
    const reports = stream.frames.filter((f: Frame) => f.e === 'executionReport');
    expect(reports.map((f: Frame) => [f.i, f.x, f.X, f.l, f.z, f.t])).toEqual([
      [900001, 'NEW', 'NEW', '0.00000000', '0.00000000', -1],
      [900002, 'NEW', 'NEW', '0.00000000', '0.00000000', -1],
      [900002, 'TRADE', 'PARTIALLY_FILLED', '0.10000000', '0.10000000', 7001],
      [900002, 'TRADE', 'FILLED', '0.10000000', '0.20000000', 7002],
    ]);
  });

  it('send balanceUpdate for a deposit and a withdrawal, each before the new position', async () => {
    const stream = await open(`/ws/${await listenKey(alice)}`);
    await harness.faucet(alice, 'USDT', '100');
    const deposit = await stream.waitFor((f: Frame) => f.e === 'balanceUpdate');
    expect(deposit).toEqual({ e: 'balanceUpdate', E: deposit.E, a: 'USDT', d: '100.000000', T: deposit.E });
    const afterDeposit = stream.frames.indexOf(deposit) + 1;
    const credited = await stream.waitFor((f: Frame) => f.e === 'outboundAccountPosition', afterDeposit);
    expect(credited.B).toContainEqual({ a: 'USDT', f: '94100.000000', l: '0.000000' });

    const withdrawal = await harness.v1('POST', '/withdrawals', alice.accessToken, {
      asset: 'USDT',
      amount: '40.5',
      address: 'addr-uds',
      mfaCode: await nextCode(alice),
    });
    expect(withdrawal.status).toBe(201);
    const debit = await stream.waitFor((f: Frame) => f.e === 'balanceUpdate' && f.d.startsWith('-'));
    expect(debit).toMatchObject({ a: 'USDT', d: '-40.500000' });
    const debited = await stream.waitFor(
      (f: Frame) => f.e === 'outboundAccountPosition',
      stream.frames.indexOf(debit) + 1,
    );
    expect(debited.B).toContainEqual({ a: 'USDT', f: '94059.500000', l: '0.000000' });
  });

  it('end with listenKeyExpired and a closed connection when the key is deleted', async () => {
    const key = await listenKey(alice);
    const stream = await open(`/ws/${key}`);
    const deleted = await keyCall('DELETE', alice, key);
    expect([deleted.status, deleted.body]).toEqual([200, {}]);
    const expired = await stream.waitFor((f: Frame) => f.e === 'listenKeyExpired');
    expect(expired).toEqual({ e: 'listenKeyExpired', E: expired.E, listenKey: key });
    expect((await stream.closed).code).toBe(1000);
    expect((await keyCall('PUT', alice, key)).body).toEqual({
      code: -1125,
      msg: 'This listenKey does not exist.',
    });
    expect(await listenKey(alice)).not.toBe(key);
  });

  it("end on every pod when the key is deleted through another pod's API", async () => {
    const key = await listenKey(alice);
    const stream = await open(`/ws/${key}`);
    const deleted = await harness.http(
      'DELETE',
      `/api/v3/userDataStream?listenKey=${key}`,
      {
        headers: apiKeyHeader(alice),
      },
      await secondPod(),
    );
    expect([deleted.status, deleted.body]).toEqual([200, {}]);
    expect(await stream.waitFor((f: Frame) => f.e === 'listenKeyExpired')).toMatchObject({ listenKey: key });
    expect((await stream.closed).code).toBe(1000);
  });

  it('can be subscribed by listen key on a plain connection, next to a market stream', async () => {
    const key = await listenKey(alice);
    const client = await open('/ws');
    expect(await client.request('SUBSCRIBE', [key, 'btcusdt@trade'])).toEqual({ result: null, id: 2 });
    expect((await client.request('LIST_SUBSCRIPTIONS')).result).toEqual([key, 'btcusdt@trade']);
    await harness.faucet(alice, 'BTC', '0.5');
    expect(await client.waitFor((f: Frame) => f.e === 'balanceUpdate')).toMatchObject({
      a: 'BTC',
      d: '0.50000000',
    });
    expect(await client.request('UNSUBSCRIBE', [key])).toEqual({ result: null, id: 4 });
    expect((await client.request('LIST_SUBSCRIPTIONS')).result).toEqual(['btcusdt@trade']);
    const unknown = await client.request('SUBSCRIBE', ['z'.repeat(64)]);
    expect(unknown).toEqual({
      error: { code: 2, msg: 'Invalid request: this listenKey does not exist' },
      id: 6,
    });
  });

  it('end with listenKeyExpired when the key expires unrenewed', async () => {
    const shortLived = await secondPod();
    const key = await listenKey(bob, shortLived);
    const stream = await open(`/ws/${key}`, shortLived);
    const expired = await stream.waitFor((f: Frame) => f.e === 'listenKeyExpired');
    expect(expired.listenKey).toBe(key);
    expect((await stream.closed).code).toBe(1000);
  });

  it('report an order that self-trade prevention ended as TRADE_PREVENTION, EXPIRED_IN_MATCH', async () => {
    // ETHUSDT, which no other case here trades; ETH has 18 decimals.
    await Promise.all([harness.faucet(bob, 'ETH', '1'), harness.faucet(bob, 'USDT', '1100')]);
    const stream = await open(`/ws/${await listenKey(bob)}`);
    const order = (side: 'BUY' | 'SELL', extra: Record<string, string>) =>
      harness.signed<{ orderId: number; status: string }>(
        'POST',
        'order',
        {
          symbol: 'ETHUSDT',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.5',
          price: '2000',
          side,
          ...extra,
        },
        bob.key,
      );
    const maker = await order('SELL', { newClientOrderId: 'bob-stp-maker' });
    expect(maker.status).toBe(200);
    const taker = await order('BUY', {
      newClientOrderId: 'bob-stp-taker',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    });
    expect([taker.status, taker.body.status]).toEqual([200, 'NEW']);

    const prevented = await stream.waitFor(
      (f: Frame) => f.e === 'executionReport' && f.x === 'TRADE_PREVENTION',
    );
    expect(prevented).toMatchObject({
      c: 'bob-stp-maker',
      i: maker.body.orderId,
      x: 'TRADE_PREVENTION',
      X: 'EXPIRED_IN_MATCH',
      z: '0.000000000000000000',
      A: '0.500000000000000000',
      B: '0.500000000000000000',
      w: false,
      V: 'NONE',
      // The prevented match: the buy was the other order, at the sell's price; v is myPreventedMatches' id.
      u: -1,
      U: taker.body.orderId,
      Cs: 'ETHUSDT',
      pL: '2000.00',
      pl: '0.500000000000000000',
      pY: '1000.000000',
    });
    const matches = await harness.signed<Array<Record<string, unknown>>>(
      'GET',
      'myPreventedMatches',
      { symbol: 'ETHUSDT', preventedMatchId: String(prevented.v) },
      bob.key,
    );
    expect(matches.body).toMatchObject([
      {
        preventedMatchId: prevented.v,
        takerOrderId: taker.body.orderId,
        makerOrderId: maker.body.orderId,
        selfTradePreventionMode: 'EXPIRE_MAKER',
      },
    ]);
    // The buy that met it rests, NEW, and carries no prevented quantity of its own.
    const rest = await harness.signed<Record<string, unknown>>(
      'GET',
      'order',
      { symbol: 'ETHUSDT', orderId: String(taker.body.orderId) },
      bob.key,
    );
    expect(rest.body.status).toBe('NEW');
    expect(rest.body).not.toHaveProperty('preventedQuantity');
    expect((await harness.signed('DELETE', 'openOrders', { symbol: 'ETHUSDT' }, bob.key)).status).toBe(200);
  });
});
