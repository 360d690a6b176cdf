import { spawn } from 'node:child_process';
import { accessSync, constants, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { CommandFailedError } from './errors/infrastructure.error';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this OS user through `runuser -u <user> --` (needs root). */
  asUser?: string;
  /** Search path for `runuser`. */
  searchPath?: readonly string[];
}

export interface RunResult {
  code: number | null;
  output: string;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The first executable file `name` in `dirs`, or undefined. */
export function findExecutable(name: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs a command to completion and returns its exit code with stdout and stderr interleaved. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  let [file, argv] = [command, [...args]];
  if (options.asUser) {
    const runuser =
      findExecutable('runuser', options.searchPath ?? ['/usr/sbin', '/sbin', '/usr/bin', '/bin']) ??
      'runuser';
    [file, argv] = [runuser, ['-u', options.asUser, '--', command, ...args]];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let settled = false;
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      resolve({ code, output });
    };
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    child.on('close', (code) => finish(code));
    // A daemon that forgot to close an inherited pipe must not keep us waiting after its parent exited.
    child.on('exit', (code) => setTimeout(() => finish(code), 500).unref());
  });
}

/** Like {@link run}, but throws {@link CommandFailedError} with the output's tail when the exit code is not 0. */
export async function runChecked(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new CommandFailedError(
      [options.asUser ? `runuser -u ${options.asUser} --` : '', command, ...args].filter(Boolean).join(' '),
      result.code,
      tail(result.output),
    );
  }
  return result.output;
}

/** Starts a long-running server in its own session with stdout and stderr appended to `logFile`, and lets it go. */
export function spawnDetached(
  command: string,
  args: readonly string[],
  logFile: string,
  env?: NodeJS.ProcessEnv,
): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(command, [...args], { detached: true, stdio: ['ignore', fd, fd], env });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid on the first line of `pidFile` when that process is alive and its command line mentions `expectedName`. */
export function livePidFromFile(pidFile: string, expectedName: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]!.trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes(expectedName)) return undefined;
  } catch {
    // No /proc: trust the pid file.
  }
  return pid;
}

/** Sends SIGTERM and waits until the process is gone (SIGKILL after `timeoutMs`). */
export async function terminate(pid: number, timeoutMs = 15_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const gone = await waitFor(async () => (isProcessAlive(pid) ? undefined : true), timeoutMs);
  if (!gone) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Polls `check` until it returns a value, or returns undefined after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The last lines of a log or command output, for error messages. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function readTail(file: string, lines = 15): string {
  try {
    return tail(readFileSync(file, 'utf8'), lines);
  } catch {
    return '';
  }
}
