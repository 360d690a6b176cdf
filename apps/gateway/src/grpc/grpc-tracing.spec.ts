import { EventEmitter } from 'node:events';

import { Metadata } from '@grpc/grpc-js';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

import { startTracing } from '@exchange/shared-feature-runtime';

import { traceGrpcHandlers } from './grpc-tracing';

const exporter = new InMemorySpanExporter();
startTracing({ service: 'gateway', env: {}, spanProcessors: [new SimpleSpanProcessor(exporter)] });

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

function callWith(traceparent?: string): EventEmitter & { metadata: Metadata } {
  const metadata = new Metadata();
  if (traceparent) metadata.set('traceparent', traceparent);
  return Object.assign(new EventEmitter(), { metadata });
}

describe(traceGrpcHandlers.name, () => {
  beforeEach(() => exporter.reset());

  it("runs a unary handler in a server span that continues the caller's traceparent, ended with its answer", async () => {
    let seen: string | undefined;
    const service = traceGrpcHandlers('exchange.trading.v1.TradingService', {
      GetOrder: (_call: unknown, callback: (error: unknown, value?: unknown, trailers?: unknown) => void) => {
        seen = trace.getActiveSpan()?.spanContext().traceId;
        setImmediate(() => callback(null, { ok: true }, 'trailers'));
      },
    });
    const answer = await new Promise((resolve) =>
      service.GetOrder(callWith(`00-${TRACE_ID}-${PARENT_ID}-01`), (_error, value, trailers) =>
        resolve([value, trailers]),
      ),
    );
    // The answer and its trailers (request weight, order counts) pass through untouched.
    expect(answer).toEqual([{ ok: true }, 'trailers']);
    expect(seen).toBe(TRACE_ID);
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({
      name: 'exchange.trading.v1.TradingService/GetOrder',
      attributes: { 'rpc.system': 'grpc', 'rpc.method': 'GetOrder', 'rpc.grpc.status_code': 0 },
    });
    expect(span!.spanContext().traceId).toBe(TRACE_ID);
    expect(span!.parentSpanContext?.spanId).toBe(PARENT_ID);
  });

  it('marks a failed unary call with its status code', async () => {
    const service = traceGrpcHandlers('s', {
      Fail: (_call: unknown, callback: (error: unknown) => void) => callback({ code: 16 }),
    });
    await new Promise((resolve) => service.Fail(callWith(), resolve));
    expect(exporter.getFinishedSpans()[0]!.attributes['rpc.grpc.status_code']).toBe(16);
  });

  it('ends a stream span when the stream is cancelled, once', () => {
    const service = traceGrpcHandlers('s', { Stream: () => undefined });
    const call = callWith(`00-${TRACE_ID}-${PARENT_ID}-01`);
    (service.Stream as (call: unknown) => void)(call);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    call.emit('cancelled');
    call.emit('close');
    expect(exporter.getFinishedSpans().map((s) => s.attributes['rpc.grpc.status_code'])).toEqual([1]);
  });
});
