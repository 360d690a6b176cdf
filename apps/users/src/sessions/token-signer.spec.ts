import { generateKeyPairSync } from 'node:crypto';

import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

import { TokenSigner } from './token-signer';

describe(TokenSigner.name, () => {
  const options = { issuer: 'exchange-users', audience: 'exchange', ttlSeconds: 900 };
  const now = new Date();
  const claims = {
    userId: '7b6f3f5e-8a4e-4a53-9a4c-1d2e3f4a5b6c',
    sessionId: 'b1c2d3e4-0000-4000-8000-000000000001',
  };
  const pair = generateKeyPairSync('ed25519');
  const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('signs with a PKCS#8 PEM key; the public JWKS verifies the token and holds no private part', async () => {
    const sut = await TokenSigner.create(pem, options);
    const { token, expiresAt } = await sut.sign(claims, now);
    const jwks = sut.jwks();
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'exchange-users',
      audience: 'exchange',
    });
    expect(payload).toMatchObject({ sub: claims.userId, sid: claims.sessionId });
    expect(expiresAt.getTime() - now.getTime()).toBeLessThanOrEqual(900_000);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0]!.kid });
    expect(await sut.verify(token, now)).toEqual(claims);
  });

  it('accepts the same key as a one-line PEM with \\n escapes and as a JWK, with the same kid', async () => {
    const fromPem = await TokenSigner.create(pem, options);
    const fromEscaped = await TokenSigner.create(pem.replace(/\n/g, '\\n'), options);
    const jwk = JSON.stringify(pair.privateKey.export({ format: 'jwk' }));
    const fromJwk = await TokenSigner.create(jwk, options);
    expect(fromEscaped.jwks()).toEqual(fromPem.jwks());
    expect(fromJwk.jwks()).toEqual(fromPem.jwks());
  });

  it('refuses tokens past their expiry, from another key, or for another audience', async () => {
    const sut = await TokenSigner.create(pem, options);
    const { token } = await sut.sign(claims, now);
    expect(await sut.verify(token, new Date(now.getTime() + 901_000))).toBeNull();
    const other = await TokenSigner.create(undefined, options);
    expect(await other.verify(token, now)).toBeNull();
    const otherAudience = await TokenSigner.create(pem, { ...options, audience: 'elsewhere' });
    expect(await otherAudience.verify(token, now)).toBeNull();
  });

  it('refuses keys that are not Ed25519', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    await expect(TokenSigner.create(ec.toString(), options)).rejects.toThrow();
    await expect(TokenSigner.create('{"kty":"EC"}', options)).rejects.toThrow(/Ed25519/);
  });
});
