/** Injection token of the service's Prometheus registry (the one `/metrics` serves). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
