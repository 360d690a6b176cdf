import { z } from 'zod';

import { envPort, natsEnv, redisEnv, serviceEnv } from '@exchange/shared-util-config';

/** The gateway service's environment; see README.md for the table. */
export const gatewayConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(8080),
  /** Request weight a client IP may use per minute (Binance's default is 6000). */
  RATE_LIMIT_WEIGHT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  ...natsEnv,
  ...redisEnv,
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
