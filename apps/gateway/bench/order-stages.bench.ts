/**
 * The gateway's CPU per order, stage by stage, each measured alone in this process with `process.cpuUsage()`
 * (user + system): parameter parsing, the signature (HMAC-SHA256 with the secret as a string and as a cached
 * `KeyObject`), the timestamp check, `parseNewOrder`, the wallet reply's zod check, the replay record's `SET NX`
 * (awaited one by one, and 16 at once in one pipeline), a NATS request through Nest's `ClientNats` (the
 * responder is a child process, so its CPU is not counted), the `request completed` log line (pino, to standard
 * output: run it with `| cat > /dev/null` so that the line goes to a pipe as under the harness), the server span,
 * the histogram. docs/benchmarks.md, "Gateway REST", has the figures.
 *
 *   node tools/run.cjs apps/gateway/bench/order-stages.bench.ts 2>&1 | cat   # figures on standard error
 */
import { fork } from 'node:child_process';
import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

import { ClientNats } from '@nestjs/microservices';
import { SpanKind, trace } from '@opentelemetry/api';
import Redis from 'ioredis';
import { Histogram, Registry } from 'prom-client';

import { submitOrderReplySchema } from '@exchange/shared-contracts';
import { NATS_HOT_PATH_OPTIONS, TracingNatsRecordSerializer } from '@exchange/shared-data-access-nats';
import { createMarketScale } from '@exchange/shared-domain-money';
import { startTracing } from '@exchange/shared-feature-runtime';
import { createLogger } from '@exchange/shared-util-logging';

import { assertFreshTimestamp, signedPayloadOf } from '../src/auth/request-signature';
import { RequestParams } from '../src/auth/request-params';
import { ReplyInbox } from '../src/services/reply-inbox';
import { type TradingMarket } from '../src/trading/market-catalog.repository';
import { NEW_ORDER_PARAMS, parseNewOrder, symbolParam } from '../src/trading/order-params.parser';

const N = Number(process.env.STAGE_CALLS ?? 20_000);
const SECRET = 'a'.repeat(64);
const report = (name: string, us: number) => process.stderr.write(`| ${name} | ${us.toFixed(1)} µs |\n`);

function cpuOf(name: string, n: number, fn: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 2_000); i++) fn(i); // warm-up
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) fn(i);
  const used = process.cpuUsage(before);
  report(name, (used.user + used.system) / n);
}

async function cpuOfAsync(name: string, n: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await fn(i);
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn(i);
  const used = process.cpuUsage(before);
  report(name, (used.user + used.system) / n);
}

const form = (i: number) => {
  const query = `symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=${10_000 + (i % 5_000)}&newOrderRespType=ACK&timestamp=${Date.now()}&recvWindow=5000`;
  return `${query}&signature=${createHmac('sha256', SECRET).update(query).digest('hex')}`;
};

