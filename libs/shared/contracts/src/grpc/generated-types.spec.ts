import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { generateGrpcTypes } from './generate';

function filesUnder(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return out;
}

describe('generated gRPC types', () => {
  it('are what the proto files generate today (run `npm run grpc:generate` after changing a proto)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'grpc-types-'));
    try {
      generateGrpcTypes(fresh);
      const expected = filesUnder(fresh);
      const checkedIn = filesUnder(join(__dirname, 'generated'));
      expect([...checkedIn.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [file, content] of expected)
        expect({ file, content: checkedIn.get(file) }).toEqual({ file, content });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);
});
