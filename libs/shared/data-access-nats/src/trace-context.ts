import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
} from '@opentelemetry/api';
import { type NatsContext, ServerNats } from '@nestjs/microservices';
import { NatsRecordSerializer } from '@nestjs/microservices/serializers';
import { headers as natsHeaders, type Msg, type MsgHdrs } from 'nats';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * W3C trace context (`traceparent`, `tracestate`) in NATS message headers: injected where a message is
 * published, extracted where it is consumed, so that one order is one trace across the services. Everything
 * here goes through the global OpenTelemetry API: without a registered tracer provider and propagator
 * (`startTracing` in the runtime) it injects nothing and starts non-recording spans, at almost no cost.
 */
const TRACER_NAME = '@exchange/shared-data-access-nats';

/** Links a batch span keeps at most (beyond, the batch still counts its messages in an attribute). */
export const MAX_BATCH_LINKS = 64;

const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<MsgHdrs | undefined> = {
  get: (carrier, key) => (carrier?.has(key) ? carrier.get(key) : undefined),
  keys: (carrier) => (carrier ? carrier.keys() : []),
};

export function natsTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Writes the trace context of `ctx` (the active one when left out) into `headers`, creating them when the
 * message has none; returns the headers unchanged when there is no trace to carry.
 */
export function injectTraceContext(headers?: MsgHdrs, ctx: Context = context.active()): MsgHdrs | undefined {
  if (!trace.getSpanContext(ctx)) return headers;
  const carrier = headers ?? natsHeaders();
  propagation.inject(ctx, carrier, setter);
  return carrier.has('traceparent') ? carrier : headers;
}

/** The trace context a consumed message carries (the root context when it carries none). */
export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers, getter);
}

/** `ctx`'s `traceparent` header value, to keep where a message is published later (an outbox row). */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** The context a stored `traceparent` stands for (the root context when there is none). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/**
 * The span of one request or event a service handles: SERVER when it is answered, CONSUMER otherwise, the child of
 * the trace context its headers carry.
 */
export function startProcessSpan(name: string, msg: Msg): Span {
  return natsTracer().startSpan(
    name,
    {
      kind: msg.reply ? SpanKind.SERVER : SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': msg.subject,
        'messaging.operation.type': 'process',
      },
    },
    extractTraceContext(msg.headers),
  );
}

/**
 * One span for a batch of consumed messages: the child of the first sampled context among `parents` (or the
 * first one), linked to the others. One span per batch, not per message, keeps the hot paths cheap; each
 * message's own trace still reaches this span through its link.
 */
export function startBatchSpan(
  name: string,
  parents: readonly Context[],
  attributes: Attributes = {},
  kind: SpanKind = SpanKind.CONSUMER,
): Span {
  const seen = new Set<string>();
  const contexts: SpanContext[] = [];
  for (const parent of parents) {
    const spanContext = trace.getSpanContext(parent);
    if (!spanContext || !isSpanContextValid(spanContext) || seen.has(spanContext.spanId)) continue;
    seen.add(spanContext.spanId);
    contexts.push(spanContext);
  }
  const first = contexts.find((c) => (c.traceFlags & TraceFlags.SAMPLED) !== 0) ?? contexts[0];
  const links = contexts
    .filter((c) => c !== first)
    .slice(0, MAX_BATCH_LINKS)
    .map((c) => ({ context: c }));
  return natsTracer().startSpan(
    name,
    {
      kind,
      links,
      attributes: {
        'messaging.system': 'nats',
        'messaging.batch.message_count': parents.length,
        ...attributes,
      },
    },
    first ? trace.setSpanContext(ROOT_CONTEXT, first) : ROOT_CONTEXT,
  );
}

/** Runs `fn` with `span` active, records a failure on it, and ends it. */
export async function inSpan<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(context.active(), span), fn);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** The error code a request gets when its bytes are not a JSON request at all (no handler saw it). */
export const MALFORMED_MESSAGE = 'MALFORMED_MESSAGE';

