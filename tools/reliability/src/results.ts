import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** One row of the reliability table. */
export interface ScenarioResult {
  scenario: string;
  /** The load that ran through the scenario (and what it achieved). */
  load: string;
  faults: string;
  /** Requests refused as expected, out of the ones that should have been (`12/12`); `-` when none were sent. */
  refused: string;
  /** Accepted writes missing or inconsistent afterwards (acked orders, ledger, events, market data): must be 0. */
  dataLost: number;
  /** From the fault to the first order acknowledged again, in ms; null without a fault. */
  recoverMs: number | null;
  notes?: string;
}

const COLUMNS: [keyof ScenarioResult, string][] = [
  ['scenario', 'scenario'],
  ['load', 'load held'],
  ['faults', 'faults injected'],
  ['refused', 'refused as expected'],
  ['dataLost', 'data lost'],
  ['recoverMs', 'time to recover'],
];

function cell(result: ScenarioResult, key: keyof ScenarioResult): string {
  const value = result[key];
  if (key === 'recoverMs') return value === null ? '-' : `${((value as number) / 1000).toFixed(1)} s`;
  return String(value ?? '');
}

/** The results as a Markdown table (what `npm run test:reliability` prints and docs/reliability.md keeps). */
export function formatTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => COLUMNS.map(([key]) => cell(r, key)));
  const widths = COLUMNS.map(([, title], i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(COLUMNS.map(([, title]) => title)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** Appends a result to the file named by RELIABILITY_RESULTS (the runner's), when there is one. */
export function recordResult(result: ScenarioResult, file = process.env.RELIABILITY_RESULTS): void {
  if (file) appendFileSync(file, `${JSON.stringify(result)}\n`);
}

export function readResults(file: string): ScenarioResult[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ScenarioResult);
}

/** The long suite (`npm run test:reliability`) or the CI subset. */
export const LONG = (): boolean => process.env.RELIABILITY_PROFILE === 'long';

/** A progress line on standard error (live, unlike jest's buffered console) when RELIABILITY_VERBOSE is set. */
export function progress(message: string): void {
  if (process.env.RELIABILITY_VERBOSE)
    process.stderr.write(`[reliability ${new Date().toISOString()}] ${message}\n`);
}
