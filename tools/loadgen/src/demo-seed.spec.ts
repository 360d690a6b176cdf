import { belowHalf, demoAlias } from './demo-seed';
import { totpCode } from './totp';

describe(belowHalf.name, () => {
  it.each([
    ['0', '10', true],
    ['4.99999999', '10', true],
    ['5', '10', false],
    ['5.000000000000000001', '10', false],
    ['999999.5', '1000000', false],
  ])('%s below half of %s: %p', (value, target, expected) => expect(belowHalf(value, target)).toBe(expected));
});

describe(totpCode.name, () => {
  it('gives the RFC 6238 SHA-1 test vector (T = 59 s)', () => {
    // RFC 6238 appendix B: secret "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), 8 digits
    // 94287082; authenticators use the last six: 287082.
    expect(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1)).toBe('287082');
  });
});

describe(demoAlias.name, () => {
  it('keeps the address first, then adds +n before the @', () => {
    expect([0, 1, 2].map((n) => demoAlias('alice@example.com', n))).toEqual([
      'alice@example.com',
      'alice+1@example.com',
      'alice+2@example.com',
    ]);
  });
});
