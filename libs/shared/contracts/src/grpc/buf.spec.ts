import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROTO = join(__dirname, '..', '..', 'proto');
const BUF = join(PROTO, '..', '..', '..', '..', 'node_modules', '.bin', 'buf');

function buf(...args: string[]): { ok: boolean; output: string } {
  return bufIn(PROTO, ...args);
}

function bufIn(cwd: string, ...args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(BUF, args, { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('proto files', () => {
  it('keep buf STANDARD lint rules', () => {
    expect(buf('lint')).toEqual({ ok: true, output: '' });
  }, 60_000);

  it('break nothing that v1 published (buf breaking against the stored v1 image)', () => {
    expect(buf('breaking', '--against', 'baseline/v1.binpb')).toEqual({ ok: true, output: '' });
  }, 60_000);

  it('catch a breaking change: a renumbered field fails against the same image', () => {
    const copy = mkdtempSync(join(tmpdir(), 'proto-'));
    try {
      cpSync(PROTO, copy, { recursive: true });
      const file = join(copy, 'exchange/common/v1/common.proto');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('uint64 order_id = 2;', 'uint64 order_id = 99;'),
      );
      const result = bufIn(copy, 'breaking', '--against', join(PROTO, 'baseline/v1.binpb'));
      expect(result.ok).toBe(false);
      expect(result.output).toContain('order_id');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});
