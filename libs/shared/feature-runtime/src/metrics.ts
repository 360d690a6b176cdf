import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export { Registry };

/** The service's Prometheus registry: default process metrics plus the HTTP request histogram. */
export function createMetricsRegistry(service: string): {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
} {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, httpDuration };
}
