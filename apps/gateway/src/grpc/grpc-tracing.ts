import { type Metadata } from '@grpc/grpc-js';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

import { runtimeTracer } from '@exchange/shared-feature-runtime';

/** grpc-js's unary callback: `(error, value, trailers?, flags?)`, passed on whole. */
type Callback = (error: unknown, ...rest: unknown[]) => void;
type Handler = (call: TracedCall, callback?: Callback) => unknown;

interface TracedCall {
  metadata: Metadata;
  once?(event: 'finish' | 'cancelled' | 'close' | 'error', listener: () => void): unknown;
}

/**
 * Each handler of `implementation` runs in a server span that continues the caller's W3C trace context (a
 * `traceparent` metadata entry, as HTTP headers carry it), so a partner's order is one trace through the gateway,
 * the wallet and matching like a REST one. Unary calls end the span with their answer; streams when they finish,
 * are cancelled or fail.
 */
export function traceGrpcHandlers<T extends object>(service: string, implementation: T): T {
  const traced: Record<string, Handler> = {};
  for (const [method, handler] of Object.entries(implementation) as [string, Handler][]) {
    traced[method] = (call, callback) => {
      const carrier: Record<string, string> = {};
      for (const [key, value] of Object.entries(call.metadata.getMap()))
        if (typeof value === 'string') carrier[key] = value;
      const parent = propagation.extract(ROOT_CONTEXT, carrier);
      const span = runtimeTracer().startSpan(
        `${service}/${method}`,
        {
          kind: SpanKind.SERVER,
          attributes: { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method },
        },
        parent,
      );
      const active = trace.setSpan(parent, span);
      if (callback) {
        return context.with(active, () =>
          handler(call, (error, ...rest) => {
            end(span, error);
            callback(error, ...rest);
          }),
        );
      }
      let ended = false;
      const endOnce = (error?: unknown) => {
        if (ended) return;
        ended = true;
        end(span, error);
      };
      call.once?.('finish', () => endOnce());
      call.once?.('close', () => endOnce());
      call.once?.('cancelled', () => endOnce({ code: 1 }));
      call.once?.('error', () => endOnce({ code: 2 }));
      return context.with(active, () => handler(call));
    };
  }
  return traced as T;
}

function end(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  span.setAttribute('rpc.grpc.status_code', typeof code === 'number' ? code : error ? 2 : 0);
  if (error) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