async function main(): Promise<void> {
  startTracing({ service: 'gateway', env: {} });
  const bodies = Array.from({ length: 1_000 }, (_, i) => form(i));
  const request = (i: number) => ({
    method: 'POST',
    originalUrl: '/api/v3/order',
    socket: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: Buffer.from(bodies[i % bodies.length]!),
  });
  const requests = bodies.map((_, i) => request(i));
  process.stderr.write(`| stage | CPU per order |\n| --- | --- |\n`);

  cpuOf('form body parsed (`RequestParams`, URLSearchParams)', N, (i) => {
    RequestParams.of({ ...requests[i % requests.length]! });
  });
  const params = requests.map((r) => RequestParams.of(r));
  cpuOf('timestamp and recvWindow checked', N, (i) => assertFreshTimestamp(params[i % 1_000]!, Date.now()));
  const payloads = params.map((p) => signedPayloadOf(p.rawQuery, p.rawForm));
  cpuOf('signature split out (`signedPayloadOf`)', N, (i) =>
    signedPayloadOf(params[i % 1_000]!.rawQuery, params[i % 1_000]!.rawForm),
  );
  cpuOf('HMAC-SHA256 verified, secret as a string', N, (i) => {
    const { signed, signature } = payloads[i % 1_000]!;
    /^[0-9a-fA-F]{64}$/.test(signature);
    timingSafeEqual(createHmac('sha256', SECRET).update(signed).digest(), Buffer.from(signature, 'hex'));
  });
  const key = createSecretKey(Buffer.from(SECRET));
  cpuOf('HMAC-SHA256 verified, cached KeyObject', N, (i) => {
    const { signed, signature } = payloads[i % 1_000]!;
    /^[0-9a-fA-F]{64}$/.test(signature);
    timingSafeEqual(createHmac('sha256', key).update(signed).digest(), Buffer.from(signature, 'hex'));
  });
  cpuOf('replay key: SHA-256 of the signature', N, (i) =>
    createHash('sha256')
      .update(payloads[i % 1_000]!.signature)
      .digest('base64url'),
  );

  const scale = createMarketScale({
    base: { code: 'BTC', decimals: 8 },
    quote: { code: 'USDT', decimals: 8 },
    tickSize: '0.01',
    stepSize: '0.00001',
  });
  if (!scale.ok) throw new Error(scale.message);
  const market = {
    binanceSymbol: 'BTCUSDT',
    market: { symbol: 'BTC-USDT', minQty: '0.00001', minNotional: '1' },
    scale: scale.value,
  } as TradingMarket;
  cpuOf('allowOnly + symbolParam + parseNewOrder', N, (i) => {
    const p = params[i % 1_000]!;
    p.allowOnly(NEW_ORDER_PARAMS);
    symbolParam(p);
    parseNewOrder(p, market);
  });

  const view = {
    orderNo: '12345',
    orderId: '0190f5d2-3c1e-7a3b-9c7d-123456789abc',
    clientOrderId: 'x-abcdefabcdef0123',
    symbol: 'BTC-USDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '10000.00',
    origQty: '0.00100',
    executedQty: '0.00000',
    cummulativeQuoteQty: '0.000000',
    origQuoteOrderQty: '0.000000',
    status: 'PENDING_NEW',
    time: Date.now(),
    updateTime: Date.now(),
    isWorking: true,
    workingTime: Date.now(),
  };
  const reply = {
    orderId: view.orderId,
    orderNo: view.orderNo,
    clientOrderId: view.clientOrderId,
    symbol: 'BTC-USDT',
    status: 'PENDING',
    hold: { asset: 'USDT', amount: '10.000000', units: '10000000' },
    duplicate: false,
    order: view,
  };
  const parsed = submitOrderReplySchema.safeParse(reply);
  if (!parsed.success) throw new Error(parsed.error.message);
  cpuOf('wallet reply checked with zod (`submitOrderReplySchema`)', N, () =>
    submitOrderReplySchema.safeParse(reply),
  );
  const text = JSON.stringify({ id: 'x', response: reply, isDisposed: true });
  cpuOf('wallet reply JSON.parse (NATS message)', N, () => JSON.parse(text));

  const tracer = trace.getTracer('stages');
  cpuOf('server span started and ended (no exporter)', N, () => {
    const span = tracer.startSpan('POST /api/v3/order', {
      kind: SpanKind.SERVER,
      attributes: { 'url.path': '/api/v3/order' },
    });
    span.setAttribute('http.response.status_code', 200);
    span.end();
  });
  const histogram = new Histogram({
    name: 'h',
    help: 'h',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [new Registry()],
  });
  cpuOf('HTTP histogram timed', N, () =>
    histogram.startTimer()({ method: 'POST', route: '/api/v3/order', status_code: '200' }),
  );

  const logger = createLogger({ service: 'gateway' });
  cpuOf('`request completed` line (pino, synchronous write to standard output)', Math.min(N, 10_000), (i) =>
    logger.info(
      {
        req: { method: 'POST', url: '/api/v3/order' },
        res: { statusCode: 200 },
        userId: '0190f5d2-3c1e-7a3b-9c7d-123456789abc',
        responseTimeMs: i / 7,
      },
      'request completed',
    ),
  );

  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    keyPrefix: `b_stages_${process.pid}:`,
  });
  let n = 0;
  await cpuOfAsync('replay `SET NX PX`, one round trip each (awaited)', Math.min(N, 5_000), () =>
    redis.set(`sig:${n++}`, '1', 'PX', 5_000, 'NX'),
  );
  await cpuOfAsync('replay `SET NX PX`, 16 per pipeline (per order)', Math.min(N, 5_000) / 16, async () => {
    const pipeline = redis.pipeline();
    for (let j = 0; j < 16; j++) pipeline.set(`sig:${n++}`, '1', 'PX', 5_000, 'NX');
    await pipeline.exec();
  });
  report('  (the pipelined figure is per pipeline of 16; divide by 16 for per order)', 0);
  await cpuOfAsync(
    'replay `SET NX PX`, 16 concurrent without a pipeline (per 16)',
    Math.min(N, 5_000) / 16,
    () => Promise.all(Array.from({ length: 16 }, () => redis.set(`sig:${n++}`, '1', 'PX', 5_000, 'NX'))),
  );
  redis.disconnect();

  const subject = `b_stages_${process.pid}.wallet.cmd.submit-order.v1`;
  const responder = fork(
    __filename.replace(/order-stages\.bench\.ts$/, 'order-stages.responder.cjs'),
    [subject, JSON.stringify(reply)],
    {
      stdio: 'inherit',
    },
  );
  await new Promise<void>((resolve) => responder.once('message', () => resolve()));
  const client = new ClientNats({
    servers: [process.env.NATS_URL ?? 'nats://127.0.0.1:4222'],
    serializer: new TracingNatsRecordSerializer(),
    ...NATS_HOT_PATH_OPTIONS,
  });
  await client.connect();
  const { firstValueFrom } = await import('rxjs');
  const payload = {
    symbol: 'BTC-USDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '10000.00',
    quantity: '0.00100',
    userId: 'u',
    clientOrderId: 'c',
  };
  await cpuOfAsync('NATS request through Nest `ClientNats` (reply not checked)', Math.min(N, 5_000), () =>
    firstValueFrom(client.send(subject, payload)),
  );
  const nc = client.unwrap<import('nats').NatsConnection>();
  const serializer = new TracingNatsRecordSerializer();
  const { headers: natsHeaders } = await import('nats');
  let id = 0;
  await cpuOfAsync(
    'NATS request, `nc.request` on the shared inbox (same packet and headers)',
    Math.min(N, 5_000),
    async () => {
      const record = serializer.serialize({ pattern: subject, data: payload, id: String(++id) });
      const msg = await nc.request(subject, record.data, {
        timeout: 5_000,
        headers: record.headers ?? natsHeaders(),
      });
      return JSON.parse(new TextDecoder().decode(msg.data)) as unknown;
    },
  );
  // The gateway's own reply subscription (`ReplyInbox`), one at a time and 64 at once, alternated with
  // `nc.request` twice so that both see the same machine.
  const inbox = new ReplyInbox(nc);
  const viaInbox = async () => {
    const record = serializer.serialize({ pattern: subject, data: payload, id: String(++id) });
    const msg = await inbox.request(subject, record.data, 5_000, record.headers ?? natsHeaders());
    return JSON.parse(new TextDecoder().decode(msg.data)) as unknown;
  };
  const viaRequest = async () => {
    const record = serializer.serialize({ pattern: subject, data: payload, id: String(++id) });
    const msg = await nc.request(subject, record.data, {
      timeout: 5_000,
      headers: record.headers ?? natsHeaders(),
    });
    return JSON.parse(new TextDecoder().decode(msg.data)) as unknown;
  };
  const calls = Math.min(N, 5_000);
  for (let round = 0; round < 2; round++) {
    await cpuOfAsync('NATS request, `ReplyInbox` (own wildcard inbox, same packet)', calls, viaInbox);
    await cpuOfAsync('NATS request, `nc.request`, again', calls, viaRequest);
    await cpuOfAsync('NATS request, `ReplyInbox`, 64 at once (per 64)', calls / 64, () =>
      Promise.all(Array.from({ length: 64 }, viaInbox)),
    );
    await cpuOfAsync('NATS request, `nc.request`, 64 at once (per 64)', calls / 64, () =>
      Promise.all(Array.from({ length: 64 }, viaRequest)),
    );
  }
  await client.close();
  responder.kill();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
