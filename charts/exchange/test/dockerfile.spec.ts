import { readFileSync } from 'node:fs';
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
    expect(froms.map((f) => f.stage)).toEqual(['deps', 'source', 'prod-deps', 'runtime']);
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
});
