import { z } from 'zod';

import { envPort, natsEnv, postgresEnv, serviceEnv } from '@exchange/shared-util-config';

/** The wallet service's environment; see README.md for the table. */
export const walletConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(3002),
  ...natsEnv,
  ...postgresEnv('exchange_wallet'),
});

export type WalletConfig = z.infer<typeof walletConfigSchema>;
