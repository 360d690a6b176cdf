// @vitest-environment node
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build, type Manifest } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

/** The main bundle a first visit downloads, gzipped (Lighthouse-style performance budget). */
const MAIN_BUNDLE_BUDGET_BYTES = 300 * 1024;

describe('bundle budget', () => {
  let outDir: string | undefined;

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('keeps the main chunk and what it imports statically under 300 kB gzipped', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'web-budget-'));
    // Vitest runs with NODE_ENV=test, which would bundle React's development build.
    process.env['NODE_ENV'] = 'production';
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.mts', import.meta.url)),
      mode: 'production',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, manifest: 'manifest.json' },
    });
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
    const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
    expect(entry).toBeDefined();

    // The entry chunk plus every chunk it imports statically: all of it loads before the first paint.
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit(Object.keys(manifest).find((key) => manifest[key] === entry)!);

    let gzipped = 0;
    for (const file of files) gzipped += gzipSync(await readFile(join(outDir, file))).length;
    console.info(`main bundle: ${[...files].join(', ')}: ${gzipped} bytes gzipped`);
    expect(gzipped).toBeGreaterThan(0);
    expect(gzipped).toBeLessThan(MAIN_BUNDLE_BUDGET_BYTES);
  });
});
