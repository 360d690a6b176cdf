import { type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

import { UsersSchema1764090000000 } from './migrations/1764090000000-users-schema';
import { LoginThrottleToRedis1764100000000 } from './migrations/1764100000000-login-throttle-to-redis';

/** The users service's schema migrations, applied in this order (each class name ends with its timestamp). */
export const MIGRATIONS: PostgresModuleOptions['migrations'] = [
  UsersSchema1764090000000,
  LoginThrottleToRedis1764100000000,
];
