import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { startChild, stopChild } from './children';
import { REPO_ROOT } from './config';
import { isProcessAlive } from './process';

/** The process group of `pid` (the fifth field of /proc/<pid>/stat). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** A child that exits 0 on SIGTERM, and says so once it would. */
const SLEEPER = [
  '-e',
  'process.on("SIGTERM", () => process.exit(0)); console.log("ready"); setInterval(() => undefined, 1000)',
];

describe('children', () => {
  it("runs a child in a process group of its own, so that a terminal's Ctrl-C reaches only start", async () => {
    const c = startChild({
      name: 'sleeper',
      command: process.execPath,
      args: SLEEPER,
      env: {},
      out: () => undefined,
    });
    await new Promise<void>((resolve) => c.onLine(() => resolve()));
    const pid = c.child.pid!;
    expect(processGroup(pid)).toBe(pid);
    expect(processGroup(pid)).not.toBe(processGroup(process.pid));
    expect(await stopChild(c, 5_000)).toBe(0);
  });

  it('sends its children SIGTERM when start exits before stopping them', async () => {
    // A process that starts a sleeper through startChild, prints its pid and exits at once.
    const script = `
      const { startChild } = require(${JSON.stringify(path.join(__dirname, 'children.ts'))});
      const c = startChild({ name: 'sleeper', command: process.execPath, args: ${JSON.stringify(SLEEPER)},
        env: {}, out: () => undefined });
      console.log(c.child.pid);
      setTimeout(() => process.exit(0), 200);`;
    const parent = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
    await once(parent, 'exit');
    const sleeper = Number(out.trim());
    expect(sleeper).toBeGreaterThan(0);
    const deadline = Date.now() + 5_000;
    while (isProcessAlive(sleeper) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isProcessAlive(sleeper)).toBe(false);
  });
});
