import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { formatTable, readResults, recordResult, type ScenarioResult } from './results';

const row: ScenarioResult = {
  scenario: 'SIGKILL matching',
  load: 'maker + 2 takers',
  faults: '1 SIGKILL',
  refused: '-',
  dataLost: 0,
  recoverMs: 4200,
};

describe('reliability results', () => {
  it('prints a Markdown table with one row per scenario and the recovery in seconds', () => {
    const table = formatTable([
      row,
      { ...row, scenario: 'forged signature', recoverMs: null, refused: '3/3' },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^\| scenario +\| load held +\| faults injected \| refused as expected \| data lost \| time to recover \|$/,
    );
    expect(lines[2]).toContain('| 4.2 s');
    expect(lines[3]).toMatch(/\| 3\/3 +\| 0 +\| - +\|$/);
  });

  it('appends results to the runner file and reads them back in order', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rel-results-'));
    const file = path.join(dir, 'results.jsonl');
    try {
      recordResult(row, file);
      recordResult({ ...row, scenario: 'second' }, file);
      expect(readResults(file).map((r) => r.scenario)).toEqual(['SIGKILL matching', 'second']);
      expect(readResults(path.join(dir, 'none.jsonl'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
