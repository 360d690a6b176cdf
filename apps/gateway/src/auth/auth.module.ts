import { type DynamicModule, Module } from '@nestjs/common';

import { natsClientModule } from '@exchange/shared-data-access-nats';

import { ClockRepository } from '../general/clock.repository';
import { SERVICES_CLIENT, ServiceClientRepository } from '../services/service-client.repository';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyRepository } from './api-key.repository';
import { JwksRepository } from './jwks.repository';
import { SessionGuard } from './session.guard';
import { SignatureReplayRepository } from './signature-replay.repository';
import { SignedGuard } from './signed.guard';
import { TrustProxySetting } from './trust-proxy.setting';

/**
 * API-key signatures and session tokens for every feature module (global): `@Signed(...)`, `@Session()`,
 * `@Caller()`, `@SessionUser()`, and the NATS client to the services they and their handlers ask.
 */
@Module({})
export class AuthModule {
  static forRoot(natsUrl: string): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [natsClientModule(SERVICES_CLIENT, natsUrl)],
      providers: [
        ClockRepository,
        ServiceClientRepository,
        ApiKeyRepository,
        ApiKeyAuthenticator,
        JwksRepository,
        SignatureReplayRepository,
        SignedGuard,
        SessionGuard,
        TrustProxySetting,
      ],
      exports: [
        ClockRepository,
        ServiceClientRepository,
        ApiKeyRepository,
        ApiKeyAuthenticator,
        JwksRepository,
        SignatureReplayRepository,
        SignedGuard,
        SessionGuard,
      ],
    };
  }
}
