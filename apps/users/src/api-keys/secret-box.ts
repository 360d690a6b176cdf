import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A secret sealed envelope-style: its own data key encrypts it, the key-encryption key wraps that data key. */
export interface SealedSecret {
  /** Which key-encryption key wrapped the data key (first 8 bytes of its SHA-256, hex), for rotation. */
  kekId: string;
  /** AES-256-GCM of the data key under the KEK: iv (12) ‖ tag (16) ‖ ciphertext (32). */
  wrappedKey: Buffer;
  /** AES-256-GCM of the secret under the data key: iv (12) ‖ tag (16) ‖ ciphertext. */
  ciphertext: Buffer;
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

/**
 * Encrypts secrets the service must read back (HMAC API-key secrets, TOTP secrets) with a key-encryption key
 * from configuration. The `context` (e.g. the API key's id) is bound as associated data, so a ciphertext moved
 * to another row does not decrypt.
 */
export class SecretBox {
  readonly kekId: string;
  private readonly kek: Buffer;
  /** Every KEK that may open a sealed value, by id: the current one and those being rotated out. */
  private readonly keks: ReadonlyMap<string, Buffer>;

  /** Seals with `kek`; opens with it or any of `previous` (rotation: old values stay readable meanwhile). */
  constructor(kek: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [kek, ...previous])
      if (key.length !== 32) throw new Error('the key-encryption key must be 32 bytes');
    this.kek = kek;
    this.kekId = kekIdOf(kek);
    this.keks = new Map([...previous, kek].map((key) => [kekIdOf(key), key]));
  }

  seal(secret: string, context: string): SealedSecret {
    const dataKey = randomBytes(32);
    const aad = Buffer.from(context);
    const sealed = {
      kekId: this.kekId,
      wrappedKey: seal(this.kek, dataKey, aad),
      ciphertext: seal(dataKey, Buffer.from(secret, 'utf8'), aad),
    };
    dataKey.fill(0);
    return sealed;
  }

  open(sealed: SealedSecret, context: string): string {
    const dataKey = this.unwrap(sealed, context);
    try {
      return open(dataKey, sealed.ciphertext, Buffer.from(context)).toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * The same secret with its data key wrapped under the current KEK (KEK rotation): only the 32-byte data key is
   * re-encrypted, the secret's ciphertext stays as it is and the secret itself is never in memory. Checks first
   * that the data key still opens the ciphertext, so a damaged value is reported rather than carried over.
   */
  rewrap(sealed: SealedSecret, context: string): SealedSecret {
    const aad = Buffer.from(context);
    const dataKey = this.unwrap(sealed, context);
    try {
      open(dataKey, sealed.ciphertext, aad).fill(0);
      return { kekId: this.kekId, wrappedKey: seal(this.kek, dataKey, aad), ciphertext: sealed.ciphertext };
    } finally {
      dataKey.fill(0);
    }
  }

  private unwrap(sealed: SealedSecret, context: string): Buffer {
    const kek = this.keks.get(sealed.kekId);
    if (!kek) throw new Error(`sealed under another key-encryption key (${sealed.kekId})`);
    return open(kek, sealed.wrappedKey, Buffer.from(context));
  }
}

/** The KEK's id: the first 8 bytes of its SHA-256, hex. */
export function kekIdOf(kek: Buffer): string {
  return createHash('sha256').update(kek).digest().subarray(0, 8).toString('hex');
}

/** One text column: `v1.<kekId>.<wrappedKey base64url>.<ciphertext base64url>`. */
export function encodeSealed(sealed: SealedSecret): string {
  return [
    'v1',
    sealed.kekId,
    sealed.wrappedKey.toString('base64url'),
    sealed.ciphertext.toString('base64url'),
  ].join('.');
}

export function decodeSealed(text: string): SealedSecret {
  const [version, kekId, wrappedKey, ciphertext] = text.split('.');
  if (version !== 'v1' || !kekId || !wrappedKey || !ciphertext) throw new Error('not a sealed secret');
  return {
    kekId,
    wrappedKey: Buffer.from(wrappedKey, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
}
