import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';

// tools/dev is a tool, not a lib with an @exchange alias; its apt helper is what `npm run dev -- up` uses to
// install missing servers, and the chart tests install promtool the same way instead of copying it.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { aptInstall, type DevOptions, findAptGet, resolveConfig } from '../../../tools/dev/src';

/** Debian's package that ships promtool (and the prometheus server). */
const PACKAGE = 'prometheus';

/** Runs promtool; returns its exit status and output (stdout and stderr). */
export function promtool(args: string[], cwd: string): { status: number; output: string } {
  const result = spawnSync('promtool', args, {
    cwd,
    env: { ...process.env, PATH: searchPath({}) },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** PATH plus the sbin folders, as tools/dev searches for server binaries (or `options.binSearchPath`). */
function searchPath(options: DevOptions): string {
  return resolveConfig(options).binSearchPath.join(delimiter);
}

function hasPromtool(options: DevOptions): boolean {
  const result = spawnSync('promtool', ['--version'], {
    env: { PATH: searchPath(options) },
    stdio: 'ignore',
  });
  return result.error === undefined && result.status === 0;
}

/**
 * Makes promtool runnable: uses the installed one, or installs Debian's `prometheus` package with tools/dev's
 * apt helper (as root). Throws a message that says how to install it when neither works, so a machine
 * without promtool fails loudly instead of skipping the alert tests.
 */
export async function ensurePromtool(
  log: (line: string) => void = () => undefined,
  options: Pick<DevOptions, 'binSearchPath'> = {},
): Promise<void> {
  if (hasPromtool(options)) return;
  const apt = findAptGet(resolveConfig(options).binSearchPath);
  if (!apt.path || !apt.canInstall) {
    throw new Error(
      `promtool is not installed and this process cannot install it (${apt.path ? 'not root' : 'no apt-get'}). ` +
        `Install it with \`sudo apt-get install -y ${PACKAGE}\` (Debian/Ubuntu) or put the promtool of a ` +
        'Prometheus release (https://prometheus.io/download/) on PATH, then run the chart tests again.',
    );
  }
  await aptInstall(apt.path, [PACKAGE], process.env, log);
  if (!hasPromtool(options)) throw new Error(`apt-get installed ${PACKAGE} but promtool still does not run`);
}
