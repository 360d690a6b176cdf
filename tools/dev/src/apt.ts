import { spawnSync } from 'node:child_process';

import { type DevOptions, resolveConfig } from './config';
import { withLock } from './lock';
import { findExecutable, isRoot, runChecked } from './process';

/** apt-get's path, and whether this process may install with it (only root may). */
export function findAptGet(searchPath: readonly string[]): { path?: string; canInstall: boolean } {
  const path = findExecutable('apt-get', searchPath);
  return { path, canInstall: path !== undefined && isRoot() };
}

/** `apt-get update` then `apt-get install -y <packages>`, non-interactively. */
export async function aptInstall(
  aptGet: string,
  packages: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`apt-get update`);
  await runChecked(aptGet, ['update'], { env: aptEnv });
  log(`apt-get install -y ${packages.join(' ')}`);
  await runChecked(aptGet, ['install', '-y', '--no-install-recommends', ...packages], { env: aptEnv });
}

/** A program that tests run from a Debian package (a browser, promtool), not a server that tools/dev starts. */
export interface AptProgram {
  /** The executable's file name, looked up on tools/dev's search path. */
  readonly binary: string;
  /** Arguments that make it print its version and exit 0: proof that it runs, not only that it exists. */
  readonly versionArgs: readonly string[];
  /** Debian's package that ships it. */
  readonly aptPackage: string;
  /** What a user without apt-get or root can do instead, appended to the error. */
  readonly otherwise: string;
}

/** Attempts at the version check before a program counts as not running. */
const RUN_ATTEMPTS = 3;

/**
 * Whether the program prints its version and exits 0. Tried up to `RUN_ATTEMPTS` times: on a machine busy with a whole
 * test run, Debian's chromium once failed the check twice (before the install lock and under it) and was installed
 * again by apt-get, which needs the network, although it ran the next moment.
 */
function runs(path: string, program: AptProgram): boolean {
  for (let attempt = 1; attempt <= RUN_ATTEMPTS; attempt++) {
    const result = spawnSync(path, [...program.versionArgs], { stdio: 'ignore', timeout: 60_000 });
    if (result.error === undefined && result.status === 0) return true;
  }
  return false;
}

/**
 * The path of a runnable `program`: the installed one, or the one apt-get installs (as root, under the same
 * lock as tools/dev's server installs, so parallel test files never run two dpkg at once). Throws a message
 * that says how to install it when neither works, so a machine without it fails loudly instead of skipping tests.
 */
export async function ensureAptProgram(
  program: AptProgram,
  log: (line: string) => void = () => undefined,
  options: Pick<DevOptions, 'binSearchPath' | 'dataDir'> = {},
): Promise<string> {
  const config = resolveConfig(options);
  const found = (): string | undefined => {
    const path = findExecutable(program.binary, config.binSearchPath);
    return path !== undefined && runs(path, program) ? path : undefined;
  };
  const present = found();
  if (present) return present;
  const apt = findAptGet(config.binSearchPath);
  if (!apt.path || !apt.canInstall) {
    throw new Error(
      `${program.binary} is not installed and this process cannot install it (${apt.path ? 'not root' : 'no apt-get'}). ` +
        `Install it with \`sudo apt-get install -y ${program.aptPackage}\` (Debian/Ubuntu) or ${program.otherwise}`,
    );
  }
  const aptGet = apt.path;
  // Another test file may have installed it while this one waited for the lock.
  await withLock(config.dataDir, 'apt', async () => {
    if (!found()) await aptInstall(aptGet, [program.aptPackage], process.env, log);
  });
  const installed = found();
  if (!installed)
    throw new Error(`apt-get installed ${program.aptPackage} but ${program.binary} still does not run`);
  return installed;
}
