import { loadConfig } from '@exchange/shared-util-config';

import { usersConfigSchema } from './users.config';

describe('usersConfigSchema', () => {
  it('defaults to strong argon2id costs and a 15-minute access token', () => {
    const sut = loadConfig(usersConfigSchema, {});
    expect(sut).toMatchObject({
      ARGON2_MEMORY_KIB: 65_536,
      ARGON2_TIME_COST: 3,
      ARGON2_PARALLELISM: 4,
      ACCESS_TOKEN_TTL_SECONDS: 900,
    });
  });

  it('requires the signing key and the key-encryption key in production', () => {
    expect(() => loadConfig(usersConfigSchema, { NODE_ENV: 'production' })).toThrow(
      /JWT_PRIVATE_KEY.*SECRETS_KEK|SECRETS_KEK.*JWT_PRIVATE_KEY/s,
    );
    expect(() =>
      loadConfig(usersConfigSchema, {
        NODE_ENV: 'production',
        JWT_PRIVATE_KEY: 'pem',
        SECRETS_KEK: Buffer.alloc(32, 7).toString('base64'),
      }),
    ).not.toThrow();
  });

  it('refuses access tokens longer than 15 minutes and a KEK of the wrong size', () => {
    expect(() => loadConfig(usersConfigSchema, { ACCESS_TOKEN_TTL_SECONDS: '901' })).toThrow(
      /ACCESS_TOKEN_TTL_SECONDS/,
    );
    expect(() => loadConfig(usersConfigSchema, { SECRETS_KEK: 'c2hvcnQ=' })).toThrow(/SECRETS_KEK/);
    expect(() =>
      loadConfig(usersConfigSchema, {
        SECRETS_KEK_PREVIOUS: `${Buffer.alloc(32).toString('base64')},c2hvcnQ=`,
      }),
    ).toThrow(/SECRETS_KEK_PREVIOUS/);
    expect(loadConfig(usersConfigSchema, { SECRETS_KEK_PREVIOUS: '' }).SECRETS_KEK_PREVIOUS).toEqual([]);
  });
});