/** What a request/reply handler answered: `OK`, the typed error's code (`{ code, message }`), or `ERROR`. */
function outcomeOf(packet: { err?: unknown }): string {
  if (packet.err === undefined) return 'OK';
  const code = (packet.err as { code?: unknown } | null)?.code;
  return typeof code === 'number' || typeof code === 'string' ? String(code) : 'ERROR';
}

/**
 * The request metrics of a service's NATS request/reply handlers, registered in `registry` once: requests counted by
 * subject and outcome (`nats_server_handled_total`, the typed error's code for refusals) and timed
 * (`nats_server_handling_seconds`), whether Nest's transport or a direct subscription (`serveRequests`) answered.
 */
export function natsServerMetrics(registry: Registry): {
  handled: Counter<'subject' | 'code'>;
  handling: Histogram<'subject'>;
} {
  const handled =
    (registry.getSingleMetric('nats_server_handled_total') as Counter<'subject' | 'code'> | undefined) ??
    new Counter({
      name: 'nats_server_handled_total',
      help: 'NATS requests answered by this service, by subject and outcome (OK or the error code it answered).',
      labelNames: ['subject', 'code'],
      registers: [registry],
    });
  const handling =
    (registry.getSingleMetric('nats_server_handling_seconds') as Histogram<'subject'> | undefined) ??
    new Histogram({
      name: 'nats_server_handling_seconds',
      help: 'Time from a NATS request received to its answer sent, by subject.',
      labelNames: ['subject'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  return { handled, handling };
}

/**
 * The NATS transport of `@MessagePattern` handlers, with a server span per request or event: the child of the
 * trace context in the message's headers, active while the handler runs (so its logs, its outbox rows and its
 * own requests carry the trace). With `instrument(registry)`, requests are also counted by subject and outcome
 * (`nats_server_handled_total`, the typed error's code for refusals) and timed (`nats_server_handling_seconds`).
 */
export class TracingServerNats extends ServerNats {
  private handled?: Counter<'subject' | 'code'>;
  private handling?: Histogram<'subject'>;

  /** Registers the request metrics in the service's registry (once the app has one). */
  instrument(registry: Registry): void {
    ({ handled: this.handled, handling: this.handling } = natsServerMetrics(registry));
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const span = startProcessSpan(`${channel} process`, natsMsg);
    try {
      return await inSpan(span, () => super.handleMessage(channel, natsMsg));
    } catch (error) {
      // Nest's transport throws (and the subscription's callback leaves it unhandled, ending the process) when a
      // message is not JSON: anyone able to publish on the subject could stop the service. Refuse it instead.
      this.logger.warn(`refused a malformed message on ${natsMsg.subject}: ${(error as Error).message}`);
      this.handled?.inc({ subject: natsMsg.subject, code: MALFORMED_MESSAGE });
      if (natsMsg.reply) {
        natsMsg.respond(
          JSON.stringify({
            err: { code: MALFORMED_MESSAGE, message: 'The message is not a JSON request.' },
            status: 'error',
            isDisposed: true,
          }),
        );
      }
      return undefined;
    }
  }

  override getPublisher(natsMsg: Msg, id: string, ctx: NatsContext): (response: unknown) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx);
    if (!natsMsg.reply) return publish;
    const started = process.hrtime.bigint();
    const span = trace.getActiveSpan();
    let answered = false;
    return (packet: unknown) => {
      if (!answered) {
        answered = true;
        const code = outcomeOf(packet as { err?: unknown });
        this.handled?.inc({ subject: natsMsg.subject, code });
        this.handling?.observe({ subject: natsMsg.subject }, Number(process.hrtime.bigint() - started) / 1e9);
        if (code !== 'OK') span?.setAttribute('rpc.error_code', code);
      }
      return publish(packet);
    };
  }
}

/** The NATS client's serializer, writing the caller's trace context into each request's headers. */
export class TracingNatsRecordSerializer extends NatsRecordSerializer {
  override serialize(packet: unknown): ReturnType<NatsRecordSerializer['serialize']> {
    const record = super.serialize(packet);
    const headers = injectTraceContext(record.headers as MsgHdrs | undefined);
    return headers ? Object.assign(record, { headers }) : record;
  }
}
