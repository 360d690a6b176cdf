import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  jwtVerify,
  SignJWT,
} from 'jose';
import { createPublicKey, KeyObject, type webcrypto } from 'node:crypto';

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export interface SignerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

type SigningKey = Awaited<ReturnType<typeof importPKCS8>>;

/**
 * Signs access tokens with Ed25519 (JWS `EdDSA`); the gateway verifies them with the public key from
 * `users.query.jwks.v1` and never holds the private key. Claims: `sub` user, `sid` session, `iss`, `aud`,
 * `iat`, `exp` (≤ 15 min), header `kid` = the public key's RFC 7638 thumbprint.
 */
export class TokenSigner {
  private constructor(
    private readonly privateKey: SigningKey,
    private readonly publicKey: KeyObject,
    private readonly publicJwk: Record<string, unknown> & { kid: string },
    private readonly options: SignerOptions,
  ) {}

  /** From a PKCS#8 PEM or an Ed25519 private JWK; null `key` makes an ephemeral pair (development only). */
  static async create(key: string | undefined, options: SignerOptions): Promise<TokenSigner> {
    let privateKey: SigningKey;
    if (!key) {
      privateKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).privateKey;
    } else if (key.trim().startsWith('{')) {
      const jwk = JSON.parse(key) as { kty?: string; crv?: string; d?: string };
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d)
        throw new Error('JWT_PRIVATE_KEY: expected an Ed25519 private JWK');
      privateKey = (await importJWK(jwk, 'EdDSA')) as SigningKey;
    } else {
      privateKey = await importPKCS8(key.replace(/\\n/g, '\n'), 'EdDSA', { extractable: true });
    }
    const privateObject =
      privateKey instanceof KeyObject ? privateKey : KeyObject.from(privateKey as webcrypto.CryptoKey);
    const publicKey = createPublicKey(privateObject);
    if (publicKey.asymmetricKeyType !== 'ed25519')
      throw new Error('JWT_PRIVATE_KEY: expected an Ed25519 key');
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new TokenSigner(privateKey, publicKey, { ...jwk, kid, alg: 'EdDSA', use: 'sig' }, options);
  }

  jwks(): { keys: (Record<string, unknown> & { kty: string; kid: string; alg: string; use: 'sig' })[] } {
    return {
      keys: [
        this.publicJwk as Record<string, unknown> & { kty: string; kid: string; alg: string; use: 'sig' },
      ],
    };
  }

  async sign(claims: AccessClaims, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.options.ttlSeconds;
    const token = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.publicJwk.kid, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid, unexpired token of ours, or null. */
  async verify(token: string, now: Date): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['EdDSA'],
        currentDate: now,
      });
      if (typeof payload.sub !== 'string' || typeof payload['sid'] !== 'string') return null;
      return { userId: payload.sub, sessionId: payload['sid'] };
    } catch {
      return null;
    }
  }
}
