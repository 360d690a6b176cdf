import { z } from 'zod';

import { envPort, natsEnv, postgresEnv, serviceEnv } from '@exchange/shared-util-config';

/** The matching service's environment; see README.md for the table. */
export const matchingConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(3003),
  ...natsEnv,
  ...postgresEnv('exchange_matching'),
});

export type MatchingConfig = z.infer<typeof matchingConfigSchema>;
