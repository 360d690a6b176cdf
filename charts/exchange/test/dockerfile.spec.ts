import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { WORKSPACE } from './helm';

/**
 * A text-level check of deploy/docker/Dockerfile (no Docker engine runs here, so nothing is built):
 * instructions are parsed line by line, continuation lines joined, comments dropped.
 */
interface Instruction {
  keyword: string;
  args: string;
  stage: string;
}

function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  let stage = '';
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? '';
    return { keyword: keyword.toUpperCase(), args, stage };
  });
}

describe('deploy/docker/Dockerfile', () => {
  const text = readFileSync(join(WORKSPACE, 'deploy/docker/Dockerfile'), 'utf8');
  const instructions = parseDockerfile(text);
  const inStage = (stage: string) => instructions.filter((i) => i.stage === stage);
  const froms = instructions.filter((i) => i.keyword === 'FROM');
  const runtime = () => inStage(froms[froms.length - 1]?.args.split(/\s+AS\s+/i)[1] ?? '');

  it('is multi-stage on node:20-bookworm-slim and ends with the runtime stage', () => {
    // runtime last: a plain `docker build` (no --target) gives the service image.
    expect(froms.map((f) => f.stage)).toEqual(['deps', 'source', 'prod-deps', 'web-build', 'web', 'runtime']);
    expect(instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args).toBe(
      'NODE_IMAGE=node:20-bookworm-slim',
    );
  });

  it('installs dependencies with npm ci exactly once, from the lockfile, and prunes dev dependencies', () => {
    const runs = instructions.filter((i) => i.keyword === 'RUN');
    const installs = runs.filter((i) => /\bnpm (ci|install|i)\b/.test(i.args));
    expect(installs.map((i) => i.stage)).toEqual(['deps']);
    expect(installs[0]?.args).toMatch(/\bnpm ci\b/);
    expect(
      inStage('deps')
        .filter((i) => i.keyword === 'COPY')
        .map((i) => i.args),
    ).toEqual(['package.json package-lock.json ./']);
    expect(runs.find((i) => i.stage === 'prod-deps')?.args).toMatch(/npm prune --omit=dev/);
  });

  it('selects the service by the APP build argument and runs it with tools/run.cjs', () => {
    expect(
      inStage('source').some((i) => i.keyword === 'COPY' && i.args === 'apps/${APP}/src apps/${APP}/src'),
    ).toBe(true);
    const cmd = runtime().find((i) => i.keyword === 'CMD');
    expect(JSON.parse(cmd?.args ?? 'null')).toEqual([
      'sh',
      '-c',
      'exec node tools/run.cjs apps/${APP}/src/main.ts',
    ]);
    expect(JSON.parse(runtime().find((i) => i.keyword === 'ENTRYPOINT')?.args ?? 'null')).toEqual([
      '/usr/bin/tini',
      '--',
    ]);
  });

  it('runs as a numeric non-root user, listens on all interfaces and exposes the port argument', () => {
    const users = runtime().filter((i) => i.keyword === 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]?.args).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(runtime().find((i) => i.keyword === 'ENV')?.args).toMatch(/HTTP_HOST=0\.0\.0\.0/);
    expect(runtime().find((i) => i.keyword === 'EXPOSE')?.args).toBe('${PORT}');
  });

  it('has no HEALTHCHECK: Kubernetes probes /health/live and /health/ready', () => {
    expect(instructions.filter((i) => i.keyword === 'HEALTHCHECK')).toEqual([]);
  });

  it('ships no devDependencies: the runtime copies node_modules from the pruned stage only', () => {
    const copies = runtime().filter((i) => i.keyword === 'COPY' && i.args.includes('node_modules'));
    expect(copies.map((i) => /--from=(\S+)/.exec(i.args)?.[1])).toEqual(['prod-deps']);
  });

  it('keeps node_modules, git history and specs out of the build context', () => {
    const ignored = readFileSync(join(WORKSPACE, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.git', '**/*.spec.ts']));
  });

  it('copies the chart hook commands (migrate, smoke-order) into every image and lets them into the context', () => {
    expect(
      inStage('source').some(
        (i) =>
          i.keyword === 'COPY' &&
          i.args === 'deploy/docker/migrate.ts deploy/docker/smoke-order.ts deploy/docker/',
      ),
    ).toBe(true);
    expect(runtime().some((i) => i.keyword === 'COPY' && i.args.includes('/app/deploy ./deploy'))).toBe(true);
    const ignored = readFileSync(join(WORKSPACE, '.dockerignore'), 'utf8').split('\n');
    const deploy = ignored.indexOf('deploy');
    expect(deploy).toBeGreaterThanOrEqual(0);
    for (const file of ['migrate.ts', 'smoke-order.ts']) {
      expect(ignored.indexOf(`!deploy/docker/${file}`)).toBeGreaterThan(deploy);
      expect(existsSync(join(WORKSPACE, 'deploy/docker', file))).toBe(true);
    }
  });

  describe('web target (static files for S3 + CloudFront)', () => {
    it('builds apps/web with vite in a stage on the full dependencies, never in the runtime', () => {
      expect(froms.find((f) => f.stage === 'web-build')?.args).toBe('deps AS web-build');
      const runs = inStage('web-build').filter((i) => i.keyword === 'RUN');
      expect(runs.map((i) => i.args)).toEqual(['npx vite build --config apps/web/vite.config.mts']);
      expect(runtime().some((i) => /--from=web/.test(i.args))).toBe(false);
    });

    it('ships only the built files in a scratch stage (no web server), for docker build --output', () => {
      const web = inStage('web');
      expect(froms.find((f) => f.stage === 'web')?.args).toBe('scratch AS web');
      expect(web.map((i) => `${i.keyword} ${i.args}`)).toEqual([
        'FROM scratch AS web',
        'COPY --from=web-build /app/dist/apps/web/ /',
      ]);
      expect(text).toContain('--target web --output type=local,dest=web-dist');
    });

    it('keeps what the web build reads in the build context (apps/web, the money library it imports)', () => {
      const ignored = readFileSync(join(WORKSPACE, '.dockerignore'), 'utf8').split('\n');
      expect(ignored).not.toContain('apps');
      expect(ignored).not.toContain('libs');
      const copies = inStage('web-build')
        .filter((i) => i.keyword === 'COPY')
        .map((i) => i.args);
      expect(copies).toEqual(
        expect.arrayContaining(['apps/web apps/web', 'libs/shared/domain-money libs/shared/domain-money']),
      );
    });

    it("runs the stage's vite build here and finds index.html and its assets in the output", () => {
      const [command] = inStage('web-build').filter((i) => i.keyword === 'RUN');
      const args = (command?.args ?? '').split(/\s+/).slice(1); // without `npx`
      const out = mkdtempSync(join(tmpdir(), 'web-dist-'));
      try {
        const result = spawnSync(
          process.execPath,
          [
            join(WORKSPACE, 'node_modules/vite/bin/vite.js'),
            ...args.slice(1),
            '--outDir',
            out,
            '--emptyOutDir',
          ],
          { cwd: WORKSPACE, encoding: 'utf8', timeout: 180_000 },
        );
        expect(args[0]).toBe('vite');
        expect(result.status).toBe(0);
        const html = readFileSync(join(out, 'index.html'), 'utf8');
        // base './': the files work from any S3 prefix and CloudFront path.
        const scripts = [...html.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
        expect(scripts.length).toBeGreaterThan(0);
        for (const script of scripts) expect(existsSync(join(out, script))).toBe(true);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }, 180_000);
  });
});
