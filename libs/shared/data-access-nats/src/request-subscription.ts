import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { type Msg, type NatsConnection, type Subscription } from 'nats';
import { type Registry } from 'prom-client';

import { MALFORMED_MESSAGE, natsServerMetrics, startProcessSpan } from './trace-context';

/** What a handler's failure is answered with: the service's typed error (`RpcException`'s `{ code, message }`). */
export interface RequestError {
  code: number | string;
  message: string;
}

export interface RequestSubscriptionOptions {
  /** The subject as the callers send it (run prefix included): also the span's and the metrics' name. */
  subject: string;
  queue: string;
  /** Handles a request's `data`; what it resolves to is the reply's `response`. */
  handle: (data: unknown) => Promise<unknown>;
  /** Maps what `handle` threw to the error reply (what the service's exception filter does on Nest's path). */
  toError: (error: unknown) => RequestError;
  /** The service's registry: requests counted and timed in the same metrics as `TracingServerNats`'s. */
  registry?: Registry;
  /** Told about messages refused as malformed. */
  warn?: (message: string) => void;
}

export interface RequestSubscription {
  /** Stops taking requests and resolves once every request taken has been answered. */
  drain(): Promise<void>;
}

const UTF8_DECODER = new TextDecoder();
const UTF8_ENCODER = new TextEncoder();

const MALFORMED_REPLY = UTF8_ENCODER.encode(
  JSON.stringify({
    err: { code: MALFORMED_MESSAGE, message: 'The message is not a JSON request.' },
    status: 'error',
    isDisposed: true,
  }),
);

/** A request as Nest's `ClientNats` (and the gateway's service client) sends it. */
interface RequestPacket {
  pattern?: unknown;
  data?: unknown;
  id?: unknown;
}

/**
 * One request/reply subject served straight from a NATS subscription (queue group `queue`), answering exactly as a
 * `@MessagePattern` handler behind `TracingServerNats` does: the same `{ response, isDisposed, id }` and
 * `{ err, isDisposed, id }` packets (`err` being the typed error `toError` gives), `MALFORMED_MESSAGE` for bytes that
 * are not JSON, the same server span per request (the child of the message's trace context, active while `handle`
 * runs) and the same `nats_server_handled_total` / `nats_server_handling_seconds`. What it leaves out is Nest's
 * path per request: the pattern's route lookup (a `JSON.parse` that throws for every plain subject), the rxjs
 * pipeline, the context creator's pipes and filters, a second JSON encoding of the reply. For the hottest subject
 * of a service; callers cannot tell the difference, and pods of either kind may share the queue group.
 *
 * A message without an `id` is an event to Nest: handled, not answered; so here.
 */
export function serveRequests(nc: NatsConnection, options: RequestSubscriptionOptions): RequestSubscription {
  const { subject, handle, toError } = options;
  const metrics = options.registry ? natsServerMetrics(options.registry) : undefined;
  const inFlight = new Set<Promise<void>>();

  const answer = async (msg: Msg): Promise<void> => {
    const started = process.hrtime.bigint();
    const span = startProcessSpan(`${subject} process`, msg);
    let packet: RequestPacket;
    try {
      const parsed: unknown = JSON.parse(UTF8_DECODER.decode(msg.data));
      packet =
        typeof parsed === 'object' && parsed !== null && ('pattern' in parsed || 'data' in parsed)
          ? (parsed as RequestPacket)
          : { data: parsed }; // Nest's "external" message: the whole body is the data.
    } catch (error) {
      options.warn?.(`refused a malformed message on ${msg.subject}: ${(error as Error).message}`);
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      metrics?.handled.inc({ subject: msg.subject, code: MALFORMED_MESSAGE });
      if (msg.reply) msg.respond(MALFORMED_REPLY);
      span.end();
      return;
    }
    let reply: string;
    let code = 'OK';
    try {
      const response = await context.with(trace.setSpan(context.active(), span), () => handle(packet.data));
      // Nest's JSON encoding leaves out an undefined response.
      reply =
        response === undefined
          ? `{"isDisposed":true,"id":${JSON.stringify(packet.id)}}`
          : `{"response":${JSON.stringify(response)},"isDisposed":true,"id":${JSON.stringify(packet.id)}}`;
    } catch (error) {
      const err = toError(error);
      code = String(err.code);
      span.setAttribute('rpc.error_code', code);
      reply = `{"err":${JSON.stringify(err)},"isDisposed":true,"id":${JSON.stringify(packet.id)}}`;
    }
    span.end();
    if (!msg.reply || packet.id === undefined) return;
    metrics?.handled.inc({ subject: msg.subject, code });
    metrics?.handling.observe({ subject: msg.subject }, Number(process.hrtime.bigint() - started) / 1e9);
    msg.respond(UTF8_ENCODER.encode(reply));
  };

  const subscription: Subscription = nc.subscribe(subject, {
    queue: options.queue,
    callback: (error, msg) => {
      if (error) return;
      const done = answer(msg).finally(() => inFlight.delete(done));
      inFlight.add(done);
    },
  });

  return {
    drain: async () => {
      if (!subscription.isClosed()) await subscription.drain();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
