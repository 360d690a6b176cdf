import { eventually, ExchangeHarness, type Trader } from './exchange-harness';
import { PrometheusServer } from './prometheus-server';
import { StreamClient } from './streams.harness';

jest.setTimeout(180_000);

// The whole exchange as real processes, scraped every second by a real Prometheus while orders flow.
const harness = new ExchangeHarness();
const prometheus = new PrometheusServer();
let maker: Trader;
let taker: Trader;
let limited: string;

beforeAll(async () => {
  await harness.start();
  [maker, taker] = await Promise.all([
    harness.trader('prom-maker@example.com'),
    harness.trader('prom-taker@example.com'),
  ]);
  await harness.faucet(maker, 'BTC', '10');
  await harness.faucet(taker, 'USDT', '100000');
  // A second gateway pod with a tiny request-weight budget, to see refusals counted.
  limited = await harness.startGateway({ RATE_LIMIT_WEIGHT_PER_MINUTE: '2' });
  await prometheus.start(harness.listening.map(({ app, port }) => ({ service: app, port })));
}, 240_000);

afterAll(async () => {
  await prometheus.stop();
  await harness.stop();
}, 60_000);

/** The scrape targets: every service, the gateway twice (two pods). */
const SERVICES = ['gateway', 'gateway', 'market-data', 'matching', 'users', 'wallet'];

/** A resting sell and a buy that takes it: one trade on BTC-USDT. */
async function trade(): Promise<void> {
  const params = { symbol: 'BTCUSDT', type: 'LIMIT', quantity: '0.01', price: '30000' };
  const sell = await harness.signed(
    'POST',
    'order',
    { ...params, side: 'SELL', timeInForce: 'GTC' },
    maker.key,
  );
  expect(sell.status).toBe(200);
  const buy = await harness.signed(
    'POST',
    'order',
    { ...params, side: 'BUY', timeInForce: 'IOC' },
    taker.key,
  );
  expect(buy.status).toBe(200);
}

/** The key series of the exchange, as the dashboards and alerts read them (one number each). */
const KEY_COUNTERS = {
  ordersAccepted:
    'sum(nats_server_handled_total{service="wallet", subject=~".*wallet\\\\.cmd\\\\.submit-order\\\\.v1", code="OK"})',
  orderRequests:
    'sum(http_request_duration_seconds_count{service="gateway", route="/api/v3/order", method="POST"})',
  commandsApplied: 'sum(matching_commands_total{market="BTC-USDT"})',
  eventsAppended: 'sum(matching_events_total{market="BTC-USDT"})',
  commandToEvent: 'sum(matching_command_to_event_seconds_count{market="BTC-USDT"})',
  tradesSettled: 'sum(wallet_settled_trades_total{market="BTC-USDT"})',
  baseVolumeSettled: 'sum(wallet_settled_volume_total{market="BTC-USDT", asset="BTC"})',
  quoteVolumeSettled: 'sum(wallet_settled_volume_total{market="BTC-USDT", asset="USDT"})',
  settlementLag: 'sum(wallet_settlement_lag_seconds_count{market="BTC-USDT"})',
};

