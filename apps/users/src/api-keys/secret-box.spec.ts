import { randomBytes } from 'node:crypto';

import { decodeSealed, encodeSealed, SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox(randomBytes(32));

  it('round-trips a secret through its text form without keeping it in clear', () => {
    const text = encodeSealed(sut.seal('hmac-secret-value', 'api-key:1'));
    expect(text).not.toContain('hmac-secret-value');
    expect(sut.open(decodeSealed(text), 'api-key:1')).toBe('hmac-secret-value');
  });

  it('opens values sealed under a previous KEK while it is configured, and seals with the current one', () => {
    const oldKek = randomBytes(32);
    const old = new SecretBox(oldKek).seal('rotating', 'totp:1');
    const rotated = new SecretBox(randomBytes(32), [oldKek]);
    expect(rotated.open(old, 'totp:1')).toBe('rotating');
    expect(rotated.seal('new', 'totp:1').kekId).toBe(rotated.kekId);
    expect(rotated.kekId).not.toBe(old.kekId);
  });

  it('refuses another context, another key and a tampered ciphertext', () => {
    const sealed = sut.seal('s', 'api-key:1');
    expect(() => sut.open(sealed, 'api-key:2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'api-key:1')).toThrow(
      /another key-encryption key/,
    );
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    tampered.ciphertext[tampered.ciphertext.length - 1]! ^= 1;
    expect(() => sut.open(tampered, 'api-key:1')).toThrow();
  });
});
