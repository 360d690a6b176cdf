import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // 32 symbols, no 0/O or 1/I

/**
 * Ten recovery codes of 20 symbols (100 random bits) shown as `XXXXX-XXXXX-XXXXX-XXXXX`. With that much
 * entropy a plain SHA-256 is enough to store them (nothing to brute-force), and a code is found by its hash.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const symbols = Array.from({ length: 20 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return symbols.match(/.{5}/g)!.join('-');
  });
}

/** Upper-cased, dashes and spaces dropped: what users type back is compared in this form. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashRecoveryCode(code: string): Buffer {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest();
}
