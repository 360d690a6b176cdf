import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { REPO_ROOT } from './config';

/** A process `start` runs: a service, the demo set-up, the bots or the web build. */
export interface Child {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Its standard output, line by line, as it comes. */
  onLine(listener: (line: string) => void): void;
}

export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Every output line, labelled with the name (`gateway   | {...}`; `!` marks standard error). */
  out: (line: string) => void;
  /** Also appended here (`<data>/logs/<name>.log`), so a newcomer can read one service's log alone. */
  logDir?: string;
}

/** The children still running, sent SIGTERM should this process exit before it has stopped them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/**
 * Starts a child in a process group of its own: a terminal's Ctrl-C (SIGINT to the foreground group) reaches only
 * `start`, which then stops the children in its order (the bots first, while the gateway still answers, then the
 * services), instead of every process at once. Should `start` exit first, its children are sent SIGTERM.
 */
export function startChild(options: ChildOptions): Child {
  const child = spawn(options.command, options.args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const label = options.name.padEnd(11);
  let file: ReturnType<typeof createWriteStream> | undefined;
  if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true });
    file = createWriteStream(path.join(options.logDir, `${options.name}.log`), { flags: 'a' });
  }
  const listeners: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    options.out(`${label}| ${line}`);
    file?.write(`${line}\n`);
    listeners.forEach((listener) => listener(line));
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    options.out(`${label}! ${line}`);
    file?.write(`${line}\n`);
  });
  const exited = once(child, 'exit').then(([code]) => {
    file?.end();
    return code as number | null;
  });
  // A command that cannot start at all (not found) exits with 127 instead of throwing later.
  child.on('error', () => child.emit('exit', 127, null));
  return { name: options.name, child, exited, onLine: (listener) => listeners.push(listener) };
}

/** A TypeScript entry point of this repository run through tools/run.cjs. */
export function startTypeScript(
  entry: string,
  args: string[],
  options: Omit<ChildOptions, 'command' | 'args'>,
): Child {
  return startChild({
    ...options,
    command: process.execPath,
    args: [path.join(REPO_ROOT, 'tools/run.cjs'), entry, ...args],
  });
}

export const isRunning = (c: Child) => c.child.exitCode === null && c.child.signalCode === null;

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with its exit code. */
export async function stopChild(c: Child, graceMs: number): Promise<number | null> {
  if (isRunning(c)) c.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (isRunning(c)) c.child.kill('SIGKILL');
  }, graceMs);
  const code = await c.exited;
  clearTimeout(timer);
  return code;
}
