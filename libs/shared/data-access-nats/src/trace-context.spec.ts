import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { connect, type NatsConnection } from 'nats';

import {
  contextFromTraceparent,
  extractTraceContext,
  injectTraceContext,
  MALFORMED_MESSAGE,
  MAX_BATCH_LINKS,
  startBatchSpan,
  traceparentOf,
  TracingServerNats,
} from './trace-context';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const spans = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});
beforeEach(() => spans.reset());

const remote = (traceId: string, spanId: string, sampled = true) =>
  contextFromTraceparent(`00-${traceId}-${spanId}-${sampled ? '01' : '00'}`);

describe('trace context in NATS headers', () => {
  let nc: NatsConnection;
  beforeAll(async () => (nc = await connect({ servers: NATS_URL })));
  afterAll(() => nc.close());

  it('crosses a real NATS message: what the publisher injects, the subscriber extracts', async () => {
    const subject = `t_trace_${process.pid}.${Date.now()}`;
    const received = new Promise<ReturnType<typeof extractTraceContext>>((resolve) => {
      const sub = nc.subscribe(subject, {
        max: 1,
        callback: (_e, msg) => resolve(extractTraceContext(msg.headers)),
      });
      void sub;
    });
    const sent = await trace.getTracer('spec').startActiveSpan('publish', async (span) => {
      nc.publish(subject, 'x', { headers: injectTraceContext() });
      span.end();
      return span.spanContext();
    });
    const extracted = trace.getSpanContext(await received);
    expect(extracted).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });
  });

  it('adds no headers when there is no trace, and keeps the ones a message has', () => {
    expect(injectTraceContext(undefined, ROOT_CONTEXT)).toBeUndefined();
    const ctx = remote('1'.repeat(32), '2'.repeat(16));
    expect(traceparentOf(ctx)).toBe(`00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`);
    expect(traceparentOf(ROOT_CONTEXT)).toBeUndefined();
  });
});

describe(startBatchSpan.name, () => {
  it('is the child of the first sampled message and links every other one once', () => {
    const unsampled = remote('a'.repeat(32), '1'.repeat(16), false);
    const first = remote('b'.repeat(32), '2'.repeat(16));
    const second = remote('c'.repeat(32), '3'.repeat(16));
    startBatchSpan('evt settle', [unsampled, ROOT_CONTEXT, first, second, second]).end();
    const [span] = spans.getFinishedSpans();
    expect(span!.spanContext().traceId).toBe('b'.repeat(32));
    expect(span!.parentSpanContext?.spanId).toBe('2'.repeat(16));
    expect(span!.links.map((l) => l.context.spanId)).toEqual(['1'.repeat(16), '3'.repeat(16)]);
    expect(span!.attributes['messaging.batch.message_count']).toBe(5);
  });

  it('starts a new trace for messages that carry none, and bounds the links', () => {
    startBatchSpan('evt process', [ROOT_CONTEXT]).end();
    const many = Array.from({ length: MAX_BATCH_LINKS + 10 }, (_, i) =>
      remote('d'.repeat(32), (i + 1).toString(16).padStart(16, '0')),
    );
    startBatchSpan('evt process', many).end();
    const [alone, busy] = spans.getFinishedSpans();
    expect(alone!.parentSpanContext).toBeUndefined();
    expect(alone!.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
    expect(busy!.links).toHaveLength(MAX_BATCH_LINKS);
  });
});

describe(TracingServerNats.name, () => {
  const subject = `t_malformed_${process.pid}.echo`;
  let server: TracingServerNats;
  let nc: NatsConnection;
  beforeAll(async () => {
    server = new TracingServerNats({ servers: [NATS_URL] });
    server.addHandler(subject, async (data: unknown) => ({ echo: data }));
    await new Promise<void>((resolve, reject) =>
      server.listen((error?: unknown) => (error ? reject(error) : resolve())),
    );
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await nc.close();
    await server.close();
  });

  it('answers bytes that are not JSON with a typed error, and keeps serving', async () => {
    const encoder = new TextEncoder();
    for (const bytes of [new Uint8Array(0), encoder.encode('not json'), encoder.encode('{"pattern":')]) {
      const reply = await nc.request(subject, bytes, { timeout: 2_000 });
      expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({
        err: { code: MALFORMED_MESSAGE },
        status: 'error',
      });
    }
    nc.publish(subject, encoder.encode('no reply subject either')); // nowhere to answer: dropped, not fatal
    const good = await nc.request(
      subject,
      encoder.encode(JSON.stringify({ pattern: subject, data: 7, id: 'a' })),
      {
        timeout: 2_000,
      },
    );
    expect(JSON.parse(new TextDecoder().decode(good.data))).toMatchObject({ id: 'a', response: { echo: 7 } });
  });
});
