import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIN_PASSWORD_LENGTH = 12;

export type PasswordVerdict = { ok: true } | { ok: false; reason: 'too-short' | 'too-common' };

/** Lower-cased, with spaces removed: how passwords are compared to the common list. */
const canonical = (password: string) => password.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * The sign-up password policy: at least 12 characters (code points), not on the bundled list of common
 * passwords (compared case-insensitively), and not one character repeated or a plain run such as 123456789012.
 */
export class PasswordPolicy {
  private readonly common: ReadonlySet<string>;

  constructor(commonPasswords: Iterable<string>) {
    this.common = new Set([...commonPasswords].map(canonical).filter(Boolean));
  }

  /** The policy with `common-passwords.txt`, one password a line, `#` comments. */
  static fromBundledList(file = join(__dirname, 'common-passwords.txt')): PasswordPolicy {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    return new PasswordPolicy(lines);
  }

  get size(): number {
    return this.common.size;
  }

  check(password: string): PasswordVerdict {
    if ([...password].length < MIN_PASSWORD_LENGTH) return { ok: false, reason: 'too-short' };
    const value = canonical(password);
    if (this.common.has(value) || isTrivial(value)) return { ok: false, reason: 'too-common' };
    return { ok: true };
  }
}

/** One repeated character, or a run of consecutive characters up or down (`abcdefghijkl`, `210987654321`). */
function isTrivial(value: string): boolean {
  const codes = [...value].map((c) => c.codePointAt(0)!);
  if (codes.every((code) => code === codes[0])) return true;
  const steps = codes.slice(1).map((code, i) => code - codes[i]!);
  return steps.every((step) => step === 1 || step === -9) || steps.every((step) => step === -1 || step === 9);
}
