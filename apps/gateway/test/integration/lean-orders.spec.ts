import { type ServiceProcess } from '@exchange/shared-util-testing';

import { eventually, ExchangeHarness, type HttpAnswer, type Trader } from './exchange-harness';

jest.setTimeout(120_000);

/**
 * The lean order route (`http/lean-orders.ts`) against the Nest route over the real services: the harness's gateway
 * takes `POST /api/v3/order` before Express, a second one (HTTP_LEAN_ORDERS=false, its own Redis key prefix so that
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

/** What must match between the two routes: status, body (ids and times as their types), headers. */
function shape(answer: HttpAnswer) {
  const body = answer.body as Record<string, unknown>;
  const normalised =
    answer.status === 200
      ? Object.fromEntries(
          Object.entries(body).map(([key, value]) =>
            ['orderId', 'clientOrderId'].includes(key) || key.endsWith('Time')
              ? [key, typeof value]
              : [key, value],
          ),
        )
      : body;
  return {
    status: answer.status,
    body: normalised,
    headers: Object.fromEntries(
      HEADERS.map((name) => [
        name,
        // Counts in fixed windows on Redis's clock: two calls sent together can fall on either side of a window's
        // end (most often the 10 s one under load), so their values are compared as counts, not equal numbers.
        WINDOW_COUNTS.includes(name)
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

describe('POST /api/v3/order on the lean route', () => {
  it('is taken by the lean route only where it is on', async () => {
    const routes = (gateway: Gateway) => gateway.process.logs.find((line) => line.msg === 'lean HTTP routes');
    expect(routes(lean)).toMatchObject({ orders: '/api/v3/order' });
    expect(routes(nest)).toMatchObject({ orders: null });
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
    expect(Number(last!.mine.headers.get('retry-after'))).toBeGreaterThan(0);
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
    const [refused] = answers[2]!;
    expect(refused!.status).toBe(429);
    expect(refused!.body).toMatchObject({ code: -1003 });
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
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
    const fields = (l: Record<string, unknown>) => ({
      ...l,
      time: typeof l.time,
      pid: typeof l.pid,
      hostname: typeof l.hostname,
      traceId: typeof l.traceId,
      spanId: typeof l.spanId,
      responseTimeMs: typeof l.responseTimeMs,
      requestId: typeof l.requestId,
    });
    const [mine, theirs] = [await line(lean, 'lean-order-1'), await line(nest, 'nest-order-1')];
    expect(fields(mine)).toEqual(fields(theirs));
    expect(mine).toMatchObject({
      userId: alice.userId,
      req: { method: 'POST', url: '/api/v3/order' },
      res: { statusCode: 200 },
    });
    const histogram = async (base: string) =>
      (await (await fetch(`${base}/metrics`)).text())
        .split('\n')
        .filter(
          (l) => l.startsWith('http_request_duration_seconds_count{') && l.includes('route="/api/v3/order"'),
        )
        .map((l) => l.slice(0, l.lastIndexOf(' ')))
        .sort();
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