async function counters(): Promise<Record<keyof typeof KEY_COUNTERS, number>> {
  const entries = await Promise.all(
    Object.entries(KEY_COUNTERS).map(
      async ([key, promql]) => [key, (await prometheus.value(promql)) ?? 0] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<keyof typeof KEY_COUNTERS, number>;
}

describe('Prometheus scraping the running services', () => {
  it('scrapes every service', async () => {
    const up = await eventually(
      () => prometheus.query('up'),
      (samples) => samples.length === SERVICES.length && samples.every((s) => s.value === 1),
    );
    expect(up.map((s) => [s.metric.service, s.value]).sort()).toEqual(SERVICES.map((s) => [s, 1]));
  });

  it('sees orders, trades, matching latency and settlement lag move while orders flow', async () => {
    await trade();
    // Each service is scraped on its own schedule: wait until every series has seen the first trade.
    const before = await eventually(counters, (c) => Object.values(c).every((v) => v > 0));
    for (const [name, value] of Object.entries(before))
      expect({ name, positive: value > 0 }).toEqual({ name, positive: true });

    await trade();
    await trade();
    const after = await eventually(counters, (c) =>
      (Object.keys(KEY_COUNTERS) as (keyof typeof KEY_COUNTERS)[]).every((key) => c[key] > before[key]),
    );
    for (const key of Object.keys(KEY_COUNTERS) as (keyof typeof KEY_COUNTERS)[])
      expect({ key, moved: after[key] > before[key] }).toEqual({ key, moved: true });

    // Latency histograms give quantiles the dashboards plot.
    const p99 = await prometheus.value(
      'histogram_quantile(0.99, sum by (le) (matching_command_to_event_seconds_bucket{market="BTC-USDT"}))',
    );
    expect(p99).toBeGreaterThan(0);
  });

  it('counts refused orders by the code the wallet answered', async () => {
    const refused = await harness.signed(
      'POST',
      'order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '100', price: '30000' },
      taker.key,
    );
    expect(refused.status).toBe(400);
    const samples = await eventually(
      () =>
        prometheus.query(
          'sum by (code) (nats_server_handled_total{service="wallet", subject=~".*submit-order.*", code!="OK"})',
        ),
      (s) => s.length > 0,
    );
    expect(samples.map((s) => s.metric.code)).toEqual([expect.stringMatching(/\S/)]);
    expect(samples[0]!.value).toBeGreaterThanOrEqual(1);
  });

  it('reports consumer pending, the outbox and client pools', async () => {
    const exists = async (promql: string) =>
      (
        await eventually(
          () => prometheus.query(promql),
          (s) => s.length > 0,
        )
      ).map((s) => s.value);
    expect(await exists('matching_consumer_pending_commands{market="BTC-USDT"}')).toEqual([
      expect.any(Number),
    ]);
    expect(await exists('wallet_settlement_consumer_pending')).toEqual([expect.any(Number)]);
    expect(await exists('wallet_outbox_unsent')).toEqual([0]);
    expect(await exists('wallet_outbox_lag_seconds')).toEqual([0]);
    // Every service's NATS connection is up; the database pools hold connections; Redis clients are ready.
    const nats = await exists('nats_client_connected');
    expect(nats).toEqual(SERVICES.map(() => 1));
    // Idle pool connections close after a while: the gauges are there for each service with a database.
    const pools = await prometheus.query('pg_pool_connections');
    expect([...new Set(pools.map((s) => `${s.metric.service}:${s.metric.state}`))].sort()).toEqual(
      ['market-data', 'matching', 'users', 'wallet'].flatMap((svc) =>
        ['idle', 'total', 'waiting'].map((state) => `${svc}:${state}`),
      ),
    );
    expect(await exists('sum(pg_pool_errors_total)')).toEqual([0]);
    const redis = await prometheus.query('redis_client_connected');
    expect(redis.map((s) => [s.metric.service, s.value]).sort()).toEqual([
      ['gateway', 1],
      ['gateway', 1],
      ['market-data', 1],
      ['users', 1],
    ]);
  });

  it('counts rate-limit refusals', async () => {
    let refused = 0;
    for (let i = 0; i < 5; i++)
      if ((await harness.http('GET', '/api/v3/ping', {}, limited)).status === 429) refused++;
    expect(refused).toBeGreaterThan(0);
    const counted = await eventually(
      () => prometheus.value('sum(gateway_rate_limit_refusals_total{limit="request_weight"})'),
      (v) => v === refused,
    );
    expect(counted).toBe(refused);
  });

  it('follows WebSocket connections as they open and close', async () => {
    const client = await StreamClient.open(`${harness.base.replace(/^http/, 'ws')}/ws/btcusdt@trade`);
    try {
      await eventually(
        () => prometheus.value('sum(ws_connections{service="gateway"})'),
        (v) => v === 1,
      );
    } finally {
      await client.close();
    }
    expect(
      await eventually(
        () => prometheus.value('sum(ws_connections{service="gateway"})'),
        (v) => v === 0,
      ),
    ).toBe(0);
    expect(await prometheus.value('max_over_time(sum(ws_connections{service="gateway"})[5m:1s])')).toBe(1);
  });
});
