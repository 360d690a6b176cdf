import { randomBytes } from 'node:crypto';

import { eventually, ExchangeHarness, type Trader } from './exchange-harness';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

jest.setTimeout(120_000);

// Every service exports its spans over OTLP/HTTP to the receiver this test runs, in small quick batches.
const receiver = new OtlpReceiver();
let harness: ExchangeHarness;
let alice: Trader;
let bob: Trader;

beforeAll(async () => {
  await receiver.start();
  harness = new ExchangeHarness(
    {},
    { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' },
  );
  await harness.start();
  [alice, bob] = await Promise.all([
    harness.trader('trace-alice@example.com'),
    harness.trader('trace-bob@example.com'),
  ]);
  await harness.faucet(alice, 'USDT', '100000');
  await harness.faucet(bob, 'BTC', '10');
}, 180_000);

afterAll(async () => {
  await harness?.stop();
  await receiver.stop();
}, 60_000);

/** Places a signed order with a caller-chosen `traceparent`; the trace id the exchange must continue. */
async function placeTraced(trader: Trader, params: Record<string, string>): Promise<string> {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const res = await harness.sendSigned(
    'POST',
    'order',
    ExchangeHarness.signedPayload(params, trader.key),
    trader.key.apiKey,
    harness.base,
    { traceparent: `00-${traceId}-${callerSpanId}-01` },
  );
  expect(res.status).toBe(200);
  return traceId;
}

function parentOf(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan | undefined {
  return spans.find((s) => s.spanId === span.parentSpanId);
}

/** The span, then its parent, and so on up to the trace's root (as far as the trace's spans go). */
function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  for (let parent = parentOf(spans, span); parent; parent = parentOf(spans, parent)) chain.push(parent);
  return chain;
}

const has = (service: string, name: RegExp) => (s: ReceivedSpan) =>
  s.service === service && name.test(s.name);

/** Whether the span's ancestry ends at the gateway's HTTP span (every span between has been exported). */
function reachesGateway(spans: ReceivedSpan[], span: ReceivedSpan | undefined): boolean {
  if (!span) return false;
  const chain = ancestry(spans, span);
  return has('gateway', /^POST \/api\/v3\/order$/)(chain[chain.length - 1]!);
}

describe('one order is one trace', () => {
  it('from the gateway through wallet intake, the command on JetStream, matching, settlement and market data', async () => {
    const traceId = await placeTraced(alice, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.5',
      price: '30000',
    });
    const spans = await eventually(
      async () => receiver.trace(traceId),
      // Each service exports on its own schedule: wait until the whole chain has arrived.
      (found) =>
        reachesGateway(found, found.find(has('wallet', /settle/))) &&
        reachesGateway(found, found.find(has('market-data', /evt process/))),
    );
    const services = new Set(spans.map((s) => s.service));
    expect([...services].sort()).toEqual(
      expect.arrayContaining(['gateway', 'market-data', 'matching', 'wallet']),
    );

    // The gateway's server span continues the caller's traceparent.
    const http = spans.find(has('gateway', /^POST \/api\/v3\/order$/))!;
    expect(http.kind).toBe(2); // SERVER
    expect(parentOf(spans, http)).toBeUndefined(); // its parent is the caller's span, outside the exchange

    // Settlement hangs, header by header, under the HTTP request: evt message <- matching batch <- command
    // publish (relayed from the outbox) <- wallet intake handler <- the gateway's request.
    const settle = spans.find(has('wallet', /settle/))!;
    const chain = ancestry(spans, settle);
    const steps = chain.map((s) => `${s.service}:${s.name.replace(/^t_gw_\w+?\./, '')}`);
    expect(chain[chain.length - 1]).toBe(http);
    const matching = chain.find(has('matching', /^evt\.BTC-USDT publish$/));
    const publish = chain.find(has('wallet', /^cmd\.BTC-USDT publish$/));
    const intake = chain.find((s) => s.service === 'wallet' && / process$/.test(s.name));
    expect({ steps, matching, publish, intake }).toEqual({
      steps,
      matching: expect.anything(),
      publish: expect.anything(),
      intake: expect.anything(),
    });
    expect(chain.indexOf(matching!)).toBeLessThan(chain.indexOf(publish!));
    expect(chain.indexOf(publish!)).toBeLessThan(chain.indexOf(intake!));

    // Market data consumed the same event message.
    const md = spans.find(has('market-data', /evt process/))!;
    expect(ancestry(spans, md)).toContain(matching);
  });

  it("a trade is settled in the taker's trace", async () => {
    const makerTrace = await placeTraced(bob, {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '31000',
    });
    const takerTrace = await placeTraced(alice, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'IOC',
      quantity: '0.1',
      price: '31000',
    });
    const spans = await eventually(
      async () => [...receiver.trace(makerTrace), ...receiver.trace(takerTrace)],
      (found) =>
        reachesGateway(
          found.filter((s) => s.traceId === takerTrace),
          found.find((s) => s.traceId === takerTrace && has('wallet', /settle/)(s)),
        ),
    );
    const taker = spans.filter((s) => s.traceId === takerTrace);
    const settle = taker.find(has('wallet', /settle/))!;
    expect(ancestry(taker, settle).map((s) => s.service)).toEqual(
      expect.arrayContaining(['wallet', 'matching', 'gateway']),
    );
  });
});
