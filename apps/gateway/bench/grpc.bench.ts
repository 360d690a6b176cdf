/**
 * gRPC partner API benchmark: signed unary PlaceOrder calls per second (ACK: the wallet has held the funds and
 * queued the command; RESULT: the engine has answered too), PlaceOrders calls of `--batch-size` ACK orders each
 * (orders per second, the call's latency, which is each of its orders' order-to-ack), and server-stream messages per
 * second (StreamTrades fan-out of `md.<market>.trade` facts to several streams, latency from publish to receipt).
 * The ACK phases also give the CPU per order of every process on the path (`pathCpuSampler`), this process (the
 * client) included. Runs the five services as real processes on a scratch run prefix (the gateway's integration
 * harness) and removes everything after.
 *
 *   npm run bench:grpc -- [--orders 2000] [--result-orders 300] [--concurrency 16] [--batch-orders 20000]
 *                         [--batch-size 50] [--batch-concurrency 4] [--streams 4] [--messages 40000] [--cpu-prof <dir>]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import {
  type Client,
  credentials,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { connect } from 'nats';

import { mdTradeSubject } from '@exchange/shared-contracts';
import {
  GRPC_LOADER_OPTIONS,
  GRPC_PROTO_FILES,
  type MarketDataProto,
  signedCallMetadata,
  type TradingProto,
} from '@exchange/shared-contracts-grpc';
import { NatsNames } from '@exchange/shared-data-access-nats';
import {
  type CallRate,
  cpuOrZero,
  cpuProfileEnv,
  measureCalls,
  pathCpuSampler,
  percentile,
} from '@exchange/shared-util-testing';

import { ExchangeHarness } from '../test/integration/exchange-harness';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    'result-orders': { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '16' },
    // Orders placed through PlaceOrders, `--batch-size` per call, `--batch-concurrency` calls in flight.
    'batch-orders': { type: 'string', default: '20000' },
    'batch-size': { type: 'string', default: '50' },
    'batch-concurrency': { type: 'string', default: '4' },
    // A directory for the gateway's V8 CPU profile (tools/bench/cpu-profile.cjs, written when the gateway stops).
    'cpu-prof': { type: 'string' },
    streams: { type: 'string', default: '4' },
    messages: { type: 'string', default: '40000' },
  },
});
const ORDERS = Number(values.orders);
const RESULT_ORDERS = Number(values['result-orders']);
const CONCURRENCY = Number(values.concurrency);
const BATCH_ORDERS = Number(values['batch-orders']);
const BATCH_SIZE = Number(values['batch-size']);
const BATCH_CONCURRENCY = Number(values['batch-concurrency']);
const STREAMS = Number(values.streams);
const MESSAGES = Number(values.messages);

type AnyClient = Client & Record<string, (...args: unknown[]) => unknown>;

const line = (name: string, r: { perSecond: number; p50: number; p99: number }) =>
  `${name.padEnd(40)} ${r.perSecond.toFixed(0).padStart(7)}/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms`;

async function main(): Promise<void> {
  const harness = new ExchangeHarness({
    ORDER_LIMIT_PER_10S: '100000000',
    ORDER_LIMIT_PER_DAY: '100000000',
    RATE_LIMIT_WEIGHT_PER_MINUTE: '100000000',
    ...(values['cpu-prof'] && cpuProfileEnv(values['cpu-prof'])),
  });
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  // Ctrl-C still removes the run's processes, databases, streams and keys.
  process.once('SIGINT', () => void harness.stop().finally(() => process.exit(130)));
  try {
    await harness.start();
    const trader = await harness.trader('bench@example.com');
    await harness.faucet(trader, 'USDT', '100000000');
    const proto = loadPackageDefinition(
      loadSync([...GRPC_PROTO_FILES], {
        ...GRPC_LOADER_OPTIONS,
        includeDirs: [...GRPC_LOADER_OPTIONS.includeDirs],
      }),
    ) as unknown as TradingProto & MarketDataProto;
    const insecure = credentials.createInsecure();
    const trading = new proto.exchange.trading.v1.TradingService(
      harness.grpc,
      insecure,
    ) as unknown as AnyClient;
    const market = new proto.exchange.marketdata.v1.MarketDataService(
      harness.grpc,
      insecure,
    ) as unknown as AnyClient;
    const signed = <T>(method: string, request: object) => {
      const definition = (trading.constructor as ServiceClientConstructor).service[method]!;
      const metadata = new Metadata();
      const entries = signedCallMetadata(trader.key, definition.path, definition.requestSerialize(request));
      for (const [name, value] of Object.entries(entries)) metadata.set(name, value);
      return new Promise<T>((resolve, reject) =>
        trading[method]!(request, metadata, (error: ServiceError | null, response: T) =>
          error ? reject(error) : resolve(response),
        ),
      );
    };
    const place = (request: object) => signed('PlaceOrder', request);
    const placeAll = async (orders: object[]) => {
      const { results } = await signed<{ results: { outcome: string; error?: { message: string } }[] }>(
        'PlaceOrders',
        { orders },
      );
      const refused = results.find((r) => r.outcome !== 'order');
      if (refused || results.length !== orders.length) {
        throw new Error(`PlaceOrders: ${refused?.error?.message ?? `${results.length} results`}`);
      }
    };
    // The CPU per order of this process (the client), the gateway and every process behind it, over one phase.
    const gatewayPid = harness.process('gateway').child.pid!;
    const others = pathCpuSampler(harness);
    const withCpu = async (orders: number, run: () => Promise<CallRate>) => {
      const before = { gateway: cpuOrZero(gatewayPid), client: process.cpuUsage(), others: others() };
      const rate = await run();
      const client = process.cpuUsage(before.client);
      const after = others();
      const perOrder = {
        gateway: (cpuOrZero(gatewayPid) - before.gateway) / orders,
        client: (client.user + client.system) / orders,
        ...Object.fromEntries(
          Object.entries(after).map(([name, us]) => [name, (us - before.others[name]!) / orders]),
        ),
      };
      const all = Object.values(perOrder).reduce((a, b) => a + b, 0);
      return {
        rate,
        cpu: `${Object.entries(perOrder)
          .map(([name, us]) => `${name} ${us.toFixed(0)}`)
          .join(', ')}; all ${all.toFixed(0)} µs`,
      };
    };
    const order = (i: number, responseType: string) => ({
      symbol: 'BTCUSDT',
      side: 'SIDE_BUY',
      type: 'ORDER_TYPE_LIMIT',
      timeInForce: 'TIME_IN_FORCE_GTC',
      quantity: '0.001',
      // Resting bids below any ask: every order is booked, none trades.
      price: String(10_000 + (i % 5_000)),
      responseType,
    });

    process.stdout.write(
      `gRPC partner API on ${cpus().length} cores, ${new Date().toISOString()}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
    await measureCalls(100, CONCURRENCY, (i) => place(order(i, 'RESPONSE_TYPE_ACK'))); // warm-up
    const ack = await withCpu(ORDERS, () =>
      measureCalls(ORDERS, CONCURRENCY, (i) => place(order(i, 'RESPONSE_TYPE_ACK'))),
    );
    process.stdout.write(`${line(`PlaceOrder ACK (${ORDERS}, ${CONCURRENCY} in flight)`, ack.rate)}\n`);
    process.stdout.write(`  CPU per order: ${ack.cpu}\n`);
    if (BATCH_ORDERS > 0) {
      // Each call's orders are consecutive bids (none trades); its latency is each of its orders' order-to-ack.
      const calls = Math.ceil(BATCH_ORDERS / BATCH_SIZE);
      const batch = (k: number) =>
        placeAll(
          Array.from({ length: BATCH_SIZE }, (_, j) => order(k * BATCH_SIZE + j, 'RESPONSE_TYPE_ACK')),
        );
      await measureCalls(10, BATCH_CONCURRENCY, (k) => batch(k + 1_000_000)); // warm-up
      const batched = await withCpu(calls * BATCH_SIZE, () => measureCalls(calls, BATCH_CONCURRENCY, batch));
      process.stdout.write(
        `${line(
          `PlaceOrders ×${BATCH_SIZE} ACK (${calls * BATCH_SIZE}, ${BATCH_CONCURRENCY} calls in flight)`,
          {
            ...batched.rate,
            perSecond: batched.rate.perSecond * BATCH_SIZE,
          },
        )}   (orders/s; latency per call)\n`,
      );
      process.stdout.write(`  CPU per order: ${batched.cpu}\n`);
    }
    const result = await measureCalls(RESULT_ORDERS, CONCURRENCY, (i) =>
      place(order(i, 'RESPONSE_TYPE_RESULT')),
    );
    process.stdout.write(
      `${line(`PlaceOrder RESULT (${RESULT_ORDERS}, ${CONCURRENCY} in flight)`, result)}\n`,
    );

    // REST's POST /api/v3/order (ACK) for comparison: the same order path behind another transport.
    const rest = await measureCalls(ORDERS, CONCURRENCY, async (i) => {
      const o = order(i, 'RESPONSE_TYPE_ACK');
      const res = await harness.signed(
        'POST',
        'order',
        {
          symbol: o.symbol,
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: o.quantity,
          price: o.price,
          newOrderRespType: 'ACK',
        },
        trader.key,
      );
      if (res.status !== 200) throw new Error(`REST order: ${res.status} ${JSON.stringify(res.body)}`);
    });
    process.stdout.write(`${line(`REST POST /api/v3/order ACK (same)`, rest)}\n`);

    // Streams: STREAMS readers of StreamTrades; trade facts published as market-data publishes them, at the pace
    // the readers keep up with (at most WINDOW unread per stream, well inside GRPC_STREAM_BUFFER).
    const WINDOW = 400;
    const latencies: number[] = [];
    const counts = new Array<number>(STREAMS).fill(0);
    let closed = 0;
    let lastAt = 0;
    const streams = Array.from({ length: STREAMS }, (_, k) => {
      const stream = market['StreamTrades']!({ symbol: 'BTCUSDT' }) as NodeJS.ReadableStream & {
        cancel(): void;
      };
      stream.on('data', (m: { eventTimeMs: string }) => {
        counts[k]!++;
        lastAt = Date.now();
        latencies.push(lastAt - Number(m.eventTimeMs));
      });
      stream.on('error', (error: ServiceError) => {
        if (error.code !== 1) closed++; // 1: CANCELLED, ours at the end
      });
      return stream;
    });
    const subscribed = async () => {
      const text = await (await fetch(`${harness.base}/metrics`)).text();
      const found = text.split('\n').find((l) => l.startsWith('grpc_server_active_streams'));
      return found ? Number(found.slice(found.lastIndexOf(' ') + 1)) : 0;
    };
    for (let i = 0; i < 300 && (await subscribed()) < STREAMS; i++)
      await new Promise((r) => setTimeout(r, 100));
    const subject = new NatsNames(harness.run).subject(mdTradeSubject('BTC-USDT'));
    const slowest = () => Math.min(...counts);
    const started = Date.now();
    for (let i = 0; i < MESSAGES; i++) {
      if (i % 100 === 0) {
        await nc.flush();
        for (let waited = 0; slowest() < i - WINDOW && waited < 30_000; waited += 5) {
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      const now = Date.now();
      nc.publish(
        subject,
        JSON.stringify({
          market: 'BTC-USDT',
          symbol: 'BTCUSDT',
          E: now,
          t: i,
          p: '30000.00',
          q: '0.001000',
          T: now,
          m: false,
        }),
      );
    }
    await nc.flush();
    for (let waited = 0; slowest() < MESSAGES && waited < 30_000; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const s of streams) s.cancel();
    latencies.sort((a, b) => a - b);
    const received = counts.reduce((a, b) => a + b, 0);
    process.stdout.write(
      `${line(`StreamTrades (${STREAMS} streams, ${MESSAGES} facts)`, {
        perSecond: received / ((lastAt - started) / 1000),
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
      })}   received ${received}/${MESSAGES * STREAMS}, slow-consumer closes ${closed}\n`,
    );
    trading.close();
    market.close();
  } finally {
    await nc.close();
    await harness.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
