import { type DynamicModule, Module } from '@nestjs/common';

import { PostgresModule } from '@exchange/shared-data-access-postgres';

import { AccountsService } from './accounts/accounts.service';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditLogService } from './audit/audit-log.service';
import { type UsersConfig } from './config/users.config';
import { cryptoProviders } from './crypto/crypto.providers';
import { USERS_ENTITIES } from './entities';
import { MfaService } from './mfa/mfa.service';
import { ApiKeyCacheRepository } from './repositories/api-key-cache.repository';
import { ApiKeysRepository } from './repositories/api-keys.repository';
import { AuditLogRepository } from './repositories/audit-log.repository';
import { ClockRepository } from './repositories/clock.repository';
import { LoginThrottleRepository } from './repositories/login-throttle.repository';
import { SessionsRepository } from './repositories/sessions.repository';
import { TransactionsRepository } from './repositories/transactions.repository';
import { UsersRepository } from './repositories/users.repository';
import { usersRpcController } from './rpc/users-rpc.controller';
import { UsersRpcExceptionFilter } from './rpc/users-rpc-exception.filter';
import { SessionsService } from './sessions/sessions.service';

/** Accounts, sessions, MFA, API keys and the audit log, answered over NATS request/reply. */
@Module({})
export class UsersModule {
  static forRoot(config: UsersConfig): DynamicModule {
    return {
      module: UsersModule,
      imports: [PostgresModule.forFeature(USERS_ENTITIES)],
      controllers: [usersRpcController(config.NATS_STREAM_PREFIX)],
      providers: [
        ...cryptoProviders(config),
        ClockRepository,
        TransactionsRepository,
        UsersRepository,
        SessionsRepository,
        ApiKeysRepository,
        ApiKeyCacheRepository,
        AuditLogRepository,
        LoginThrottleRepository,
        AccountsService,
        SessionsService,
        MfaService,
        ApiKeysService,
        AuditLogService,
        UsersRpcExceptionFilter,
      ],
    };
  }
}
