import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { parse, stringify } from 'yaml';

import { CHART } from './helm';
import { exportedMetrics, metricNamesIn, RULES_DIR, type Rule, ruleFiles } from './metric-inventory';
import { ensurePromtool, promtool } from './promtool';

const RULE_TESTS = join(CHART, 'test/rules');

interface RuleTestFile {
  rule_files: string[];
  tests: {
    name?: string;
    alert_rule_test?: { alertname: string; eval_time: string; exp_alerts: unknown[] }[];
  }[];
}

const unitTestFiles = () =>
  readdirSync(RULE_TESTS)
    .filter((name) => name.endsWith('.rules.test.yaml'))
    .sort();
const alerts = (): Rule[] =>
  ruleFiles().flatMap((file) => file.groups.flatMap((group) => group.rules.filter((rule) => rule.alert)));

/**
 * A fresh directory holding the rule files (without annotations when `labelsOnly`) and the given test
 * files, laid out as the tests' rule_files expect.
 */
function workspace(testFiles: { name: string; text: string }[], labelsOnly: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'chart-exchange-rules-'));
  for (const file of ruleFiles()) {
    if (!labelsOnly) {
      copyFileSync(file.path, join(dir, basename(file.path)));
      continue;
    }
    const groups = file.groups.map((group) => ({
      ...group,
      rules: group.rules.map(({ annotations: _annotations, ...rule }) => rule),
    }));
    writeFileSync(join(dir, basename(file.path)), stringify({ groups }));
  }
  for (const test of testFiles) writeFileSync(join(dir, test.name), test.text);
  return dir;
}

function runUnitTests(testFiles: { name: string; text: string }[], labelsOnly: boolean) {
  const dir = workspace(testFiles, labelsOnly);
  try {
    return promtool(['test', 'rules', ...testFiles.map((t) => t.name)], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('alert and recording rules (files/rules)', () => {
  beforeAll(async () => {
    await ensurePromtool((line) => process.stderr.write(`ensure promtool: ${line}\n`));
  }, 600_000);

  it.each(readdirSync(RULES_DIR).filter((name) => name.endsWith('.rules.yaml')))(
    'promtool check rules accepts %s',
    (name) => {
      const result = promtool(['check', 'rules', join(RULES_DIR, name)], RULES_DIR);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    },
  );

  it('gives every alert a severity, a summary, a description and a runbook', () => {
    expect(alerts().length).toBeGreaterThanOrEqual(20);
    for (const alert of alerts()) {
      expect({ alert: alert.alert, severity: alert.labels?.['severity'] }).toEqual({
        alert: alert.alert,
        severity: expect.stringMatching(/^(critical|warning)$/),
      });
      for (const key of ['summary', 'description', 'runbook'])
        expect({ alert: alert.alert, [key]: (alert.annotations?.[key] ?? '').length > 20 }).toEqual({
          alert: alert.alert,
          [key]: true,
        });
    }
  });

  it('unit-tests every alert both firing and quiet', () => {
    const cases = unitTestFiles().flatMap((name) =>
      (parse(readFileSync(join(RULE_TESTS, name), 'utf8')) as RuleTestFile).tests.flatMap(
        (test) => test.alert_rule_test ?? [],
      ),
    );
    const missing = alerts()
      .map((alert) => alert.alert as string)
      .flatMap((name) => {
        const own = cases.filter((c) => c.alertname === name);
        return [
          ...(own.some((c) => c.exp_alerts.length > 0) ? [] : [`${name}: no case where it fires`]),
          ...(own.some((c) => c.exp_alerts.length === 0) ? [] : [`${name}: no case where it stays quiet`]),
        ];
      });
    expect(missing).toEqual([]);
  });

  it.each(readdirSync(RULE_TESTS).filter((name) => name.endsWith('.rules.test.yaml')))(
    'promtool test rules passes %s',
    (name) => {
      const result = runUnitTests([{ name, text: readFileSync(join(RULE_TESTS, name), 'utf8') }], true);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    },
  );

  it('renders the annotations of the alerts (promtool test rules with the full rules)', () => {
    const name = 'annotations.test.yaml';
    const result = runUnitTests([{ name, text: readFileSync(join(RULE_TESTS, name), 'utf8') }], false);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('fails a unit test whose expected alert differs from what the rules raise', () => {
    const name = 'alerts.rules.test.yaml';
    const text = readFileSync(join(RULE_TESTS, name), 'utf8').replace(
      '{ severity: critical, namespace: exchange, market: BTCUSDT, state: fenced }',
      '{ severity: warning, namespace: exchange, market: BTCUSDT, state: fenced }',
    );
    const result = runUnitTests([{ name, text }], true);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('alertname: MatchingWriterFailed');
  });

  it('fails loudly, saying how to install promtool, where it is missing and cannot be installed', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'chart-exchange-no-bin-'));
    try {
      await expect(ensurePromtool(() => undefined, { binSearchPath: [empty] })).rejects.toThrow(
        /promtool is not installed and this process cannot install it \(no apt-get\)\. Install it with `sudo apt-get install -y prometheus`/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('uses only series the services export, recording rules, or listed standard series', async () => {
    const known = await exportedMetrics();
    const unknown = ruleFiles()
      .flatMap((file) => file.groups.flatMap((group) => group.rules))
      .flatMap((rule) =>
        metricNamesIn(rule.expr)
          .filter((name) => !known.has(name))
          .map((name) => `${rule.alert ?? rule.record}: ${name}`),
      );
    expect(unknown).toEqual([]);
  });
});
