import { createHash } from 'node:crypto';

import { type Provider } from '@nestjs/common';

import { type Logger, LOGGER } from '@exchange/shared-util-logging';

import { PasswordHasher } from '../accounts/password-hasher';
import { PasswordPolicy } from '../accounts/password-policy';
import { SecretBox } from '../api-keys/secret-box';
import { type UsersConfig } from '../config/users.config';
import { TokenSigner } from '../sessions/token-signer';

/**
 * The key-encryption key: `SECRETS_KEK` (required in production, see the config schema). Development and tests
 * without one use a fixed, publicly known key and say so, so that sealed secrets survive a restart there.
 */
export function secretBoxFrom(config: UsersConfig, logger: Logger): SecretBox {
  const previous = config.SECRETS_KEK_PREVIOUS.map((key) => Buffer.from(key, 'base64'));
  if (config.SECRETS_KEK) return new SecretBox(Buffer.from(config.SECRETS_KEK, 'base64'), previous);
  logger.warn(
    'SECRETS_KEK is not set: sealing secrets with the well-known development key (never in production)',
  );
  return new SecretBox(createHash('sha256').update('exchange-users-development-kek').digest(), previous);
}

/** Ed25519 signing key from `JWT_PRIVATE_KEY`; without one (development, tests) an ephemeral pair, with a warning. */
export async function tokenSignerFrom(config: UsersConfig, logger: Logger): Promise<TokenSigner> {
  if (!config.JWT_PRIVATE_KEY)
    logger.warn('JWT_PRIVATE_KEY is not set: signing access tokens with an ephemeral key (development only)');
  return TokenSigner.create(config.JWT_PRIVATE_KEY, {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
}

export function cryptoProviders(config: UsersConfig): Provider[] {
  return [
    { provide: PasswordPolicy, useFactory: () => PasswordPolicy.fromBundledList() },
    {
      provide: PasswordHasher,
      useValue: new PasswordHasher({
        memoryCost: config.ARGON2_MEMORY_KIB,
        timeCost: config.ARGON2_TIME_COST,
        parallelism: config.ARGON2_PARALLELISM,
      }),
    },
    { provide: SecretBox, useFactory: (logger: Logger) => secretBoxFrom(config, logger), inject: [LOGGER] },
    {
      provide: TokenSigner,
      useFactory: (logger: Logger) => tokenSignerFrom(config, logger),
      inject: [LOGGER],
    },
  ];
}
