import { runChecked, findExecutable, isRoot } from './process';

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
