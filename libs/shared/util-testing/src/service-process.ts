import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The workspace root, where `tools/run.cjs` starts TypeScript entry points. */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/**
 * The environment that makes a service process record a V8 CPU profile until it exits, written into `dir` (created
 * here) as `<app>-<pid>.cpuprofile`: the preload `tools/bench/cpu-profile.cjs`, since Node refuses `--cpu-prof` in
 * NODE_OPTIONS. The benches' `--cpu-prof <dir>`.
 */
export function cpuProfileEnv(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  return {
    NODE_OPTIONS: `--require ${join(WORKSPACE_ROOT, 'tools/bench/cpu-profile.cjs')}`,
    CPU_PROFILE_DIR: resolve(dir),
  };
}

/** The benches' `--gateway-env NAME=value,NAME=value`: more environment for a service, for an A/B. */
export function envPairs(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Every JSON line the service wrote to stdout, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Standard error, as text. */
  stderr(): string;
  /** Resolves with the first log line that matches; rejects if the process exits first. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<ServiceExit>;
  exited: Promise<ServiceExit>;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the stop signal (or the start, without one) to the exit. */
  elapsedMs: number;
}

/** Starts a service's `main.ts` as a real child process with the given environment. */
export function startServiceProcess(entry: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['tools/run.cjs', entry], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: {
    predicate: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  let stderr = '';
  let signalledAt = Date.now();

  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text);
    } catch {
      line = { unparsed: text };
    }
    logs.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));

  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    elapsedMs: Date.now() - signalledAt,
  }));

  return {
    child,
    logs,
    stderr: () => stderr,
    exited,
    waitForLog(predicate) {
      const seen = logs.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolveLine, reject) => {
        waiters.push({ predicate, resolve: resolveLine });
        void exited.then((exit) =>
          reject(
            new Error(
              `service exited (code ${exit.code}, signal ${exit.signal}) before the expected log line; stderr: ${stderr}`,
            ),
          ),
        );
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        signalledAt = Date.now();
        child.kill(signal);
      }
      return exited;
    },
  };
}
