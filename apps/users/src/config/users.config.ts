import { z } from 'zod';

import { envPort, natsEnv, postgresEnv, serviceEnv } from '@exchange/shared-util-config';

/** The users service's environment; see README.md for the table. */
export const usersConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(3001),
  ...natsEnv,
  ...postgresEnv('exchange_users'),
});

export type UsersConfig = z.infer<typeof usersConfigSchema>;
