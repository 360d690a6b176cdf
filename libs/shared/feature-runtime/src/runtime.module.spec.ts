import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';

import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  type INestApplication,
  Injectable,
  Module,
  Param,
  UseGuards,
} from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';

import { natsClientModule, NatsHealthIndicator, NatsModule } from '@exchange/shared-data-access-nats';
import { Redis, RedisHealthIndicator, RedisModule } from '@exchange/shared-data-access-redis';
import { natsEnv, redisEnv, serviceEnv, envPort } from '@exchange/shared-util-config';
import { createLogger, LoggingModule } from '@exchange/shared-util-logging';

import { createServiceApp } from './run-service';
import { RuntimeModule } from './runtime.module';
import { ServiceState } from './service-state';
import { flushTraces, samplerFromEnv, startTracing, TracingConfigError } from './tracing';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t_rt_${process.pid}_${randomBytes(3).toString('hex')}`;
const statusSubject = `${run}.spec.query.status.v1`;

/** A real Redis client aimed at a port where nothing listens: readiness must report it down. */
@Injectable()
class UnreachableCacheIndicator {
  readonly name = 'unreachable-cache';
  async check(): Promise<void> {
    const client = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  }
}

/** Stands for an auth guard: it names the user the request acts for, as the gateway's guards do. */
@Injectable()
class KnownUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    context.switchToHttp().getRequest<{ principal?: { userId: string } }>().principal = { userId: 'u-7' };
    return true;
  }
}

@Controller('orders')
class OrdersController {
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }

  @Get(':id/mine')
  @UseGuards(KnownUserGuard)
  mine(@Param('id') id: string) {
    return { id };
  }
}

// The process's tracing, as runService starts it, with spans kept in memory instead of exported.
const spans = new InMemorySpanExporter();
const tracing = startTracing({ service: 'spec', spanProcessors: [new SimpleSpanProcessor(spans)] });
afterAll(() => tracing.shutdown());

const lines: Record<string, unknown>[] = [];
const destination = new Writable({
  write(chunk, _e, cb) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    cb();
  },
});
const logger = createLogger({ service: 'spec', destination });
const configSchema = z.object({ ...serviceEnv, ...natsEnv, ...redisEnv, HTTP_PORT: envPort(0) });

async function boot(withUnreachable: boolean): Promise<{ app: INestApplication; base: string }> {
  @Module({
    imports: [
      LoggingModule.forRoot(logger),
      RedisModule.forRoot({ url: REDIS_URL, keyPrefix: `${run}:` }),
      NatsModule.forRoot({ url: NATS_URL, name: 'spec', streamPrefix: run }),
      RuntimeModule.forRoot({
        service: 'spec',
        version: '0.0.0-test',
        healthIndicators: withUnreachable
          ? [RedisHealthIndicator, NatsHealthIndicator, UnreachableCacheIndicator]
          : [RedisHealthIndicator, NatsHealthIndicator],
        statusSubjects: [statusSubject],
      }),
    ],
    controllers: [OrdersController],
    providers: [UnreachableCacheIndicator, KnownUserGuard],
  })
  class SpecModule {}

  const config = { ...configSchema.parse({ NATS_URL, REDIS_URL }), HTTP_PORT: 0 };
  const app = await createServiceApp(
    { service: 'spec', configSchema, module: () => ({ module: SpecModule }), natsQueue: run },
    config,
    logger,
  );
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

describe(RuntimeModule.name, () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => ({ app, base } = await boot(false)));
  afterAll(() => app.close());

  it('answers liveness', async () => {
    const res = await fetch(`${base}/health/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness from each real dependency', async () => {
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: { redis: { status: 'up' }, nats: { status: 'up' } },
    });
  });

  it('exposes default process metrics and a request histogram by route template', async () => {
    await fetch(`${base}/orders/123`);
    await fetch(`${base}/orders/456`);
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await res.text();
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/orders\/:id"[^}]*status_code="200"[^}]*\} 2/,
    );
    expect(body).not.toContain('/orders/123');
    // The clients' own metrics: connected, no errors yet.
    expect(body).toMatch(/^nats_client_connected\{[^}]*\} 1$/m);
    expect(body).toMatch(/^redis_client_connected\{[^}]*\} 1$/m);
    expect(body).toContain('# TYPE redis_client_errors_total counter');
    expect(body).toContain('# TYPE nats_client_events_total counter');
  });

  it('logs each request as a JSON line with request and trace ids, and echoes the request id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${base}/orders/7`, {
      headers: { 'x-request-id': 'req-42', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const line = lines.find((l) => l.requestId === 'req-42');
    expect(line).toMatchObject({
      service: 'spec',
      msg: 'request completed',
      traceId,
      res: { statusCode: 200 },
    });
  });

  it("starts a server span per request that continues the caller's traceparent, and logs its ids", async () => {
    spans.reset();
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4737';
    const callerSpanId = '00f067aa0ba902b8';
    await fetch(`${base}/orders/8`, {
      headers: { 'x-request-id': 'req-43', traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    await fetch(`${base}/health/live`);
    await fetch(`${base}/metrics`);
    await flushTraces();
    const finished = spans.getFinishedSpans();
    expect(finished.map((s) => s.name)).toEqual(['GET /orders/:id']);
    const [span] = finished;
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe(traceId);
    expect(span!.parentSpanContext?.spanId).toBe(callerSpanId);
    expect(span!.attributes).toMatchObject({ 'http.route': '/orders/:id', 'http.response.status_code': 200 });
    expect(lines.find((l) => l.requestId === 'req-43')).toMatchObject({
      traceId,
      spanId: span!.spanContext().spanId,
    });
  });

  it('logs the user a request acts for, and never the credentials of its URL', async () => {
    await fetch(`${base}/orders/9/mine?timestamp=1&signature=0a1b2c3d4e5f`, {
      headers: { 'x-request-id': 'req-44' },
    });
    const line = lines.find((l) => l.requestId === 'req-44');
    expect(line).toMatchObject({
      userId: 'u-7',
      req: { url: '/orders/9/mine?timestamp=1&signature=[Redacted]' },
    });
    expect(JSON.stringify(lines)).not.toContain('0a1b2c3d4e5f');
  });

  it('carries the trace context over NATS request/reply (the handler runs in a span under the caller) and counts the request', async () => {
    const moduleRef = await import('@nestjs/testing').then(({ Test }) =>
      Test.createTestingModule({ imports: [natsClientModule('STATUS', NATS_URL)] }).compile(),
    );
    const client = moduleRef.get<ClientProxy>('STATUS');
    spans.reset();
    const caller = await trace.getTracer('spec').startActiveSpan('caller', async (span) => {
      await firstValueFrom(client.send(statusSubject, {}));
      span.end();
      return span.spanContext();
    });
    await flushTraces();
    const handler = spans.getFinishedSpans().find((s) => s.name === `${statusSubject} process`);
    expect(handler).toBeDefined();
    expect(handler!.kind).toBe(SpanKind.SERVER);
    expect(handler!.spanContext().traceId).toBe(caller.traceId);
    expect(handler!.parentSpanContext?.spanId).toBe(caller.spanId);
    // ...and counted and timed by subject and outcome.
    const body = await (await fetch(`${base}/metrics`)).text();
    const subject = statusSubject.replace(/\./g, '\\.');
    expect(body).toMatch(
      new RegExp(`^nats_server_handled_total\\{[^}]*subject="${subject}"[^}]*code="OK"[^}]*\\} [1-9]`, 'm'),
    );
    expect(body).toMatch(
      new RegExp(`^nats_server_handling_seconds_count\\{[^}]*subject="${subject}"[^}]*\\} [1-9]`, 'm'),
    );
    await client.close();
    await moduleRef.close();
  });

  it('answers its status over NATS request/reply', async () => {
    const moduleRef = await import('@nestjs/testing').then(({ Test }) =>
      Test.createTestingModule({ imports: [natsClientModule('STATUS', NATS_URL)] }).compile(),
    );
    const client = moduleRef.get<ClientProxy>('STATUS');
    const status = await firstValueFrom(client.send(statusSubject, {}));
    expect(status).toMatchObject({
      service: 'spec',
      version: '0.0.0-test',
      ready: true,
      checks: { redis: 'up', nats: 'up' },
    });
    await client.close();
    await moduleRef.close();
  });

  it('turns unready when shutdown begins', async () => {
    app.get(ServiceState).shuttingDown = true;
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', shuttingDown: true });
    app.get(ServiceState).shuttingDown = false;
  });
});

describe(`${RuntimeModule.name} with a dependency down`, () => {
  it('answers 503 and names the dependency', async () => {
    const { app, base } = await boot(true);
    try {
      const res = await fetch(`${base}/health/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
      expect(body.status).toBe('unavailable');
      expect(body.checks['unreachable-cache'].status).toBe('down');
      expect(body.checks.redis).toEqual({ status: 'up' });
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe(samplerFromEnv.name, () => {
  it('builds the standard samplers and refuses unknown names and ratios out of range', () => {
    expect(samplerFromEnv({}).toString()).toMatch(/ParentBased\{root=AlwaysOnSampler/);
    expect(
      samplerFromEnv({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).toString(),
    ).toMatch(/root=TraceIdRatioBased\{0.25\}/);
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }).toString()).toBe('AlwaysOffSampler');
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(TracingConfigError);
    expect(() =>
      samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }),
    ).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});
