/**
 * FNV-1a over UTF-16 code units, in two 32-bit lanes with different offset bases, printed as 16 hex
 * digits. Not cryptographic: it detects divergence between two replays of the same journal.
 */
export class StateHasher {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x9e3779b9;

  str(s: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ (c & 0xff), 0x01000193);
      a = Math.imul(a ^ (c >>> 8), 0x01000193);
      b = Math.imul(b ^ (c & 0xff), 0x01000193);
      b = Math.imul(b ^ (c >>> 8), 0x01000193);
    }
    // A separator so that ("ab","c") and ("a","bc") differ.
    a = Math.imul(a ^ 0x1f, 0x01000193);
    b = Math.imul(b ^ 0x1f, 0x01000193);
    this.a = a;
    this.b = b;
    return this;
  }

  num(n: number): this {
    return this.str(String(n));
  }

  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

/** FNV-1a 32 of one string, for order-independent set hashes. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c & 0xff), 0x01000193);
    h = Math.imul(h ^ (c >>> 8), 0x01000193);
  }
  return h >>> 0;
}
