import { z } from 'zod';

import { envPort, natsEnv, redisEnv, serviceEnv } from '@exchange/shared-util-config';

/** The gateway service's environment; see README.md for the table. */
export const gatewayConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(8080),
  ...natsEnv,
  ...redisEnv,
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
