import { z } from 'zod';

import { envPort, natsEnv, postgresEnv, redisEnv, serviceEnv } from '@exchange/shared-util-config';

/** The market-data service's environment; see README.md for the table. */
export const marketDataConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(3004),
  ...natsEnv,
  ...postgresEnv('exchange_market_data'),
  ...redisEnv,
});

export type MarketDataConfig = z.infer<typeof marketDataConfigSchema>;
