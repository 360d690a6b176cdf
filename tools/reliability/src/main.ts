/**
 * `npm run test:reliability`: runs the long reliability suite (tools/reliability/jest.reliability.config.js: every
 * fault and security scenario) with jest, then prints the table of results (scenario, load held, faults injected,
 * refused as expected, data lost, time to recover) and each scenario's notes. Extra arguments go to jest (a spec
 * path, `-t <name>`). Exits with jest's code.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { WORKSPACE_ROOT } from '@exchange/shared-util-testing';

import { formatTable, readResults } from './results';

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reliability-run-'));
  const file = path.join(dir, 'results.jsonl');
  try {
    const jest = spawn(
      process.execPath,
      [
        path.join(WORKSPACE_ROOT, 'node_modules/jest/bin/jest.js'),
        '--config',
        'tools/reliability/jest.reliability.config.js',
        '--runInBand',
        ...process.argv.slice(2),
      ],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          ...process.env,
          RELIABILITY_RESULTS: file,
          RELIABILITY_VERBOSE: process.env.RELIABILITY_VERBOSE ?? '1',
        },
        stdio: 'inherit',
      },
    );
    const [code] = (await once(jest, 'exit')) as [number | null];
    const results = readResults(file);
    process.stdout.write(`\n${formatTable(results)}\n\n`);
    for (const r of results.filter((r) => r.notes))
      process.stdout.write(`- ${r.scenario}: ${r.notes!.slice(0, 2000)}\n`);
    const lost = results.reduce((sum, r) => sum + r.dataLost, 0);
    process.stdout.write(`\n${results.length} scenarios, data lost ${lost}, jest exit code ${code}\n`);
    return code ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
