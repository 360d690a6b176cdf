import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { parse } from 'yaml';

import { createMetricsRegistry } from '@exchange/shared-feature-runtime';

import { CHART, WORKSPACE } from './helm';

/** Where a metric name the rules and dashboards may use comes from. */
export type MetricSource = 'runtime' | 'service code' | 'recording rule' | 'standard';

/**
 * Series that the exchange does not export itself but every EKS install with kube-prometheus-stack and the
 * official NATS chart has. Anything else a rule or a dashboard names must come from the code.
 */
export const STANDARD_METRICS: Record<string, string> = {
  up: 'Prometheus: 1 when the last scrape of a target succeeded',
  ALERTS: 'Prometheus: the alerts of the rules, with alertstate pending or firing',
  kube_pod_container_status_restarts_total: 'kube-state-metrics',
  kube_pod_container_status_waiting_reason: 'kube-state-metrics',
  kube_deployment_spec_replicas: 'kube-state-metrics',
  kube_deployment_status_replicas_available: 'kube-state-metrics',
  kube_deployment_status_replicas_unavailable: 'kube-state-metrics',
  container_cpu_cfs_periods_total: 'kubelet (cAdvisor)',
  container_cpu_cfs_throttled_periods_total: 'kubelet (cAdvisor)',
  jetstream_consumer_num_pending:
    'prometheus-nats-exporter with -jsz=all (the NATS chart promExporter): labels stream_name, consumer_name',
};

type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** The names Prometheus stores for one metric: a histogram is _bucket, _sum and _count. */
function seriesNames(name: string, type: MetricType): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

function typeScriptSources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...typeScriptSources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) found.push(path);
  }
  return found;
}

/** `new Counter({ ... name: 'x' ...})` and the other prom-client metric classes, in one source text. */
export function metricsDeclaredIn(source: string): { name: string; type: MetricType }[] {
  const declared: { name: string; type: MetricType }[] = [];
  const pattern =
    /new (Counter|Gauge|Histogram|Summary)\b(?:<[^>]*>)?\(\s*\{[^}]*?\bname:\s*['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(pattern)) {
    declared.push({ name: match[2] as string, type: (match[1] as string).toLowerCase() as MetricType });
  }
  return declared;
}

/**
 * Every series name the services export today, with its source: the runtime's registry as the services
 * build it (default process metrics and the HTTP histogram), the prom-client metrics declared in the
 * services' and libs' sources, and the recording rules of files/rules.
 */
export async function exportedMetrics(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const { registry } = createMetricsRegistry('inventory');
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const name of seriesNames(metric.name, String(metric.type) as MetricType))
      names.set(name, 'runtime (libs/shared/feature-runtime)');
  }
  registry.clear();
  for (const root of ['apps', 'libs']) {
    for (const file of typeScriptSources(join(WORKSPACE, root))) {
      for (const { name, type } of metricsDeclaredIn(readFileSync(file, 'utf8')))
        for (const series of seriesNames(name, type)) names.set(series, relative(WORKSPACE, file));
    }
  }
  for (const rule of ruleFiles().flatMap((file) => file.groups.flatMap((group) => group.rules))) {
    if (rule.record) names.set(rule.record, 'recording rule');
  }
  for (const [name, source] of Object.entries(STANDARD_METRICS)) names.set(name, source);
  return names;
}

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleFile {
  path: string;
  groups: { name: string; rules: Rule[] }[];
}

export const RULES_DIR = join(CHART, 'files/rules');

export function ruleFiles(): RuleFile[] {
  return readdirSync(RULES_DIR)
    .filter((name) => name.endsWith('.rules.yaml'))
    .sort()
    .map((name) => {
      const path = join(RULES_DIR, name);
      return { path, ...(parse(readFileSync(path, 'utf8')) as Omit<RuleFile, 'path'>) };
    });
}

const NOT_METRICS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'Inf', 'NaN']);

/**
 * The metric names one PromQL expression selects: identifiers that are not functions, keywords, label
 * names (in matchers and by/on/without lists), strings or durations. Grafana's variables ($x, ${x}) are
 * taken out first; `label_values(<selector>, <label>)` (a Grafana variable query) keeps the selector.
 */
export function metricNamesIn(expr: string): string[] {
  let e = expr.replace(/^\s*label_values\((.*),\s*[A-Za-z_]\w*\s*\)\s*$/s, '$1');
  e = e
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = new Set<string>();
  for (const match of e.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const before = e[(match.index ?? 0) - 1] ?? ' ';
    const after = e.slice((match.index ?? 0) + match[0].length).trimStart();
    if (/[0-9.]/.test(before)) continue; // 1e3, 5m
    if (after.startsWith('(')) continue; // a function or an aggregation
    if (NOT_METRICS.has(match[0])) continue;
    names.add(match[0]);
  }
  return [...names];
}
