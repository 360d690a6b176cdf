import { z } from 'zod';

import { walletAssetCodeSchema, walletDecimalSchema } from '@exchange/shared-contracts';

/** `POST /api/v1/deposits/simulate` (demo): how much of which asset the simulated chain sends the caller. */
export const simulateDepositBodySchema = z.strictObject({
  asset: walletAssetCodeSchema,
  amount: walletDecimalSchema,
});
