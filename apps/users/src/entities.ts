import { type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

import { ApiKeyEntity } from './entities/api-key.entity';
import { AuditLogEntity } from './entities/audit-log.entity';
import { RecoveryCodeEntity } from './entities/recovery-code.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';

export const USERS_ENTITIES = [
  UserEntity,
  SessionEntity,
  RefreshTokenEntity,
  RecoveryCodeEntity,
  ApiKeyEntity,
  AuditLogEntity,
];

/** The users service's TypeORM entities: the tables it owns and no other service reads. */
export const ENTITIES: PostgresModuleOptions['entities'] = USERS_ENTITIES;
