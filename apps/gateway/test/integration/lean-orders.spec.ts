import { type ServiceProcess } from '@exchange/shared-util-testing';

import { eventually, ExchangeHarness, type HttpAnswer, type Trader } from './exchange-harness';

jest.setTimeout(120_000);

/**
 * The lean trading routes (`http/lean-orders.ts`) against the Nest routes over the real services: the harness's
 * gateway takes `POST /api/v3/order`, `DELETE /api/v3/order`, `PUT /api/v3/order/amend/keepPriority` and
 * `DELETE /api/v3/openOrders` before Express, a second one (HTTP_LEAN_ORDERS=false, its own Redis key prefix so that
 * weight, order counts and replay records are counted apart) through Express and Nest. Every answer and refusal
 * must have the same status, body, headers, log line and histogram entry.
 */
// A day's order limit small enough to reach (a 10-second window could roll over between the two gateways' calls).
const LIMITS = { ORDER_LIMIT_PER_DAY: '30' };
const harness = new ExchangeHarness(LIMITS);
const ORIGIN = 'https://app.example.com';

interface Gateway {
  base: string;
  process: ServiceProcess;
}

let lean: Gateway;
let nest: Gateway;
let alice: Trader;
let reader: Trader;

beforeAll(async () => {
  await harness.start({ gateway: { CORS_ORIGINS: ORIGIN } });
  lean = { base: harness.base, process: harness.process('gateway') };
  const started = await harness.startGatewayProcess({
    CORS_ORIGINS: ORIGIN,
    HTTP_LEAN_ORDERS: 'false',
    REDIS_KEY_PREFIX: `${harness.run}:gw-nest:`,
  });
  nest = { base: started.base, process: started.process };
  [alice, reader] = await Promise.all([
    harness.trader('alice@example.com'),
    harness.trader('reader@example.com', { permissions: ['READ'] }),
  ]);
  await harness.faucet(alice, 'USDT', '1000');
}, 180_000);

afterAll(() => harness.stop(), 60_000);

const HEADERS = [
  'content-type',
  'x-mbx-used-weight-1m',
  'x-mbx-order-count-10s',
  'x-mbx-order-count-1d',
  'retry-after',
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'access-control-allow-origin',
  'vary',
];

const order = (extra: Record<string, string> = {}) => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.01',
  price: '1000',
  ...extra,
});

const WINDOW_COUNTS = ['x-mbx-used-weight-1m', 'x-mbx-order-count-10s'];

/** Seconds to a window's end: two calls sent together can straddle a second, so their values may differ by one. */
const SECONDS_LEFT = 'retry-after';

/** The ids and times of an answer (nested ones too) as their types: each gateway has orders of its own. */
const OWN_FIELDS = ['orderId', 'clientOrderId', 'origClientOrderId', 'executionId'];
function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalised);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) =>
      OWN_FIELDS.includes(key) || key.endsWith('Time') ? [key, typeof field] : [key, normalised(field)],
    ),
  );
}

/** What must match between the two routes: status, body (ids and times as their types), headers. */
function shape(answer: HttpAnswer) {
  return {
    status: answer.status,
    body: answer.status === 200 ? normalised(answer.body) : answer.body,
    headers: Object.fromEntries(
      HEADERS.map((name) => [
        name,
        // Counts in fixed windows on Redis's clock: two calls sent together can fall on either side of a window's
        // end (most often the 10 s one under load), so their values are compared as counts, not equal numbers.
        WINDOW_COUNTS.includes(name) || name === SECONDS_LEFT
          ? /^\d+$/.test(answer.headers.get(name) ?? '')
          : answer.headers.get(name),
      ]),
    ),
    etag: /^W\/"[\da-f]+-[\w+/=-]+"$/.test(answer.headers.get('etag') ?? ''),
    requestId: /^[\da-f-]{36}$/.test(answer.headers.get('x-request-id') ?? ''),
  };
}

/** The same call (signed afresh for each gateway, or the same payload given) on both gateways. */
async function both(
  payloadOf: () => string,
  apiKey: string = alice.key.apiKey,
  init: { path?: string; headers?: Record<string, string> } = {},
) {
  const call = (base: string) =>
    harness.sendSigned('POST', init.path ?? 'order', payloadOf(), apiKey, base, {
      Origin: ORIGIN,
      ...init.headers,
    });
  const [mine, theirs] = await Promise.all([call(lean.base), call(nest.base)]);
  return { mine, theirs };
}

