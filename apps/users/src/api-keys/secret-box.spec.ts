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

  it('rewraps a value under the current KEK, keeping its ciphertext, so that the old KEK is no longer needed', () => {
    const oldKek = randomBytes(32);
    const old = new SecretBox(oldKek).seal('rotating', 'api-key:7');
    const newKek = randomBytes(32);
    const rotating = new SecretBox(newKek, [oldKek]);
    const rewrapped = rotating.rewrap(old, 'api-key:7');
    expect(rewrapped.kekId).toBe(rotating.kekId);
    expect(rewrapped.ciphertext.equals(old.ciphertext)).toBe(true);
    expect(rewrapped.wrappedKey.equals(old.wrappedKey)).toBe(false);
    expect(new SecretBox(newKek).open(rewrapped, 'api-key:7')).toBe('rotating');
    expect(() => rotating.rewrap(old, 'api-key:8')).toThrow();
    const damaged = { ...old, ciphertext: Buffer.from(old.ciphertext) };
    damaged.ciphertext[damaged.ciphertext.length - 1]! ^= 1;
    expect(() => rotating.rewrap(damaged, 'api-key:7')).toThrow();
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
