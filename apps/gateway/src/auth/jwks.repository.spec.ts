import { exportJWK, generateKeyPair, SignJWT } from 'jose';

import { type GatewayConfig } from '../config/gateway.config';
import { type ClockRepository } from '../general/clock.repository';
import { type ServiceClientRepository } from '../services/service-client.repository';
import { JwksRepository } from './jwks.repository';

async function signingKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' as const };
  const token = (claims: { aud?: string; exp?: number } = {}) =>
    new SignJWT({ sid: 'session-1' })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject('user-1')
      .setIssuer('exchange-users')
      .setAudience(claims.aud ?? 'exchange')
      .setIssuedAt(1_700_000_000)
      .setExpirationTime(claims.exp ?? 1_700_000_900)
      .sign(privateKey);
  return { jwk, token };
}

describe(JwksRepository.name, () => {
  let now: number;
  let published: Record<string, unknown>[];
  let fetches: number;
  let sut: JwksRepository;

  beforeEach(() => {
    now = 1_700_000_100_000;
    published = [];
    fetches = 0;
    const services = {
      request: jest.fn(async () => {
        fetches++;
        return { keys: published };
      }),
    } as unknown as ServiceClientRepository;
    const clock = { nowMs: () => now } as ClockRepository;
    const config = { JWT_ISSUER: 'exchange-users', JWT_AUDIENCE: 'exchange' } as GatewayConfig;
    sut = new JwksRepository(services, clock, config);
  });

  it('verifies a token with the published key and fetches the key set once', async () => {
    const key = await signingKey('k1');
    published = [key.jwk];
    expect(await sut.verify(await key.token())).toEqual({ userId: 'user-1', sessionId: 'session-1' });
    expect(await sut.verify(await key.token())).toEqual({ userId: 'user-1', sessionId: 'session-1' });
    expect(fetches).toBe(1);
  });

  it('refuses expired tokens, other audiences and garbage', async () => {
    const key = await signingKey('k1');
    published = [key.jwk];
    expect(await sut.verify(await key.token({ aud: 'elsewhere' }))).toBeNull();
    expect(await sut.verify(await key.token({ exp: 1_700_000_050 }))).toBeNull();
    expect(await sut.verify('not.a.token')).toBeNull();
  });

  it('refetches on an unknown key id (a rotation), at most every 10 s', async () => {
    const old = await signingKey('k1');
    const rotated = await signingKey('k2');
    published = [old.jwk];
    expect(await sut.verify(await old.token())).not.toBeNull();
    published = [rotated.jwk];
    now += 10_000;
    expect(await sut.verify(await rotated.token())).not.toBeNull();
    expect(fetches).toBe(2);

    const forged = await signingKey('k3');
    expect(await sut.verify(await forged.token())).toBeNull();
    expect(await sut.verify(await forged.token())).toBeNull();
    expect(fetches).toBe(2);
  });
});