const signed =
  (params: Record<string, string>, key = alice.key, options = {}) =>
  () =>
    ExchangeHarness.signedPayload(params, key, options);

/** A `request completed` line with what differs between two gateways (times, ids, the signed timestamp) as types. */
const logFields = (l: Record<string, unknown>) => ({
  ...l,
  time: typeof l.time,
  pid: typeof l.pid,
  hostname: typeof l.hostname,
  traceId: typeof l.traceId,
  spanId: typeof l.spanId,
  responseTimeMs: typeof l.responseTimeMs,
  requestId: typeof l.requestId,
  // Each gateway's call signed at its own time.
  req: {
    ...(l.req as object),
    url: String((l.req as { url: string }).url).replace(/timestamp=\d+/, 'timestamp=T'),
  },
});

/** The gateway's HTTP histogram counts whose labels include `label`, without their values, sorted. */
const histogramCounts = async (base: string, label: string) =>
  (await (await fetch(`${base}/metrics`)).text())
    .split('\n')
    .filter((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes(label))
    .map((l) => l.slice(0, l.lastIndexOf(' ')))
    .sort();

describe('POST /api/v3/order on the lean route', () => {
  it('is taken by the lean route only where it is on', async () => {
    const routes = (gateway: Gateway) => gateway.process.logs.find((line) => line.msg === 'lean HTTP routes');
    expect(routes(lean)).toMatchObject({
      orders: [
        'POST /api/v3/order',
        'DELETE /api/v3/order',
        'PUT /api/v3/order/amend/keepPriority',
        'DELETE /api/v3/openOrders',
      ],
    });
    expect(routes(nest)).toMatchObject({ orders: [] });
  });

  it('places an order (ACK and RESULT) exactly as the Nest route does', async () => {
    for (const respType of ['ACK', 'RESULT']) {
      const { mine, theirs } = await both(signed(order({ newOrderRespType: respType })));
      expect(mine.status).toBe(200);
      expect(shape(mine)).toEqual(shape(theirs));
      expect(shape(mine).etag).toBe(true);
    }
    // The same client order id answers the existing order on both (idempotent retry).
    const { mine, theirs } = await both(
      signed(order({ newClientOrderId: 'lean-dup', newOrderRespType: 'ACK' })),
    );
    expect(shape(mine)).toEqual(shape(theirs));
    const again = await both(signed(order({ newClientOrderId: 'lean-dup', newOrderRespType: 'ACK' })));
    expect(again.mine.body).toMatchObject({ clientOrderId: 'lean-dup' });
    expect(shape(again.mine)).toEqual(shape(again.theirs));
  });

  it('refuses bad signatures, stale timestamps, replays and keys as the Nest route does', async () => {
    const cases: [string, () => string, string?][] = [
      ['bad signature', () => `${signed(order())().replace(/signature=[\da-f]{4}/, 'signature=0000')}`],
      ['no signature', () => signed(order())().replace(/&signature=.*$/, '')],
      ['stale timestamp', signed(order(), alice.key, { timestamp: Date.now() - 60_000 })],
      ['future timestamp', signed(order(), alice.key, { timestamp: Date.now() + 10_000 })],
      ['recvWindow too large', signed(order(), alice.key, { recvWindow: 70_000 })],
      ['unknown key', signed(order()), 'x'.repeat(64)],
      ['bad key format', signed(order()), ''],
      ['READ key', signed(order(), reader.key), reader.key.apiKey],
    ];
    for (const [name, payload, apiKey] of cases) {
      const { mine, theirs } = await both(payload, apiKey ?? alice.key.apiKey);
      expect({ name, ...shape(mine) }).toEqual({ name, ...shape(theirs) });
      expect(mine.status).toBeGreaterThanOrEqual(400);
    }
    // A replay: the same signed body twice on each gateway.
    const payload = signed(order({ newOrderRespType: 'ACK' }))();
    const first = await both(() => payload);
    expect(first.mine.status).toBe(200);
    const replay = await both(() => payload);
    expect(replay.mine.body).toEqual({
      code: -1022,
      msg: 'This signed request was already received; sign each request anew.',
    });
    expect(shape(replay.mine)).toEqual(shape(replay.theirs));
  });

  it('refuses bad parameters and wallet refusals as the Nest route does', async () => {
    const cases: Record<string, string>[] = [
      order({ quantity: '' }),
      order({ quantity: '0.000000001' }),
      order({ price: '1000.001' }),
      order({ symbol: 'NOPEUSDT' }),
      order({ side: 'SIDEWAYS' }),
      order({ icebergQty: '1' }),
      order({ type: 'MARKET' }),
      // Wallet refusals: funds (-2010), and a client order id reused for another order.
      order({ quantity: '100', price: '50000' }),
      order({ newClientOrderId: 'lean-dup', price: '999' }),
    ];
    for (const params of cases) {
      const { mine, theirs } = await both(signed(params));
      expect({ params, ...shape(mine) }).toEqual({ params, ...shape(theirs) });
      expect({ params, status: mine.status }).toEqual({ params, status: 400 });
    }
    // A name sent twice (query string and body), and JSON parameters, which no signature covers.
    const twice = await both(signed(order()), alice.key.apiKey, { path: 'order?symbol=BTCUSDT' });
    expect(twice.mine.body).toMatchObject({ code: -1101 });
    expect(shape(twice.mine)).toEqual(shape(twice.theirs));
    const json = await Promise.all(
      [lean.base, nest.base].map((base) =>
        harness.http(
          'POST',
          '/api/v3/order',
          {
            headers: { 'X-MBX-APIKEY': alice.key.apiKey, 'content-type': 'application/json', Origin: ORIGIN },
            body: JSON.stringify({ ...order(), timestamp: Date.now(), signature: 'x' }),
          },
          base,
        ),
      ),
    );
    expect(shape(json[0]!)).toEqual(shape(json[1]!));
    expect(json[0]!.body).toMatchObject({ code: -1100 });
  });

  it('answers 429 -1015 with Retry-After past the order count, as the Nest route does', async () => {
    const carol = await harness.trader('carol@example.com');
    let last: { mine: HttpAnswer; theirs: HttpAnswer } | undefined;
    for (let i = 0; i < Number(LIMITS.ORDER_LIMIT_PER_DAY) + 1; i++) {
      // No funds: each is counted, then refused by the wallet; the one past the limit never reaches it.
      last = await both(signed(order(), carol.key), carol.key.apiKey);
      expect(shape(last.mine)).toEqual(shape(last.theirs));
    }
    expect(last!.mine.status).toBe(429);
    expect(last!.mine.body).toEqual({
      code: -1015,
      msg: 'Too many new orders; current limit is 30 orders per 1 DAY.',
    });
    expect(Number(last!.mine.headers.get(SECONDS_LEFT))).toBeGreaterThan(0);
  });

  it('answers 429 -1003 with Retry-After past the request weight, as the Nest route does', async () => {
    const small = { RATE_LIMIT_WEIGHT_PER_MINUTE: '2', CORS_ORIGINS: ORIGIN };
    const [tinyLean, tinyNest] = await Promise.all([
      harness.startGatewayProcess({ ...small, REDIS_KEY_PREFIX: `${harness.run}:gw-tiny-lean:` }),
      harness.startGatewayProcess({
        ...small,
        HTTP_LEAN_ORDERS: 'false',
        REDIS_KEY_PREFIX: `${harness.run}:gw-tiny-nest:`,
      }),
    ]);
    const answers: HttpAnswer[][] = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await Promise.all(
          [tinyLean.base, tinyNest.base].map((base) =>
            harness.sendSigned(
              'POST',
              'order',
              signed(order({ newOrderRespType: 'ACK' }))(),
              alice.key.apiKey,
              base,
              {
                Origin: ORIGIN,
              },
            ),
          ),
        ),
      );
    }
    for (const [mine, theirs] of answers) expect(shape(mine!)).toEqual(shape(theirs!));
    const [refused, refusedToo] = answers[2]!;
    expect(refused!.status).toBe(429);
    expect(refused!.body).toMatchObject({ code: -1003 });
    const secondsLeft = Number(refused!.headers.get(SECONDS_LEFT));
    expect(secondsLeft).toBeGreaterThan(0);
    expect(Math.abs(secondsLeft - Number(refusedToo!.headers.get(SECONDS_LEFT)))).toBeLessThanOrEqual(1);
  });

  it('logs each order and times it in the histogram as the Nest route does', async () => {
    const line = async (gateway: Gateway, requestId: string) => {
      const res = await harness.sendSigned(
        'POST',
        'order',
        signed(order({ newOrderRespType: 'ACK' }))(),
        alice.key.apiKey,
        gateway.base,
        {
          'x-request-id': requestId,
        },
      );
      expect(res.status).toBe(200);
      return gateway.process.waitForLog((l) => l.requestId === requestId && l.msg === 'request completed');
    };
    const [mine, theirs] = [await line(lean, 'lean-order-1'), await line(nest, 'nest-order-1')];
    expect(logFields(mine)).toEqual(logFields(theirs));
    expect(mine).toMatchObject({
      userId: alice.userId,
      req: { method: 'POST', url: '/api/v3/order' },
      res: { statusCode: 200 },
    });
    const histogram = (base: string) => histogramCounts(base, 'route="/api/v3/order"');
    expect(await histogram(lean.base)).toEqual(await histogram(nest.base));
    expect(await histogram(lean.base)).toContain(
      'http_request_duration_seconds_count{service="gateway",method="POST",route="/api/v3/order",status_code="429"}',
    );
  });

  it('with ACCESS_LOG_ORDERS=summary, counts accepted orders in summaries and logs refusals one by one', async () => {
    const summarised = await harness.startGatewayProcess({
      ACCESS_LOG_ORDERS: 'summary',
      ACCESS_LOG_SUMMARY_MS: '300',
      ACCESS_LOG_SLOW_MS: '10000',
      REDIS_KEY_PREFIX: `${harness.run}:gw-summary:`,
    });
    const send = (payload: string, requestId: string) =>
      harness.sendSigned('POST', 'order', payload, alice.key.apiKey, summarised.base, {
        'x-request-id': requestId,
      });
    for (const n of [1, 2]) {
      const res = await send(signed(order({ newOrderRespType: 'ACK' }))(), `summary-order-${n}`);
      expect(res.status).toBe(200);
    }
    const refused = await send(`${signed(order())()}0`, 'summary-refused');
    expect(refused.status).toBe(400);
    const alone = await summarised.process.waitForLog(
      (l) => l.requestId === 'summary-refused' && l.msg === 'request completed',
    );
    expect(alone).toMatchObject({ req: { method: 'POST', url: '/api/v3/order' }, res: { statusCode: 400 } });
    // A summary may fall between the two orders: they add up to the two.
    const countOf = (lines: Record<string, unknown>[]) =>
      lines
        .filter(
          (l) =>
            l.msg === 'requests completed' &&
            (l.req as { method?: string }).method === 'POST' &&
            (l.req as { route?: string }).route === '/api/v3/order',
        )
        .reduce((sum, l) => sum + Number(l.count), 0);
    const counted = await eventually(
      () => Promise.resolve(countOf(summarised.process.logs)),
      (total) => total >= 2,
      10_000,
    );
    expect(counted).toBe(2);
    expect(
      summarised.process.logs.filter(
        (l) =>
          typeof l.requestId === 'string' &&
          l.requestId.startsWith('summary-order-') &&
          l.msg === 'request completed',
      ),
    ).toEqual([]);
  });
});

