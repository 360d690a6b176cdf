import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type AptProgram, ensureAptProgram } from './apt';

const PROGRAM: AptProgram = {
  binary: 'exchange-apt-probe',
  versionArgs: ['--version'],
  aptPackage: 'exchange-apt-probe-package',
  otherwise: 'build it yourself.',
};

describe('ensureAptProgram', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dev-apt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function script(name: string, exitCode: number): string {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\nexit ${exitCode}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('returns the path of an installed program that runs, without touching apt-get', async () => {
    const path = script(PROGRAM.binary, 0);
    script('apt-get', 1); // would fail the call if it were run
    await expect(
      ensureAptProgram(PROGRAM, () => undefined, { binSearchPath: [dir], dataDir: dir }),
    ).resolves.toBe(path);
  });

  it('takes a program whose version check fails twice and then runs, without touching apt-get', async () => {
    const path = join(dir, PROGRAM.binary);
    // Fails its first two runs (each leaves a mark), runs from the third on: once more than the check under the
    // install lock would retry by itself.
    writeFileSync(
      path,
      `#!/bin/sh\nif [ -e "$0.ran2" ]; then exit 0; fi\nif [ -e "$0.ran1" ]; then touch "$0.ran2"; exit 1; fi\ntouch "$0.ran1"\nexit 1\n`,
    );
    chmodSync(path, 0o755);
    script('apt-get', 1); // would fail the call if it were run
    await expect(
      ensureAptProgram(PROGRAM, () => undefined, { binSearchPath: [dir], dataDir: dir }),
    ).resolves.toBe(path);
  });

  it('says how to install a missing program where apt-get is missing', async () => {
    await expect(
      ensureAptProgram(PROGRAM, () => undefined, { binSearchPath: [dir], dataDir: dir }),
    ).rejects.toThrow(
      'exchange-apt-probe is not installed and this process cannot install it (no apt-get). ' +
        'Install it with `sudo apt-get install -y exchange-apt-probe-package` (Debian/Ubuntu) or build it yourself.',
    );
  });

  it('does not take a program that is there but does not run', async () => {
    script(PROGRAM.binary, 3);
    await expect(
      ensureAptProgram(PROGRAM, () => undefined, { binSearchPath: [dir], dataDir: dir }),
    ).rejects.toThrow(/is not installed and this process cannot install it/);
  });

  // Only root may install (tools/dev's rule); the refusal is covered above.
  const asRoot = process.getuid?.() === 0 ? it : it.skip;

  asRoot('installs with apt-get under the lock when it may, then checks that the program runs', async () => {
    const calls = join(dir, 'calls');
    // A stand-in apt-get that "installs" by writing the program, so that the test never touches dpkg.
    writeFileSync(
      join(dir, 'apt-get'),
      `#!/bin/sh\necho "$@" >> ${calls}\n[ "$1" = install ] && printf '#!/bin/sh\\nexit 0\\n' > ${join(dir, PROGRAM.binary)} && chmod 755 ${join(dir, PROGRAM.binary)}\nexit 0\n`,
    );
    chmodSync(join(dir, 'apt-get'), 0o755);
    const lines: string[] = [];
    const path = await ensureAptProgram(PROGRAM, (line) => lines.push(line), {
      binSearchPath: [dir],
      dataDir: dir,
    });
    expect(path).toBe(join(dir, PROGRAM.binary));
    expect(lines).toEqual(['apt-get update', 'apt-get install -y exchange-apt-probe-package']);
  });
});
