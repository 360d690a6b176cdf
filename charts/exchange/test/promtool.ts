import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';

// tools/dev is a tool, not a lib with an @exchange alias; its apt helper is what `npm run dev -- up` uses to
// install missing servers, and the chart tests install promtool the same way instead of copying it.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type AptProgram, type DevOptions, ensureAptProgram, resolveConfig } from '../../../tools/dev/src';

/** promtool, from Debian's package that ships it with the prometheus server. */
const PROMTOOL: AptProgram = {
  binary: 'promtool',
  versionArgs: ['--version'],
  aptPackage: 'prometheus',
  otherwise:
    'put the promtool of a Prometheus release (https://prometheus.io/download/) on PATH, then run the chart tests again.',
};

/** Runs promtool; returns its exit status and output (stdout and stderr). */
export function promtool(args: string[], cwd: string): { status: number; output: string } {
  const result = spawnSync('promtool', args, {
    cwd,
    env: { ...process.env, PATH: resolveConfig({}).binSearchPath.join(delimiter) },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** Makes promtool runnable: the installed one, or Debian's `prometheus` package installed by tools/dev's apt helper. */
export async function ensurePromtool(
  log: (line: string) => void = () => undefined,
  options: Pick<DevOptions, 'binSearchPath'> = {},
): Promise<void> {
  await ensureAptProgram(PROMTOOL, log, options);
}