/**
 * A signed call on both gateways, each on an order of its own (`params` of the gateway's own order, signed
 * afresh for each).
 */
async function onOwn(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  params: (own: { orderId: string }) => Record<string, string>,
  owns: { lean: { orderId: string }; nest: { orderId: string } },
  key = alice.key,
) {
  const call = (gateway: Gateway, own: { orderId: string }) =>
    harness.sendSigned(
      method,
      path,
      ExchangeHarness.signedPayload(params(own), key),
      key.apiKey,
      gateway.base,
      {
        Origin: ORIGIN,
      },
    );
  const [mine, theirs] = await Promise.all([call(lean, owns.lean), call(nest, owns.nest)]);
  return { mine, theirs };
}

/** A resting order of Alice's on each gateway (ACK, so that both answer before the engine). */
async function restingPair(extra: Record<string, string> = {}) {
  const { mine, theirs } = await both(signed(order({ newOrderRespType: 'ACK', ...extra })));
  expect([mine.status, theirs.status]).toEqual([200, 200]);
  const idOf = (answer: HttpAnswer) => ({ orderId: String((answer.body as { orderId: number }).orderId) });
  const owns = { lean: idOf(mine), nest: idOf(theirs) };
  // Open in the engine before it is amended or cancelled (the wallet queues either way; an amend needs it resting).
  for (const [gateway, own] of [
    [lean, owns.lean],
    [nest, owns.nest],
  ] as const) {
    await eventually(
      () =>
        harness.sendSigned(
          'GET',
          'order',
          ExchangeHarness.signedPayload({ symbol: 'BTCUSDT', ...own }, alice.key),
          alice.key.apiKey,
          gateway.base,
        ),
      (answer) => (answer.body as { status?: string }).status === 'NEW',
    );
  }
  return owns;
}

