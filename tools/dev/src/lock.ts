import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';

import { waitFor } from './process';

const STALE_MS = 5 * 60_000;

/**
 * Runs `fn` while holding `<dir>/<name>.lock`, so parallel test set-ups do not start one server twice.
 * A lock older than five minutes is taken as left over by a killed run.
 */
export async function withLock<T>(
  dir: string,
  name: string,
  fn: () => Promise<T>,
  timeoutMs = 180_000,
): Promise<T> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.lock`);
  const acquired = await waitFor(async () => {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(file).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_MS) await rm(file, { force: true });
      return undefined;
    }
  }, timeoutMs);
  if (!acquired)
    throw new Error(`timed out waiting for ${file}; remove it if no other run of tools/dev is active`);
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
