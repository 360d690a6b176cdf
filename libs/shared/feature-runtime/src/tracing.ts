import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  type Sampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

/** The environment variables tracing reads (the OpenTelemetry SDK's standard names). */
export interface TracingEnv {
  /** Base URL of an OTLP/HTTP receiver (`/v1/traces` is appended); set, spans are exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** Full URL of the traces endpoint; wins over the base URL. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  /** `parentbased_always_on` (default), `parentbased_traceidratio`, `traceidratio`, `always_on`, ... */
  OTEL_TRACES_SAMPLER?: string;
  /** The ratio of the `*traceidratio` samplers, 0..1 (default 1). */
  OTEL_TRACES_SAMPLER_ARG?: string;
  /** `true` turns tracing off entirely: no ids, no propagation. */
  OTEL_SDK_DISABLED?: string;
  [name: string]: string | undefined;
}

export interface TracingOptions {
  service: string;
  version?: string;
  env?: TracingEnv;
  /** Processors used instead of the OTLP exporter (tests: a `SimpleSpanProcessor` on an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  /** Whether spans are recorded and sent somewhere (an exporter or the given processors). */
  readonly exporting: boolean;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

export class TracingConfigError extends Error {
  override readonly name = 'TracingConfigError';
}

function ratio(env: TracingEnv): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG;
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new TracingConfigError(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got "${raw}"`);
  return value;
}

/** The sampler `OTEL_TRACES_SAMPLER` names (the SDK's standard values). */
export function samplerFromEnv(env: TracingEnv): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on').trim().toLowerCase();
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio(env));
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio(env)) });
    default:
      throw new TracingConfigError(
        `OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, ` +
          `parentbased_always_off, parentbased_traceidratio; got "${env.OTEL_TRACES_SAMPLER}"`,
      );
  }
}

let active: { tracing: Tracing; provider: NodeTracerProvider } | undefined;

/**
 * Registers the process's tracer provider, W3C trace-context propagator and async-hooks context manager, once
 * per process (later calls get the first one). With `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces endpoint) set,
 * sampled spans go to that OTLP/HTTP receiver in batches (`OTEL_BSP_*` tune the batching). Without it spans
 * are not recorded: traces still get ids, which the logs carry and the NATS headers propagate, at almost no
 * cost.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (active) return active.tracing;
  const env = options.env ?? (process.env as TracingEnv);
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true')
    return { exporting: false, shutdown: async () => undefined };
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const processors =
    options.spanProcessors ??
    (endpoint
      ? [
          new BatchSpanProcessor(
            new OTLPTraceExporter({
              url: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || `${endpoint.replace(/\/+$/, '')}/v1/traces`,
            }),
          ),
        ]
      : []);
  const exporting = processors.length > 0;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      ...(options.version ? { [ATTR_SERVICE_VERSION]: options.version } : {}),
    }),
    sampler: exporting ? samplerFromEnv(env) : new AlwaysOffSampler(),
    spanProcessors: processors,
  });
  provider.register();
  const tracing: Tracing = {
    exporting,
    shutdown: async () => {
      await provider.shutdown();
    },
  };
  active = { tracing, provider };
  return tracing;
}

/** Exports the spans finished so far (tests read them from their processors right after). */
export async function flushTraces(): Promise<void> {
  await active?.provider.forceFlush();
}

const TRACER_NAME = '@exchange/shared-feature-runtime';

export function runtimeTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

interface TracedRequest {
  method: string;
  originalUrl?: string;
  url: string;
  baseUrl?: string;
  route?: { path?: string };
  headers: Record<string, string | string[] | undefined>;
}

interface TracedResponse {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): void;
}

/** Paths the probes and Prometheus call every few seconds: not worth a trace each. */
const UNTRACED = /^\/(health\/|metrics$)/;

/**
 * Starts the server span of an HTTP request (the child of an incoming `traceparent`), active while the request
 * is handled, named after its route template once known, ended when the response is sent.
 */
export function traceHttpRequest(req: TracedRequest, res: TracedResponse, next: () => void): void {
  const path = (req.originalUrl ?? req.url).split('?')[0] ?? '/';
  if (UNTRACED.test(path)) {
    next();
    return;
  }
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span: Span = runtimeTracer().startSpan(
    req.method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': path } },
    parent,
  );
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : undefined;
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  context.with(trace.setSpan(parent, span), next);
}