describe('cancels and amends on the lean route', () => {
  it('cancels an order (DELETE /api/v3/order) exactly as the Nest route does, and refuses a second cancel alike', async () => {
    const owns = await restingPair();
    const cancel = (own: { orderId: string }) => ({ symbol: 'BTCUSDT', ...own });
    const first = await onOwn('DELETE', 'order', cancel, owns);
    expect(first.mine.status).toBe(200);
    expect(first.mine.body).toMatchObject({ symbol: 'BTCUSDT', orderId: Number(owns.lean.orderId) });
    expect(shape(first.mine)).toEqual(shape(first.theirs));
    await eventually(
      () => onOwn('DELETE', 'order', cancel, owns),
      ({ mine, theirs }) => mine.status === 400 && theirs.status === 400,
    ).then(({ mine, theirs }) => {
      expect(mine.body).toMatchObject({ code: -2011 });
      expect(shape(mine)).toEqual(shape(theirs));
    });
  });

  it('refuses bad cancels (no such order, missing parameters, bad signature, READ key, replay) as the Nest route does', async () => {
    const owns = { lean: { orderId: '999999999' }, nest: { orderId: '999999999' } };
    const cases: [string, (own: { orderId: string }) => Record<string, string>][] = [
      ['no such order', (own) => ({ symbol: 'BTCUSDT', ...own })],
      ['no order id', () => ({ symbol: 'BTCUSDT' })],
      ['unknown symbol', (own) => ({ symbol: 'NOPEUSDT', ...own })],
      ['unknown parameter', (own) => ({ symbol: 'BTCUSDT', ...own, colour: 'red' })],
    ];
    for (const [name, params] of cases) {
      const { mine, theirs } = await onOwn('DELETE', 'order', params, owns);
      expect({ name, ...shape(mine) }).toEqual({ name, ...shape(theirs) });
      expect({ name, status: mine.status }).toEqual({ name, status: 400 });
    }
    const read = await onOwn('DELETE', 'order', (own) => ({ symbol: 'BTCUSDT', ...own }), owns, reader.key);
    expect(read.mine.body).toMatchObject({ code: -2015 });
    expect(shape(read.mine)).toEqual(shape(read.theirs));
    const forged = await Promise.all(
      [lean, nest].map((gateway) =>
        harness.sendSigned(
          'DELETE',
          'order',
          ExchangeHarness.signedPayload({ symbol: 'BTCUSDT', orderId: '1' }, alice.key).replace(
            /signature=[\da-f]{4}/,
            'signature=0000',
          ),
          alice.key.apiKey,
          gateway.base,
          { Origin: ORIGIN },
        ),
      ),
    );
    expect(forged[0]!.body).toMatchObject({ code: -1022 });
    expect(shape(forged[0]!)).toEqual(shape(forged[1]!));
    // The same signed cancel twice on each gateway: the second is a replay.
    const payload = ExchangeHarness.signedPayload({ symbol: 'BTCUSDT', orderId: '999999998' }, alice.key);
    const twice = async () =>
      Promise.all(
        [lean, nest].map((gateway) =>
          harness.sendSigned('DELETE', 'order', payload, alice.key.apiKey, gateway.base, { Origin: ORIGIN }),
        ),
      );
    await twice();
    const replay = await twice();
    expect(replay[0]!.body).toMatchObject({ code: -1022 });
    expect(shape(replay[0]!)).toEqual(shape(replay[1]!));
  });

  it('amends an order down (PUT /api/v3/order/amend/keepPriority) and refuses an amend up, as the Nest route does', async () => {
    const owns = await restingPair({ quantity: '0.02' });
    const amend = (newQty: string) => (own: { orderId: string }) => ({ symbol: 'BTCUSDT', ...own, newQty });
    const down = await onOwn('PUT', 'order/amend/keepPriority', amend('0.01'), owns);
    expect(down.mine.status).toBe(200);
    expect(Number((down.mine.body as { amendedOrder: { qty: string } }).amendedOrder.qty)).toBe(0.01);
    expect(shape(down.mine)).toEqual(shape(down.theirs));
    const up = await onOwn('PUT', 'order/amend/keepPriority', amend('0.05'), owns);
    expect(up.mine.status).toBe(400);
    expect(shape(up.mine)).toEqual(shape(up.theirs));
    await onOwn('DELETE', 'order', (own) => ({ symbol: 'BTCUSDT', ...own }), owns);
  });

  it('cancels every open order of a symbol (DELETE /api/v3/openOrders) as the Nest route does, then -2011 when none', async () => {
    const bob = await harness.trader('bob-lean@example.com');
    await harness.faucet(bob, 'USDT', '1000');
    // Bob's orders on one gateway at a time, so that each cancel-all finds the orders of its own gateway only.
    const cancelled: HttpAnswer[] = [];
    for (const gateway of [lean, nest]) {
      for (const price of ['900', '800']) {
        const placed = await harness.sendSigned(
          'POST',
          'order',
          ExchangeHarness.signedPayload(order({ price, newOrderRespType: 'RESULT' }), bob.key),
          bob.key.apiKey,
          gateway.base,
        );
        expect(placed.status).toBe(200);
      }
      const all = await harness.sendSigned(
        'DELETE',
        'openOrders',
        ExchangeHarness.signedPayload({ symbol: 'BTCUSDT' }, bob.key),
        bob.key.apiKey,
        gateway.base,
        { Origin: ORIGIN },
      );
      expect(all.status).toBe(200);
      expect(all.body).toHaveLength(2);
      cancelled.push(all);
      // Gone in the engine before the next gateway's orders, which its cancel-all must find alone.
      await eventually(
        () =>
          harness.sendSigned(
            'GET',
            'openOrders',
            ExchangeHarness.signedPayload({ symbol: 'BTCUSDT' }, bob.key),
            bob.key.apiKey,
            gateway.base,
          ),
        (open) => Array.isArray(open.body) && open.body.length === 0,
      );
    }
    expect(shape(cancelled[0]!)).toEqual(shape(cancelled[1]!));
    const none = await onOwn(
      'DELETE',
      'openOrders',
      () => ({ symbol: 'BTCUSDT' }),
      { lean: { orderId: '' }, nest: { orderId: '' } },
      bob.key,
    );
    expect(none.mine.body).toMatchObject({ code: -2011 });
    expect(shape(none.mine)).toEqual(shape(none.theirs));
  });

  it('logs each cancel and times it in the histogram under its method and route, as the Nest route does', async () => {
    const line = async (gateway: Gateway, requestId: string) => {
      const res = await harness.sendSigned(
        'DELETE',
        'order',
        ExchangeHarness.signedPayload({ symbol: 'BTCUSDT', orderId: '999999997' }, alice.key),
        alice.key.apiKey,
        gateway.base,
        { 'x-request-id': requestId },
      );
      expect(res.status).toBe(400);
      return gateway.process.waitForLog((l) => l.requestId === requestId && l.msg === 'request completed');
    };
    const [mine, theirs] = [await line(lean, 'lean-cancel-1'), await line(nest, 'nest-cancel-1')];
    expect(logFields(mine)).toEqual(logFields(theirs));
    expect(mine).toMatchObject({ userId: alice.userId, req: { method: 'DELETE' }, res: { statusCode: 400 } });
    const histogram = (base: string) => histogramCounts(base, 'method="DELETE"');
    expect(await histogram(lean.base)).toEqual(await histogram(nest.base));
    expect(await histogram(lean.base)).toContain(
      'http_request_duration_seconds_count{service="gateway",method="DELETE",route="/api/v3/order",status_code="400"}',
    );
  });
});
