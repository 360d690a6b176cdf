import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { stringify } from 'yaml';

import { CHART } from './helm';
import { exportedMetrics, metricNamesIn } from './metric-inventory';
import { ensurePromtool, promtool } from './promtool';

const DASHBOARDS = join(CHART, 'files/dashboards');
const SERVICES = ['gateway', 'users', 'wallet', 'matching', 'market-data'];

interface Target {
  expr?: string;
  refId?: string;
}
interface Panel {
  type: string;
  title: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: string | { query: string } }[] };
}

const files = () =>
  readdirSync(DASHBOARDS)
    .filter((name) => name.endsWith('.json'))
    .sort();
const load = (name: string) => JSON.parse(readFileSync(join(DASHBOARDS, name), 'utf8')) as Dashboard;
const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

/** Every PromQL query of a dashboard: panel targets and query variables, each named for messages. */
function queries(dashboard: Dashboard): { where: string; expr: string }[] {
  const fromPanels = allPanels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({ where: `${dashboard.uid} / ${panel.title}`, expr: t.expr ?? '' })),
  );
  const fromVariables = dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => ({
      where: `${dashboard.uid} / $${v.name}`,
      expr: typeof v.query === 'string' ? v.query : (v.query?.query ?? ''),
    }));
  return [...fromPanels, ...fromVariables];
}

/** Grafana's variables replaced by plausible values, so that Prometheus can parse the query. */
const asPromQL = (expr: string) =>
  expr
    .replace(/\$__rate_interval|\$__interval|\$__range/g, '5m')
    .replace(/\$\{?(\w+)\}?/g, 'x')
    .replace(/^\s*label_values\((.*),\s*\w+\s*\)\s*$/s, '$1');

describe('Grafana dashboards (files/dashboards)', () => {
  let known: Map<string, string>;

  beforeAll(async () => {
    await ensurePromtool((line) => process.stderr.write(`ensure promtool: ${line}\n`));
    known = await exportedMetrics();
  }, 600_000);

  it('has the overview, one dashboard per service and the market view, each valid JSON with a unique uid', () => {
    const uids = files().map((name) => load(name).uid);
    expect(uids.sort()).toEqual(
      ['exchange-overview', 'exchange-market', ...SERVICES.map((svc) => `exchange-${svc}`)].sort(),
    );
    for (const name of files()) {
      const dashboard = load(name);
      expect(name).toBe(`${dashboard.uid}.json`);
      expect(queries(dashboard).length).toBeGreaterThan(5);
      for (const { where, expr } of queries(dashboard))
        expect({ where, empty: expr.trim() === '' }).toEqual({
          where,
          empty: false,
        });
    }
  });

  it.each(files())(
    '%s lays its panels out on the 24-column grid, each querying the chosen data source',
    (name) => {
      const problems = allPanels(load(name).panels).flatMap((panel) => {
        const { x = -1, w = 0, h = 0 } = panel.gridPos ?? {};
        const found: string[] = [];
        if (x < 0 || w < 1 || h < 1 || x + w > 24)
          found.push(`${panel.title}: gridPos ${JSON.stringify(panel.gridPos)}`);
        if (panel.type === 'row') return found;
        if (panel.datasource?.uid !== '${datasource}') found.push(`${panel.title}: data source`);
        const refIds = (panel.targets ?? []).map((t) => t.refId);
        if (refIds.length === 0 || new Set(refIds).size !== refIds.length)
          found.push(`${panel.title}: refIds`);
        return found;
      });
      expect(problems).toEqual([]);
    },
  );

  it('knows the series the services export (the inventory the next test checks against)', () => {
    for (const name of [
      'http_request_duration_seconds_bucket',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'matching_commands_total',
      'matching_event_append_seconds_bucket',
      'wallet_outbox_lag_seconds',
      'wallet_reconciliation_issues',
      'exchange:http_request_errors:ratio_rate5m',
    ])
      expect(known.has(name)).toBe(true);
    expect(known.has('wallet_outbox_lag_seconds_bucket')).toBe(false);
  });

  it('finds the metric names in a query, and flags one nobody exports', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{service="gateway", route!~"/health.*"}[$__rate_interval]))) > 0.1 and on (service) up == 1',
      ).sort(),
    ).toEqual(['http_request_duration_seconds_bucket', 'up']);
    expect(metricNamesIn('label_values(matching_commands_total{namespace="$namespace"}, market)')).toEqual([
      'matching_commands_total',
    ]);
    expect(metricNamesIn('sum(rate(orders_rejected_total[5m])) or vector(0)')).toEqual([
      'orders_rejected_total',
    ]);
    expect(known.has('orders_rejected_total')).toBe(false);
  });

  it.each(files())('%s queries only series the services export or listed standard ones', (name) => {
    const unknown = queries(load(name)).flatMap(({ where, expr }) =>
      metricNamesIn(expr)
        .filter((metric) => !known.has(metric))
        .map((metric) => `${where}: ${metric}`),
    );
    expect(unknown).toEqual([]);
  });

  it('writes every query in PromQL that Prometheus parses (promtool check rules)', () => {
    const rules = files().flatMap((name) =>
      queries(load(name)).map(({ expr }, i) => ({
        record: `dashboard_query:${name.replace(/\W/g, '_')}:${i}`,
        expr: asPromQL(expr),
      })),
    );
    const dir = mkdtempSync(join(tmpdir(), 'chart-exchange-dashboards-'));
    try {
      writeFileSync(join(dir, 'queries.yaml'), stringify({ groups: [{ name: 'dashboards', rules }] }));
      const result = promtool(['check', 'rules', 'queries.yaml'], dir);
      expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
