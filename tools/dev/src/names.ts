import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses: `<prefix>_<pid>_<time36><random hex>`, lower-case and at most 63 characters,
 * so it is valid as a PostgreSQL database, a key prefix or a stream name.
 */
export function uniqueName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .replace(/^([0-9])/, '_$1') || 'test';
  const suffix = `_${process.pid}_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  return `${clean.slice(0, 63 - suffix.length)}${suffix}`;
}
